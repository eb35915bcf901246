"""The OpenAPI description equals the responses: every endpoint's documents, in each of their
variants, validate against it, and it allows no key they do not have (so neither can drift)."""

from datetime import date, timedelta

import pytest
from jsonschema import Draft202012Validator, ValidationError

from doorstep.api.openapi import OPENAPI
from doorstep.campaigns.models import Reply
from doorstep.petitions.models import Petition
from doorstep.petitions.services import petition_change_closing_date
from doorstep.places.models import Area
from tests.factories import PetitionFactory, sign

pytestmark = pytest.mark.django_db


def validate(path: str, status: int, document) -> None:
    """Check a response body against the schema the description gives for that path and status."""
    answer = OPENAPI["paths"][path]["get"]["responses"][str(status)]
    schema = answer["content"]["application/json"]["schema"]
    # The $refs point into the description's components: validate within the whole document.
    Draft202012Validator({**schema, "components": OPENAPI["components"]}).validate(document)


@pytest.fixture
def full(places, organiser):
    """Petitions with every kind of thing a document can hold."""
    busy = PetitionFactory()
    for postcode in ("RM10 1AA", "RM7 1AA", ""):
        sign(busy, postcode=postcode, **({"country": "FR"} if not postcode else {}))
    Area.objects.filter(code="E14001189").update(mp="Jane Smith MP", party="Labour")
    Reply.objects.create(
        petition=busy, responder="the council", responded_on=date(2026, 1, 2), summary="s", details="d", summary_cy="c"
    )
    petition_change_closing_date(
        petition=busy, actor=organiser, closing_date=busy.closing_date + timedelta(days=7), reason="More time"
    )
    # In Welsh too: the `_cy` texts are strings here, null on the busy one.
    quiet = PetitionFactory(
        state=Petition.State.HANDED_IN, action_cy="Cadwch yr orsaf ar agor", background_cy="Cefndir"
    )
    return busy, quiet


def test_the_description_is_valid_json_schema():
    for schema in OPENAPI["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)


def test_every_endpoint_answers_as_described(client, full):
    busy, quiet = full
    seen = set()

    def check(path: str, address: str, status: int = 200) -> None:
        response = client.get(address)
        assert response.status_code == status, address
        validate(path, status, response.json())
        seen.add(path)

    for state in ("all", "open", "closed", "with_response", "awaiting_response", "debated"):
        check("/petitions.json", f"/petitions.json?state={state}")
    check("/petitions.json", "/petitions.json?page=9")
    for petition in (busy, quiet):
        check("/petitions/{id}.json", f"/petitions/{petition.pk}.json")
        check("/petitions/{id}/count.json", f"/petitions/{petition.pk}/count.json")
    check("/petitions/{id}.json", "/petitions/424242.json", 404)
    check("/petitions/{id}/count.json", "/petitions/424242/count.json", 404)
    check("/constituencies.json", "/constituencies.json")
    check("/api/openapi.json", "/api/openapi.json")
    assert seen == set(OPENAPI["paths"])


def test_a_drifted_document_would_fail(client, full):
    busy, _quiet = full
    document = client.get(f"/petitions/{busy.pk}.json").json()
    document["data"]["attributes"]["surprise"] = 1
    with pytest.raises(ValidationError, match="surprise"):
        validate("/petitions/{id}.json", 200, document)
    del document["data"]["attributes"]["surprise"]
    del document["data"]["attributes"]["signature_count"]
    with pytest.raises(ValidationError, match="signature_count"):
        validate("/petitions/{id}.json", 200, document)


def test_every_documented_status_is_answered(client, full):
    first = client.get("/petitions.json")
    assert client.get("/petitions.json", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get("/petitions.json?state=nonsense").status_code == 302
    documented = {path: set(operation["get"]["responses"]) for path, operation in OPENAPI["paths"].items()}
    assert documented["/petitions.json"] == {"200", "302", "304"}
    assert documented["/petitions/{id}.json"] == documented["/petitions/{id}/count.json"] == {"200", "304", "404"}
