"""The proof-of-work puzzle (self-hosted ALTCHA) staff switch on during an attack."""

import base64
import json

import altcha
import pytest
from django.urls import reverse
from django_altcha import get_altcha_challenge

from doorstep.signatures.models import Signature
from doorstep.trust.services import switches_set
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def solved_payload():
    challenge = get_altcha_challenge(max_number=2000)
    solution = altcha.solve_challenge(challenge.challenge, challenge.salt, challenge.algorithm, 2000)
    payload = {
        "algorithm": challenge.algorithm,
        "challenge": challenge.challenge,
        "number": solution.number,
        "salt": challenge.salt,
        "signature": challenge.signature,
    }
    return base64.b64encode(json.dumps(payload).encode()).decode()


def post(client, petition, n, **extra):
    data = {"name": f"Signer {n}", "email": f"s{n}@example.org", "country": "GB", "postcode": "RM10 7XX", **extra}
    return client.post(reverse("signatures:sign", args=[petition.pk]), data)


def test_off_by_default(client, petition):
    assert "altcha-widget" not in client.get(reverse("signatures:sign", args=[petition.pk])).content.decode()


def test_when_switched_on_a_solved_puzzle_signs_and_anything_else_is_held_quietly(client, petition):
    switches_set(actor=UserFactory(), proof_of_work_required=True)
    page = client.get(reverse("signatures:sign", args=[petition.pk])).content.decode()
    assert "<altcha-widget" in page and "challengejson" in page
    # No logo link: ALTCHA would leave it focusable inside aria-hidden.
    assert "hidelogo" in page

    payload = solved_payload()
    responses = [
        post(client, petition, 0, altcha=payload),
        post(client, petition, 1, altcha=payload),  # the same answer again
        post(client, petition, 2),  # no answer
        post(client, petition, 3, altcha="not base64 at all"),
        post(client, petition, 4, altcha=base64.b64encode(b'{"challenge": "x"}').decode()),
    ]
    assert {r.status_code for r in responses} == {302}
    states = dict(Signature.objects.values_list("name", "suspect_reason"))
    assert states == {
        "Signer 0": "",
        "Signer 1": "did not pass the extra check against bots",
        "Signer 2": "did not pass the extra check against bots",
        "Signer 3": "did not pass the extra check against bots",
        "Signer 4": "did not pass the extra check against bots",
    }
