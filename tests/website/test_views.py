from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from doorstep.campaigns.services.milestones import milestones_set
from doorstep.core.memo import local_copies_clear
from doorstep.petitions.models import Petition
from doorstep.petitions.services import petition_change_closing_date
from doorstep.trust.services import switches_set
from tests.factories import (
    DAGENHAM,
    ILFORD,
    DraftPetitionFactory,
    PetitionFactory,
    campaign_news,
    hex_map,
    postcode_directory,
    sign,
)

pytestmark = pytest.mark.django_db


def test_petition_page_shows_the_count_and_progress(client, petition):
    for _ in range(3):
        sign(petition)
    content = client.get(f"/petitions/{petition.pk}").content.decode()
    assert petition.action in content
    assert "to the Home Office" in content
    assert "launched by the MP for Dagenham and Rainham" in content
    assert 'id="signature-count">3<' in content
    assert 'id="online-count">3<' in content and 'id="paper-count">0<' in content
    assert "target of 5,000" in content
    assert "Sign this petition" in content
    assert "29 days left" in content or "30 days left" in content
    assert "wa.me" in content and "mailto:" in content


def test_page_does_not_count_signatures(client, petition):
    sign(petition)
    with CaptureQueriesContext(connection) as queries:
        client.get(f"/petitions/{petition.pk}")
    assert not any("signatures_signature" in q["sql"] for q in queries.captured_queries)


def test_extended_petition_says_now_running_until(client, petition, organiser):
    new = timezone.localdate() + timedelta(days=45)
    petition_change_closing_date(petition=petition, actor=organiser, closing_date=new, reason="More time")
    content = client.get(f"/petitions/{petition.pk}").content.decode()
    assert f"Now running until {new.day} {new:%B}" in content


def test_closed_petition_page(client):
    petition = PetitionFactory(state=Petition.State.CLOSED)
    content = client.get(f"/petitions/{petition.pk}").content.decode()
    assert "This petition is closed" in content
    assert "Sign this petition" not in content


def test_drafts_are_hidden(client):
    draft = DraftPetitionFactory()
    assert client.get(f"/petitions/{draft.pk}").status_code == 404
    assert draft.action not in client.get("/petitions?state=all").content.decode()


def test_list_pages(client):
    open_petition = PetitionFactory()
    closed = PetitionFactory(state=Petition.State.CLOSED)
    assert open_petition.action in client.get("/").content.decode()
    open_list = client.get("/petitions?state=open").content.decode()
    assert open_petition.action in open_list and closed.action not in open_list
    closed_list = client.get("/petitions?state=closed").content.decode()
    assert closed.action in closed_list and open_petition.action not in closed_list
    assert client.get("/petitions?state=nonsense&page=zz").status_code == 200


def test_privacy_notice(client):
    assert b"Privacy notice" in client.get("/privacy").content


def test_unknown_petition(client):
    assert client.get("/petitions/424242").status_code == 404


def test_where_signers_come_from(client):
    postcode_directory({"RM10 7XX": DAGENHAM, "IG1 2AA": ILFORD})
    petition = PetitionFactory(home_area_kind="constituency", home_area_code="E14001190")
    for postcode in ("RM10 7XX", "RM10 7XX", "RM10 7XX", "IG1 2AA"):
        sign(petition, postcode=postcode)
    content = client.get(f"/petitions/{petition.pk}").content.decode()
    assert "<strong>75%</strong> of signers (3) are from Dagenham and Rainham" in content
    assert "Ilford South: 1" in content


def test_petition_page_map(client, tmp_path):
    hex_map(tmp_path)
    postcode_directory({"RM10 7XX": DAGENHAM})
    petition = PetitionFactory()
    assert "doorstep-map" not in client.get(f"/petitions/{petition.pk}").content.decode()  # nothing to shade yet
    sign(petition, postcode="RM10 7XX")
    local_copies_clear()  # later: the copies of public pages kept a few seconds (core.pages) are out of date
    assert "<title>Dagenham: 1</title>" in client.get(f"/petitions/{petition.pk}").content.decode()
    page = client.get(f"/petitions/{petition.pk}").content.decode()
    # Closed until maps/map.js opens it on a wide screen: on a phone the count comes first.
    assert '<details class="govuk-details" data-doorstep-map-details>' in page


