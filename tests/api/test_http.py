"""Conditional requests, HEAD, CORS and 404s on the API's paths."""

import pytest
from django.core.cache import cache
from django.utils.http import parse_http_date

from doorstep.core.memo import local_copies_clear
from tests.factories import PetitionFactory, sign

pytestmark = pytest.mark.django_db

ORIGIN = {"HTTP_ORIGIN": "https://tools.example"}


@pytest.fixture
def addresses(petition):
    return [
        "/petitions.json",
        "/petitions.json?state=open",
        f"/petitions/{petition.pk}.json",
        f"/petitions/{petition.pk}/count.json",
        "/constituencies.json",
        "/api/openapi.json",
    ]


def test_every_document_has_validators_and_answers_304(client, addresses):
    for address in addresses:
        response = client.get(address)
        assert response.status_code == 200, address
        assert response["ETag"].startswith('"') and response["Last-Modified"].endswith("GMT"), address
        assert response["Cache-Control"] == "public, max-age=10"
        again = client.get(address, HTTP_IF_NONE_MATCH=response["ETag"])
        assert (again.status_code, again.content) == (304, b""), address
        assert again["ETag"] == response["ETag"]
        since = client.get(address, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
        assert since.status_code == 304, address


def test_a_new_signature_changes_both_validators(client, petition):
    address = f"/petitions/{petition.pk}/count.json"
    first = client.get(address)
    sign(petition)
    local_copies_clear()  # later: the copies of public pages kept a few seconds (core.pages) are out of date
    changed = client.get(address, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed.json()["signature_count"] == 1
    assert changed["ETag"] != first["ETag"]
    # Even within the same second, a client holding the old document is not told it is current.
    assert changed["Last-Modified"] != first["Last-Modified"]
    assert client.get(address, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 200


def test_a_forgotten_first_serving_only_makes_last_modified_later(client, petition):
    address = f"/petitions/{petition.pk}.json"
    first = client.get(address)
    cache.clear()
    again = client.get(address)
    assert parse_http_date(again["Last-Modified"]) >= parse_http_date(first["Last-Modified"])
    assert again["ETag"] == first["ETag"]
    assert client.get(address, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_head_is_answered_without_a_body(client, addresses):
    for address in addresses:
        get, head = client.get(address), client.head(address)
        assert head.status_code == 200, address
        assert head.content == b""
        assert head["ETag"] == get["ETag"] and head["Content-Type"] == "application/json"


def test_only_reading_is_allowed(client, petition):
    assert client.post(f"/petitions/{petition.pk}.json").status_code == 405
    assert client.delete("/petitions.json").status_code == 405


def test_any_site_may_read_and_the_404s_say_so_too(client, petition):
    assert client.get(f"/petitions/{petition.pk}.json", **ORIGIN)["Access-Control-Allow-Origin"] == "*"
    assert client.get("/constituencies.json", **ORIGIN)["Access-Control-Allow-Origin"] == "*"
    for address in (
        "/petitions/424242.json",
        "/petitions/424242/count.json",
        "/petitions/99999999999999999999999.json",
        "/petitions/abc.json",
        "/petitions/1/signatures.json",
        "/api/nothing",
    ):
        response = client.get(address, **ORIGIN)
        assert response.status_code == 404, address
        assert response["Content-Type"] == "application/json"
        assert response.json()["errors"][0]["status"] == "404"
        assert response["Access-Control-Allow-Origin"] == "*", address


def test_pages_outside_the_api_are_not_shared(client, petition):
    assert "Access-Control-Allow-Origin" not in client.get(f"/petitions/{petition.pk}", **ORIGIN)
    missing = client.get("/no-such-page", **ORIGIN)
    assert missing.status_code == 404
    assert "Access-Control-Allow-Origin" not in missing
    assert "application/json" not in missing["Content-Type"]


def test_drafts_are_404(client):
    draft = PetitionFactory(state="draft", opened_at=None)
    assert client.get(f"/petitions/{draft.pk}.json").status_code == 404
    assert client.get(f"/petitions/{draft.pk}/count.json").status_code == 404
