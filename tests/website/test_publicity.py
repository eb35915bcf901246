"""A petition beyond its page: link previews and their picture, the widget other sites frame,
the image badge, the short link, and the poster and leaflet (their QR code read back)."""

import io
import shutil
import subprocess
from xml.etree import ElementTree

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from doorstep.petitions.models import Petition
from doorstep.petitions.sharing import petition_badge_code, petition_embed_code
from doorstep.website import publicity
from tests.factories import DraftPetitionFactory, PetitionFactory, sign
from tests.organiser_helpers import organiser_set

pytestmark = pytest.mark.django_db

needs_poppler = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs pdftoppm (poppler-utils)")


def test_the_short_link_leads_to_the_petition(client, petition):
    response = client.get(f"/p/{petition.pk}")
    assert (response.status_code, response["Location"]) == (301, f"/petitions/{petition.pk}")
    assert client.get(f"/p/{DraftPetitionFactory().pk}").status_code == 404
    assert client.get("/p/424242").status_code == 404


def test_the_page_has_link_preview_tags(client, petition, settings):
    settings.SITE_URL = "https://petitions.example.org"
    sign(petition)
    page = client.get(f"/petitions/{petition.pk}").content.decode()
    image = f"https://petitions.example.org/petitions/{petition.pk}/share.png"
    assert f'<meta property="og:title" content="{petition.action}">' in page
    assert f'<meta property="og:image" content="{image}">' in page
    assert f'<meta name="twitter:image" content="{image}">' in page
    assert '<meta name="twitter:card" content="summary_large_image">' in page
    assert '<meta property="og:description" content="The front counter is due to close.">' in page
    assert f"{petition.action}: 1 signature so far" in page
    assert f'<link rel="canonical" href="https://petitions.example.org/petitions/{petition.pk}">' in page


def progress_filled(image: Image.Image) -> float:
    """The share of the progress bar (at y = 520) drawn green."""
    row = [image.getpixel((x, 520)) for x in range(62, image.width - 62)]
    return sum(1 for pixel in row if pixel == (0, 112, 60)) / len(row)


def test_the_share_image_shows_the_count_and_is_drawn_once_a_while(client, monkeypatch):
    petition = PetitionFactory(target=4)
    sign(petition)
    drawn = []
    monkeypatch.setattr(publicity, "share_image_png", lambda card: drawn.append(card) or b"png")
    assert client.get(f"/petitions/{petition.pk}/share.png").content == b"png"
    sign(petition)
    assert client.get(f"/petitions/{petition.pk}/share.png").content == b"png"
    assert [card.count for card in drawn] == [1]  # the second within CACHE_SECONDS: not drawn again
    monkeypatch.undo()
    petition.save()  # a change to the petition draws it again, with the count now
    response = client.get(f"/petitions/{petition.pk}/share.png")
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == f"public, max-age={publicity.CACHE_SECONDS}"
    image = Image.open(io.BytesIO(response.content)).convert("RGB")
    assert image.size == (1200, 630)
    assert progress_filled(image) == pytest.approx(0.5, abs=0.01)  # 2 of a target of 4


def test_the_embed_is_the_one_page_other_sites_may_frame(client, petition):
    sign(petition)
    response = client.get(f"/petitions/{petition.pk}/embed")
    assert response.status_code == 200
    assert "frame-ancestors *" in response["Content-Security-Policy"]
    assert "X-Frame-Options" not in response
    page = response.content.decode()
    assert "<strong>1</strong> signature of a target of 5,000" in page
    assert f'href="http://127.0.0.1:8000/petitions/{petition.pk}/sign" target="_blank"' in page
    other = client.get(f"/petitions/{petition.pk}")
    assert other["X-Frame-Options"] == "DENY" and "frame-ancestors 'none'" in other["Content-Security-Policy"]


def test_the_embed_of_a_closed_petition_offers_no_signing(client):
    page = client.get(f"/petitions/{PetitionFactory(state=Petition.State.CLOSED).pk}/embed").content.decode()
    assert "not taking signatures" in page and "/sign" not in page


def test_the_badge_is_an_image_with_the_count(client, petition):
    for _ in range(3):
        sign(petition)
    response = client.get(f"/petitions/{petition.pk}/badge.svg")
    assert response["Content-Type"] == "image/svg+xml"
    svg = ElementTree.fromstring(response.content)  # noqa: S314 (our own response)
    texts = [element.text for element in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert texts == ["Sign the petition", "3 signatures"]
    assert svg.find("{http://www.w3.org/2000/svg}script") is None


def test_the_staff_page_gives_the_code_to_paste(staff_client, petition):
    page = staff_client.get(f"/staff/petitions/{petition.pk}").content.decode()
    assert "&lt;iframe src=&quot;http://127.0.0.1:8000/petitions/" in page
    assert 'id="short-link">http://127.0.0.1:8000/p/' in page
    embed = petition_embed_code(petition=petition)
    assert embed.startswith(f'<iframe src="http://127.0.0.1:8000/petitions/{petition.pk}/embed" title="Petition: ')
    assert 'alt="Sign the petition: ' in petition_badge_code(petition=petition)


def qr_codes(pdf: bytes, tmp_path) -> list[str]:
    (tmp_path / "print.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "100", "-png", str(tmp_path / "print.pdf"), str(tmp_path / "page")], check=True)  # noqa: S603, S607
    [image] = sorted(tmp_path.glob("page-*.png"))
    return [result.text for result in zxingcpp.read_barcodes(Image.open(image))]


@needs_poppler
@pytest.mark.parametrize(("kind", "width_mm"), [("poster", 210), ("leaflet", 148)])
def test_the_poster_and_leaflet_lead_to_the_sign_page(client, petition, settings, tmp_path, kind, width_mm):
    settings.SITE_URL = "https://petitions.example.org"
    organiser_set(settings)
    sign(petition)
    response = client.get(f"/petitions/{petition.pk}/{kind}.pdf")
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    assert round(float(reader.pages[0].mediabox.width) / 72 * 25.4) == width_mm
    text = " ".join(reader.pages[0].extract_text().split())
    assert petition.action in text and "1 person has signed so far" in text
    assert f"petitions.example.org/p/{petition.pk}" in text
    assert "call 020 8984 7854" in text and "Jon Cruddas MP" in text
    assert qr_codes(response.content, tmp_path) == [f"https://petitions.example.org/petitions/{petition.pk}/sign"]


def test_no_poster_for_a_petition_not_taking_signatures(client):
    closed = PetitionFactory(state=Petition.State.CLOSED)
    assert client.get(f"/petitions/{closed.pk}/poster.pdf").status_code == 404
    assert client.get(f"/petitions/{DraftPetitionFactory().pk}/leaflet.pdf").status_code == 404
