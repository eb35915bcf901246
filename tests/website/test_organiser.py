"""The site says whose petitions these are: the header, the home page, the logos."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import PetitionFactory
from tests.organiser_helpers import logo_png, organiser_set

pytestmark = pytest.mark.django_db


def test_the_home_page_says_whose_petitions_these_are(client, settings):
    settings.SITE_NAME = "Dagenham Petitions"
    organiser_set(settings)
    page = client.get("/").content.decode()
    assert "<title>Petitions from Jon Cruddas MP \u2013 Dagenham Petitions</title>" in page
    assert "These petitions are run by Jon Cruddas MP." in page
    assert 'href="tel:02089847854">020 8984 7854</a>' in page
    assert 'href="mailto:office@cruddas.example"' in page
    assert "Office of Jon Cruddas MP, Dagenham Civic Centre, Dagenham RM10 7BN" in page
    # The header: the organiser, then the site's name.
    assert 'class="govuk-header__logotype-text doorstep-logo">Jon Cruddas MP</span>' in page
    assert 'doorstep-service-name">Dagenham Petitions</span>' in page


def test_without_an_organiser_the_site_name_heads_the_pages(client):
    page = client.get("/").content.decode()
    assert "Petitions from Doorstep" in page
    assert 'doorstep-logo">Doorstep</span>' in page
    assert "doorstep-service-name" not in page and 'id="organiser-contact"' not in page
    assert "doorstep-header-logo" not in page


def test_a_petitions_pages_are_headed_by_its_own_organiser(client, settings):
    organiser_set(settings)
    petition = PetitionFactory(organiser_name="Councillor Sam Tarry")
    for path in (f"/petitions/{petition.pk}", f"/petitions/{petition.pk}/sign", f"/petitions/{petition.pk}/paper-pack"):
        assert 'doorstep-logo">Councillor Sam Tarry</span>' in client.get(path).content.decode(), path


def test_the_site_logo_is_served_and_shown(client, settings, tmp_path):
    logo = tmp_path / "logo.png"
    logo.write_bytes(logo_png())
    organiser_set(settings, organiser_logo=str(logo))
    assert '<img class="doorstep-header-logo" src="/organiser-logo" alt=""' in client.get("/").content.decode()
    response = client.get("/organiser-logo")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response.content == logo.read_bytes()
    assert "max-age=3600" in response["Cache-Control"]


def test_a_petitions_own_logo(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    petition = PetitionFactory(
        organiser_logo=SimpleUploadedFile("sam.jpg", logo_png(), content_type="image/jpeg"),
    )
    page = client.get(f"/petitions/{petition.pk}").content.decode()
    assert f'src="/petitions/{petition.pk}/logo"' in page
    response = client.get(f"/petitions/{petition.pk}/logo")
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"


def test_no_logo_is_a_404(client):
    assert client.get("/organiser-logo").status_code == 404
    assert client.get(f"/petitions/{PetitionFactory().pk}/logo").status_code == 404
    assert client.get("/petitions/987654/logo").status_code == 404