def busy_petition(organiser, tmp_path, size):
    """A petition with `size` of everything its public page lists: signers from several
    areas and abroad, updates, replies and reached milestones, and a map to shade."""
    hex_map(tmp_path)
    postcode_directory({"RM10 7XX": DAGENHAM, "IG1 2AA": ILFORD})
    petition = PetitionFactory(home_area_kind="constituency", home_area_code="E14001190", target=2)
    milestones_set(petition=petition, actor=organiser, counts=[1, 2])
    for number in range(size):
        sign(petition, postcode="RM10 7XX" if number % 2 else "IG1 2AA")
        sign(petition, postcode="", country="FR")
        campaign_news(petition, organiser, number)
    return petition


@pytest.mark.parametrize("size", [1, 5])
def test_petition_page_queries(client, organiser, tmp_path, size, django_assert_max_num_queries):
    """The petition and its counts; where signers come from (top areas and their names, and
    the organiser's own area: its share of the total and its name); the map (its layer and
    tallies); the paper tally; the hand-in, consultation, milestones, replies and updates;
    the evidence (its series and its facts); whether signing is paused: the same nineteen queries
    however many of each there are."""
    petition = busy_petition(organiser, tmp_path, size)
    with django_assert_max_num_queries(19):
        page = client.get(f"/petitions/{petition.pk}").content.decode()
    assert page.count("Update ") >= size and page.count("Minister ") >= size and "doorstep-map" in page


@pytest.mark.parametrize("size", [1, 25])
def test_petition_list_queries(client, size, django_assert_max_num_queries):
    """How many petitions there are, a page of them, and their counts: three queries for any page."""
    for _ in range(size):
        sign(PetitionFactory())
    with django_assert_max_num_queries(3):
        page = client.get("/petitions").content.decode()
    assert page.count("1 signature ·") == min(size, 20)


def test_the_petition_search_keeps_petitions_with_every_word(client):
    police = PetitionFactory(action="Keep our police station open")
    library = PetitionFactory(action="Save Rainham library", background="The library is due to close.")
    closed_library = PetitionFactory(action="Library hours", state=Petition.State.CLOSED)
    content = client.get("/petitions", {"q": "  LIBRARY  ", "state": "all"}).content.decode()
    assert library.action in content and closed_library.action in content
    assert police.action not in content
    # The tabs and the box keep the search.
    assert 'href="?state=open&amp;q=LIBRARY"' in content
    assert 'value="LIBRARY"' in content
    content = client.get("/petitions", {"q": "rainham close"}).content.decode()
    assert library.action in content and closed_library.action not in content
    content = client.get("/petitions", {"q": "allotments"}).content.decode()
    assert "No petitions match “allotments”." in content
    # A NUL (which PostgreSQL refuses in a query) is dropped, not a 500.
    content = client.get("/petitions", {"q": "libr\x00ary"}).content.decode()
    assert library.action in content


def test_a_back_link_sits_inside_the_main_landmark(client, petition):
    content = client.get(f"/petitions/{petition.pk}/sign").content.decode()
    assert content.index('<main class="govuk-main-wrapper"') < content.index('class="govuk-back-link"')
    assert content.index('class="govuk-back-link"') < content.index("</main>")


def test_with_signing_paused_the_page_does_not_offer_to_sign(client, petition):
    switches_set(actor=None, signing_stopped=True)
    page = client.get(f"/petitions/{petition.pk}").content.decode()
    assert "Sign this petition" not in page
    assert "Signing is paused for a short while" in page
    assert "Collect signatures on paper" not in page


def test_on_a_phone_the_count_and_the_button_come_before_the_text_and_the_map(client, petition):
    page = client.get(f"/petitions/{petition.pk}").content.decode()
    page = page[page.index("<main") :]  # the head's link preview repeats the background
    assert page.index("<h1") < page.index('id="signature-count"') < page.index("Sign this petition")
    assert page.index("Sign this petition") < page.index(petition.background)
