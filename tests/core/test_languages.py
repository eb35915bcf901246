"""English and Welsh: a text in the reader's language or, when staff wrote only the other,
that one and a note saying so; the language of staff pages, chosen with their switch."""

import pytest
from django.utils import translation

from doorstep.core.errors import ApplicationError
from doorstep.core.languages import Language, language_of, text_in, text_pair_required
from tests.factories import PetitionFactory


class Texts:
    def __init__(self, title: str = "", title_cy: str = "") -> None:
        self.title, self.title_cy = title, title_cy


def test_a_text_in_each_language():
    both = Texts("Keep it open", "Cadwch hi ar agor")
    assert (text_in(both, "title", "en-gb"), text_in(both, "title", "cy")) == ("Keep it open", "Cadwch hi ar agor")
    assert not text_in(both, "title", "cy").fallback and text_in(both, "title", "cy").note == ""
    with translation.override("cy"):
        assert text_in(both, "title") == "Cadwch hi ar agor"  # the active language by default


def test_a_text_only_in_the_other_language_says_so():
    english_only, welsh_only = Texts("Keep it open"), Texts(title_cy="Cadwch hi ar agor")
    welsh_reader = text_in(english_only, "title", "cy")
    assert (welsh_reader, welsh_reader.language, welsh_reader.fallback) == ("Keep it open", Language.ENGLISH, True)
    with translation.override("cy"):
        assert welsh_reader.note == "Mae'r testun hwn ar gael yn Saesneg yn unig."
    english_reader = text_in(welsh_only, "title", "en-gb")
    assert (english_reader.language, english_reader.note) == (Language.WELSH, "This text is only available in Welsh.")


def test_no_text_in_either_language_is_empty_without_a_note():
    nothing = text_in(Texts(), "title", "cy")
    assert (nothing, nothing.fallback, nothing.note) == ("", False, "")


def test_language_codes():
    assert [language_of(code) for code in ("cy", "CY", "cy-GB", "en-gb", "en", "", None, "fr")] == [
        Language.WELSH,
        Language.WELSH,
        Language.WELSH,
        *[Language.ENGLISH] * 5,
    ]


def test_a_text_pair_needs_one_language():
    assert text_pair_required(" Open ", "", field="title", message="Give a title") == ("Open", "")
    assert text_pair_required(None, " Ar agor ", field="title", message="Give a title") == ("", "Ar agor")
    with pytest.raises(ApplicationError, match="Give a title") as error:
        text_pair_required(" ", "", field="title", message="Give a title")
    assert error.value.field == "title"


@pytest.mark.django_db
def test_a_petition_reads_as_its_action_in_the_active_language():
    petition = PetitionFactory(action="Save the bridge", action_cy="Achubwch y bont")
    assert str(petition) == "Save the bridge"
    with translation.override("cy"):
        assert str(petition) == "Achubwch y bont"


@pytest.mark.django_db
def test_staff_pages_speak_the_language_chosen_with_their_switch(staff_client):
    assert 'lang="en-gb"' in staff_client.get("/staff/").content.decode()
    response = staff_client.post("/i18n/setlang/", {"language": "cy", "next": "/staff/"})
    assert response.status_code == 302 and response["Location"] == "/staff/"
    page = staff_client.get("/staff/").content.decode()
    assert '<html lang="cy"' in page and "Deisebau" in page
    # The switch on a staff page is a form (the page has one address), offering English back.
    assert 'name="language" value="en-gb"' in page
    # Public pages keep the language of their address.
    assert '<html lang="en-gb"' in staff_client.get("/").content.decode()


@pytest.mark.django_db
def test_pages_say_their_language_and_do_not_vary_by_the_browsers(client, petition):
    for path, language in ((f"/petitions/{petition.pk}", "en-gb"), (f"/cy/petitions/{petition.pk}", "cy")):
        response = client.get(path, headers={"accept-language": "cy, en;q=0.5"})
        assert response["Content-Language"] == language
        assert "accept-language" not in response.get("Vary", "").lower()
    # A Welsh browser gets English at an English address: the address decides, not the browser.
    assert 'lang="en-gb"' in client.get("/", headers={"accept-language": "cy"}).content.decode()
    assert "accept-language" not in client.get("/petitions.json").get("Vary", "").lower()
