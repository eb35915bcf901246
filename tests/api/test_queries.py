"""The JSON API reads kept counts: a fixed number of queries per request, however many
petitions, signatures or areas, and never a row of the signatures table."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from doorstep.campaigns.models import Reply
from doorstep.core.memo import local_copies_clear
from tests.factories import PetitionFactory, sign

pytestmark = pytest.mark.django_db

# Measured with CaptureQueriesContext (see each test); a change that adds a query per row fails here.
LIST_QUERIES = 4  # count the petitions, the page, their kept totals, their replies
DETAIL_QUERIES = 18  # the petition, reply, total, paper tally, hand-in, 6 breakdowns (+ names for 4),
# closing-date changes, and the evidence (its series, its facts)
COUNT_QUERIES = 3  # the petition, reply, total
CONSTITUENCIES_QUERIES = 1


def replied(petition):
    Reply.objects.create(
        petition=petition, responder="the council", responded_on="2026-01-02", summary="s", details="d"
    )


def test_the_list_takes_the_same_queries_for_one_petition_or_a_full_page(client, places, django_assert_num_queries):
    first = PetitionFactory()
    sign(first, postcode="RM10 1AA")
    replied(first)
    with django_assert_num_queries(LIST_QUERIES):
        assert len(client.get("/petitions.json?state=open").json()["data"]) == 1
    for petition in [PetitionFactory() for _ in range(60)]:
        sign(petition, postcode="RM7 1AA")
        replied(petition)
    local_copies_clear()  # later: the copies of public pages kept a few seconds (core.pages) are out of date
    with django_assert_num_queries(LIST_QUERIES):
        assert len(client.get("/petitions.json?state=open").json()["data"]) == 50
    with django_assert_num_queries(LIST_QUERIES):
        assert len(client.get("/petitions.json?state=with_response&page=2").json()["data"]) == 11


def test_the_petition_takes_the_same_queries_however_many_signatures(
    client, petition, places, django_assert_num_queries
):
    sign(petition, postcode="RM10 1AA")
    with django_assert_num_queries(DETAIL_QUERIES):
        client.get(f"/petitions/{petition.pk}.json")
    for postcode in ("RM10 1AA", "RM7 1AA", "RM7 1AA", ""):
        sign(petition, postcode=postcode, **({"country": "FR"} if not postcode else {}))
    replied(petition)
    local_copies_clear()  # later: the copies of public pages kept a few seconds (core.pages) are out of date
    with django_assert_num_queries(DETAIL_QUERIES):
        attributes = client.get(f"/petitions/{petition.pk}.json").json()["data"]["attributes"]
    assert attributes["signature_count"] == 5
    assert len(attributes["signatures_by_constituency"]) == 2


def test_count_and_constituencies(client, petition, django_assert_num_queries):
    sign(petition)
    with django_assert_num_queries(COUNT_QUERIES):
        assert client.get(f"/petitions/{petition.pk}/count.json").json()["signature_count"] == 1
    with django_assert_num_queries(CONSTITUENCIES_QUERIES):
        assert len(client.get("/constituencies.json").json()) == 650


def test_no_request_reads_a_signature(client, petition, places):
    for postcode in ("RM10 1AA", "RM7 1AA"):
        sign(petition, postcode=postcode)
    with CaptureQueriesContext(connection) as queries:
        for address in ("/petitions.json", f"/petitions/{petition.pk}.json", f"/petitions/{petition.pk}/count.json"):
            assert client.get(address).status_code == 200
    assert queries.captured_queries
    assert not any("signatures_signature" in query["sql"] for query in queries.captured_queries)
