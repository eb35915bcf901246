"""The public pages in Welsh: their own addresses under /cy/, the page's lang attribute, the
hreflang links and the "English | Cymraeg" switch; petitions, updates and replies in the
visitor's language, saying when a text is only in the other; signing in Welsh."""

import html
import re
from dataclasses import replace
from datetime import date

import pytest
from django.core import mail

from doorstep.campaigns.models import Reply, Update
from doorstep.signatures.models import Signature
from tests.factories import PetitionFactory

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "/petitions",
    "/petitions?state=closed",
    "/petitions/{id}",
    "/petitions/{id}/sign",
    "/petitions/{id}/sign/check-your-email",
    "/petitions/{id}/paper-pack",
    "/petitions/{id}/paper-pack/requested",
    "/privacy",
    "/your-data",
]


def text(client, path: str) -> str:
    """The page as a reader sees its characters (HTML entities such as &#x27; turned back)."""
    return html.unescape(client.get(path).content.decode())


def html_lang(page: str) -> str:
    return re.search(r'<html lang="([^"]+)"', page).group(1)


@pytest.fixture
def bilingual(db):
    return PetitionFactory(
        action="Keep the library open",
        action_cy="Cadwch y llyfrgell ar agor",
        background="The library is due to close.",
        background_cy="Mae'r llyfrgell i fod i gau.",
    )


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_public_page_has_a_welsh_address_and_says_so(client, bilingual, path):
    english_path = path.format(id=bilingual.pk)
    welsh_path = "/cy" + english_path
    english, welsh = client.get(english_path), client.get(welsh_path)
    assert (english.status_code, welsh.status_code) == (200, 200)
    english_page, welsh_page = english.content.decode(), welsh.content.decode()
    assert (html_lang(english_page), html_lang(welsh_page)) == ("en-gb", "cy")
    for page in (english_page, welsh_page):
        assert f'<link rel="alternate" hreflang="en-gb" href="http://testserver{english_path}">' in page
        assert f'<link rel="alternate" hreflang="cy" href="http://testserver{welsh_path}">' in page
        assert f'<link rel="alternate" hreflang="x-default" href="http://testserver{english_path}">' in page
    # The switch links to the other language (named in its own language) and marks the current one.
    assert f'href="{welsh_path}" hreflang="cy" lang="cy" rel="alternate">Cymraeg</a>' in english_page
    assert '<span aria-current="true">English</span>' in english_page
    assert f'href="{english_path}" hreflang="en-gb" lang="en-gb" rel="alternate">English</a>' in welsh_page
    assert '<span aria-current="true">Cymraeg</span>' in welsh_page
    assert "Neidio i'r prif gynnwys" in welsh_page  # the page itself is in Welsh


def test_links_on_a_welsh_page_stay_in_welsh(client, bilingual):
    listing = client.get("/cy/petitions").content.decode()
    assert f'href="/cy/petitions/{bilingual.pk}"' in listing
    page = text(client, f"/cy/petitions/{bilingual.pk}")
    assert f'href="/cy/petitions/{bilingual.pk}/sign"' in page
    assert 'href="/cy/privacy"' in page


def test_a_petition_in_the_visitors_language(client, bilingual):
    welsh = text(client, f"/cy/petitions/{bilingual.pk}")
    assert '<h1 class="govuk-heading-xl">Cadwch y llyfrgell ar agor</h1>' in welsh
    assert "Mae'r llyfrgell i fod i gau." in welsh and "Keep the library open" not in welsh
    assert 'id="other-language"' not in welsh
    english = text(client, f"/petitions/{bilingual.pk}")
    assert '<h1 class="govuk-heading-xl">Keep the library open</h1>' in english


def test_a_text_only_in_the_other_language_is_shown_and_marked(client, petition):
    welsh = text(client, f"/cy/petitions/{petition.pk}")
    assert f'<h1 class="govuk-heading-xl" lang="en-gb">{petition.action}</h1>' in welsh
    assert "Mae'r testun hwn ar gael yn Saesneg yn unig." in welsh
    welsh_only = PetitionFactory(action="", background="", action_cy="Achubwch y bont", background_cy="Cefndir.")
    english = text(client, f"/petitions/{welsh_only.pk}")
    assert '<h1 class="govuk-heading-xl" lang="cy">Achubwch y bont</h1>' in english
    assert "This text is only available in Welsh." in english
    assert "<title>Achubwch y bont" in english


