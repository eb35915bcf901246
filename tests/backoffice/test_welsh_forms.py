"""Staff write a petition in English, in Welsh or in both, and choose bilingual paper sheets."""

import pytest

from doorstep.petitions.models import Petition
from tests.backoffice.test_views import petition_form
from tests.factories import PetitionFactory

pytestmark = pytest.mark.django_db


def test_the_form_offers_each_text_in_welsh(staff_client):
    page = staff_client.get("/staff/petitions/new").content.decode()
    for name in ("action_cy", "background_cy", "additional_details_cy"):
        assert f'name="{name}"' in page
    assert 'id="id_action_cy" name="action_cy" type="text"' in page and 'lang="cy"' in page
    assert 'name="bilingual_sheets" type="checkbox"' in page


def test_a_petition_in_welsh_only(staff_client):
    data = petition_form(action="", background="", action_cy="Achubwch y bont", background_cy="Mae'r bont yn cau.")
    assert staff_client.post("/staff/petitions/new", data).status_code == 302
    petition = Petition.objects.get()
    assert (petition.action, petition.action_cy) == ("", "Achubwch y bont")
    assert str(petition) == "Achubwch y bont"


def test_a_petition_in_both_with_bilingual_sheets(staff_client):
    data = petition_form(action_cy="Cadwch yr orsaf ar agor", background_cy="Mae'n cau.", bilingual_sheets="on")
    assert staff_client.post("/staff/petitions/new", data).status_code == 302
    petition = Petition.objects.get()
    assert petition.bilingual_sheets and petition.action_cy == "Cadwch yr orsaf ar agor"


def test_a_text_missing_in_both_languages_is_refused(staff_client):
    response = staff_client.post("/staff/petitions/new", petition_form(background="", background_cy=" "))
    assert "Give the background, in English, in Welsh or in both" in response.content.decode()
    assert not Petition.objects.exists()


def test_editing_records_the_welsh_texts_in_the_history(staff_client, petition):
    data = petition_form(
        action=petition.action, action_cy="Cadwch yr orsaf ar agor", closing_date=petition.closing_date
    )
    assert staff_client.post(f"/staff/petitions/{petition.pk}/edit", data).status_code == 302
    assert "what the petition asks for, in Welsh" in petition.events.get(kind="edited").description


def test_staff_pages_name_a_welsh_only_petition_by_its_welsh(staff_client):
    petition = PetitionFactory(action="", background="", action_cy="Achubwch y bont", background_cy="Cefndir.")
    assert "Achubwch y bont" in staff_client.get("/staff/").content.decode()
    detail = staff_client.get(f"/staff/petitions/{petition.pk}").content.decode()
    assert '<h1 class="govuk-heading-l">Achubwch y bont</h1>' in detail
    assert "Achubwch y bont" in staff_client.get(f"/staff/petitions/{petition.pk}/paper").content.decode()
