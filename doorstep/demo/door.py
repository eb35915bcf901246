"""Door to door and the evidence in the demo: a canvasser who has been collecting signatures
on their phone for a few days (one held as a possible duplicate), and the figures the
campaign is handed in with."""

import random
import uuid
from datetime import datetime, timedelta

from doorstep.accounts.models import Actor, User
from doorstep.canvass.services import DoorInput, door_signature_receive, phone_register
from doorstep.evidence.services import fact_add, series_add
from doorstep.petitions.models import Petition

# A volunteer with the canvasser role: signs in on a phone at /canvass/ and sees nothing else.
DEMO_CANVASSER = "canvasser"
PHONE_LABEL = "Demo phone"  # as staff see it beside the canvasser (phones are named by their owners)
STREETS = ["Station Road", "Rainham Road South", "Church Elm Lane", "Oxlow Lane", "Frizlands Lane"]
# Residents met at their doors (none of them signed online in the demo).
DOOR_FIRST = ["Aisha", "Bilal", "Carmen", "Declan", "Esther", "Farah", "Gideon", "Hana"]
DOOR_LAST = ["Adeyemi", "Brennan", "Costa"]

# Demo figures in the manner of the campaign's own ("33,367 officers in the Met in 2010 ...").
OFFICERS = "2010: 33367\n2012: 31975\n2014: 31877\n2016: 31798\n2018: 29890\n2020: 32447\n2022: 34216\n2024: 30435"


def demo_door_create(*, petition: Petition, rng: random.Random, postcodes: list[str], now: datetime) -> int:
    """Signatures the demo canvasser collected over the last three days, each sent from their
    phone; the last repeats an earlier signer and is held for staff to decide. Returns how many."""
    canvasser = User.objects.get(username=DEMO_CANVASSER)
    phone, _token = phone_register(user=canvasser, label=PHONE_LABEL, session_key="", now=now - timedelta(days=3))
    signers = [
        (f"{first} {last}", f"{rng.randint(1, 180)} {rng.choice(STREETS)}", rng.choice(postcodes))
        for first in DOOR_FIRST
        for last in DOOR_LAST
    ]
    signers.append(signers[0])  # someone who signed already: held as a possible duplicate
    for number, (name, address, postcode) in enumerate(signers):
        collected_at = now - timedelta(days=3) + timedelta(minutes=number * 150 + rng.randint(0, 60))
        door_signature_receive(
            phone=phone,
            petition=petition,
            data=DoorInput(
                key=str(uuid.UUID(int=rng.getrandbits(128))),
                name=name,
                address=address,
                postcode=postcode,
                agreed=True,
                collected_at=min(collected_at, now).isoformat(),
            ),
            now=now,
        )
    return len(signers)


def demo_evidence_create(*, petition: Petition, actor: Actor) -> None:
    """A series of figures and a fact, on the petition page and in its hand-in bundle."""
    series_add(
        petition=petition,
        title="Police officers in London",
        unit="officers",
        source="Demo figures, for trying Doorstep out",
        figures=OFFICERS,
        actor=actor,
    )
    fact_add(
        petition=petition,
        text="The nearest police station open at night would be more than 40 minutes away by bus.",
        source="Demo figures, for trying Doorstep out",
        actor=actor,
    )