def test_updates_and_replies_in_the_visitors_language(client, petition):
    Update.objects.create(petition=petition, title="We met the council", body="It went well.", title_cy="", body_cy="")
    Update.objects.create(petition=petition, title="", body="", title_cy="Cyfarfod arall", body_cy="Aeth yn dda.")
    Reply.objects.create(
        petition=petition,
        responder="Cyngor Sir",
        responded_on=date(2026, 1, 2),
        summary="We will think again.",
        details="In full.",
        summary_cy="Byddwn yn ailfeddwl.",
        details_cy="Yn llawn.",
    )
    welsh = text(client, f"/cy/petitions/{petition.pk}")
    assert "Byddwn yn ailfeddwl." in welsh and "We will think again." not in welsh
    assert '<h3 class="govuk-heading-s govuk-!-margin-bottom-1">Cyfarfod arall</h3>' in welsh
    assert '<h3 class="govuk-heading-s govuk-!-margin-bottom-1" lang="en-gb">We met the council</h3>' in welsh
    english = text(client, f"/petitions/{petition.pk}")
    assert "We will think again." in english
    assert '<h3 class="govuk-heading-s govuk-!-margin-bottom-1" lang="cy">Cyfarfod arall</h3>' in english
    assert "This text is only available in Welsh." in english


def test_signing_in_welsh_keeps_the_language_for_the_email(client, bilingual, on_commit):
    form = {"name": "Siân Jones", "email": "sian@example.com", "country": "GB", "postcode": "CF10 1AA"}
    with on_commit(execute=True):
        response = client.post(f"/cy/petitions/{bilingual.pk}/sign", form)
    assert response["Location"].startswith(f"/cy/petitions/{bilingual.pk}/sign/check-your-email?")
    assert "Gwiriwch eich e-bost" in text(client, response["Location"])
    signature = Signature.objects.get()
    assert signature.language == "cy"
    [email] = mail.outbox
    assert email.subject == "Cadarnhewch eich llofnod: Cadwch y llyfrgell ar agor"
    assert "Annwyl Siân Jones," in email.body
    link = re.search(r"https?://\S+/confirm/\S+", email.body).group(0)
    assert f"/cy/signatures/{signature.pk}/confirm/" in link
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    assert "Cadarnhau fy llofnod" in text(client, path)


def test_signing_in_english_keeps_english(client, bilingual, on_commit):
    form = {"name": "Jane Smith", "email": "jane@example.com", "country": "GB", "postcode": "RM10 7XX"}
    with on_commit(execute=True):
        client.post(f"/petitions/{bilingual.pk}/sign", form)
    assert Signature.objects.get().language == "en-gb"
    assert mail.outbox[0].subject == "Please confirm your signature: Keep the library open"
    assert "/cy/" not in mail.outbox[0].body


def test_form_errors_in_welsh(client, bilingual):
    page = html.unescape(client.post(f"/cy/petitions/{bilingual.pk}/sign", {"country": "GB"}).content.decode())
    assert "Mae problem" in page
    for error in ("Rhowch eich enw llawn", "Rhowch eich cyfeiriad e-bost", "Rhowch eich cod post"):
        assert f'<span class="govuk-visually-hidden">Gwall:</span> {error}' in page


def test_a_welsh_page_that_does_not_exist_is_a_404(client):
    assert client.get("/cy/no-such-page").status_code == 404


@pytest.mark.parametrize("path", ["/petitions/{id}", "/petitions/{id}/sign", "/petitions"])
def test_shared_copies_of_a_page_are_kept_apart_by_language(client, bilingual, settings, path):
    """A public page's copy (core.pages) in one language is never served for the other."""
    settings.DOORSTEP = replace(settings.DOORSTEP, page_cache_seconds=5)
    path = path.format(id=bilingual.pk)
    assert html_lang(text(client, path)) == "en-gb"
    assert html_lang(text(client, f"/cy{path}")) == "cy"
    assert html_lang(text(client, path)) == "en-gb"
    assert "Cadwch y llyfrgell ar agor" in text(client, f"/cy/petitions/{bilingual.pk}/sign")
