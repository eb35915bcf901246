"""A client written for petition.parliament.uk, in the way of unboxed/petition-map: list the open
petitions, read the constituencies (with their MPs), read a petition, and join the two by ONS code."""

import pytest

from doorstep.places.models import Area
from tests.factories import PetitionFactory, sign

pytestmark = pytest.mark.django_db


def test_a_petition_map_like_client(client, places):
    petition = PetitionFactory(action="Keep our police station open")
    for postcode in ("RM10 1AA", "RM10 1AA", "RM7 1AA"):
        sign(petition, postcode=postcode)
    PetitionFactory(state="closed")
    Area.objects.filter(code="E14001189").update(mp="Jane Smith MP", party="Labour")

    listed = client.get("/petitions.json?state=open").json()["data"]
    assert [(item["id"], item["attributes"]["action"]) for item in listed] == [(petition.pk, petition.action)]

    seats = client.get("/constituencies.json").json()
    assert len(seats) == 650
    assert all(seat["constituency"] and seat["ons_code"] == code for code, seat in seats.items())
    dagenham = seats["E14001189"]
    assert dagenham == {
        "mp": "Jane Smith MP",
        "party": "Labour",
        "constituency": "Dagenham and Rainham",
        "ons_code": "E14001189",
        "start_date": "2024-07-04",
        "end_date": None,
    }
    assert seats["E14001448"]["mp"] == "" and seats["E14001448"]["party"] == ""  # none recorded: empty, not null

    document = client.get(listed[0]["links"]["self"]).json()
    rows = document["data"]["attributes"]["signatures_by_constituency"]
    joined = {row["ons_code"]: (seats[row["ons_code"]]["constituency"], row["signature_count"]) for row in rows}
    assert joined == {"E14001189": ("Dagenham and Rainham", 2), "E14001448": ("Romford", 1)}
    assert all(isinstance(row["mp"], str) for row in rows)
    assert {row["ons_code"]: row["mp"] for row in rows} == {"E14001189": "Jane Smith MP", "E14001448": ""}
