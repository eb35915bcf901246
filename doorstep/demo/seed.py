"""The demo campaign: a petition with a few hundred signatures from real places around
Dagenham, some paper packs out and a sheet keyed in, signatures collected door to door,
and the evidence it is handed in with, for trying Doorstep out."""

import random
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from doorstep.accounts.models import Actor, User
from doorstep.demo.door import DEMO_CANVASSER, demo_door_create, demo_evidence_create
from doorstep.demo.places import DAGENHAM_AND_RAINHAM, DISTRICTS, demo_places_load, demo_postcodes
from doorstep.paper.models import Pack, Sheet
from doorstep.paper.services.batches import packs_print
from doorstep.paper.services.circulation import pack_move
from doorstep.paper.services.count_only import sheet_count_only
from doorstep.paper.services.keying import RowInput, sheet_finish, sheet_row_save
from doorstep.paper.services.requests import pack_request
from doorstep.petitions.models import Petition
from doorstep.petitions.services import petition_create, petition_open
from doorstep.places.models import Area
from doorstep.signatures.forms import consent_wording
from doorstep.signatures.services.confirmation import signature_confirm
from doorstep.signatures.services.signing import Signer, signature_create

DEMO_USERNAME = "organiser"
# A data-entry volunteer: signs in to key in paper sheets and sees nothing else.
DEMO_VOLUNTEER = "volunteer"
DEMO_PASSWORD = "doorstep-demo"  # noqa: S105 - a local demo's published login

FIRST = [
    "Amira",
    "Ben",
    "Chloe",
    "Dev",
    "Ellie",
    "Femi",
    "Grace",
    "Harry",
    "Isla",
    "Jack",
    "Kiran",
    "Leah",
    "Mohammed",
    "Niamh",
    "Oliver",
    "Priya",
    "Quinn",
    "Rosie",
    "Sam",
    "Tariq",
    "Uma",
    "Vic",
    "Will",
    "Zara",
]
LAST = [
    "Ahmed",
    "Baker",
    "Clarke",
    "Davies",
    "Evans",
    "Francis",
    "Green",
    "Hughes",
    "Iqbal",
    "Jones",
    "Khan",
    "Lewis",
    "Murphy",
    "Nowak",
    "Okafor",
    "Patel",
    "Roberts",
    "Smith",
    "Taylor",
    "Walsh",
    "Wright",
    "Young",
]
# Most signers live near the station; a few further afield.
DISTRICT_WEIGHTS = {"RM10": 5, "RM9": 3, "RM8": 2, "IG11": 2, "RM6": 1, "RM7": 1, "RM1": 1, "RM13": 1, "E6": 1}
assert set(DISTRICT_WEIGHTS) == set(DISTRICTS)


# A signer's postcode district -> the demo's postcodes in it.
Postcodes = dict[str, list[str]]


def demo_user_ensure() -> None:
    """The organiser, the data-entry volunteer and the canvasser, with the published demo password."""
    for username, role in (
        (DEMO_USERNAME, User.Role.ORGANISER),
        (DEMO_VOLUNTEER, User.Role.DATA_ENTRY),
        (DEMO_CANVASSER, User.Role.CANVASSER),
    ):
        user, _ = User.objects.get_or_create(username=username, defaults={"email": f"{username}@example.org"})
        user.is_staff = True
        user.role = role
        user.set_password(DEMO_PASSWORD)
        user.save()


def _postcode(rng: random.Random, by_district: Postcodes) -> str:
    district = rng.choices(list(DISTRICT_WEIGHTS), weights=list(DISTRICT_WEIGHTS.values()))[0]
    return rng.choice(by_district[district])


@transaction.atomic
def demo_campaign_create(*, signatures: int = 320, seed: int = 2026) -> Petition:
    """The demo campaign: a petition closing in 60 days, with a few hundred confirmed signatures."""
    rng = random.Random(seed)
    postcodes = demo_postcodes(rng)
    demo_places_load(postcodes=postcodes)
    by_district: Postcodes = {}
    for postcode in postcodes:
        by_district.setdefault(postcode.split()[0], []).append(postcode)
    organiser = User.objects.get(username=DEMO_USERNAME)
    now = timezone.now()
    petition = _demo_petition(actor=organiser, opened_at=now - timedelta(days=9))
    _demo_signatures(petition=petition, rng=rng, by_district=by_district, count=signatures, now=now)
    demo_paper_create(petition=petition, actor=organiser, rng=rng, by_district=by_district)
    demo_door_create(petition=petition, rng=rng, postcodes=by_district["RM10"], now=now)
    demo_evidence_create(petition=petition, actor=organiser)
    return petition


def _demo_petition(*, actor: Actor, opened_at: datetime) -> Petition:
    petition = petition_create(
        actor=actor,
        action="Keep our police station open",
        background=(
            "Dagenham police station is due to close its front counter for good. "
            "It is the only station in the borough open to the public at night. "
            "We call on the Mayor's Office for Policing and Crime and the Home Office to keep it open."
        ),
        additional_details=(
            "The nearest station open at night would be a bus ride of more than 40 minutes away.\n\n"
            "Residents who are not online can ask for a paper petition pack by phoning the office."
        ),
        addressed_to="the Home Office",
        creator_name="the MP for Dagenham and Rainham",
        target=5000,
        opening_date=None,
        closing_date=timezone.localdate() + timedelta(days=60),
        home_area_kind=Area.Kind.CONSTITUENCY,
        home_area_code=DAGENHAM_AND_RAINHAM,
    )
    return petition_open(petition=petition, actor=actor, now=opened_at)


def _demo_signatures(
    *, petition: Petition, rng: random.Random, by_district: Postcodes, count: int, now: datetime
) -> None:
    """`count` online signatures over the nine days it has been open; a few never confirmed."""
    for number in range(count):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        abroad = rng.random() < 0.03
        signed_at = now - timedelta(minutes=rng.randint(5, 9 * 24 * 60))
        result = signature_create(
            petition=petition,
            signer=Signer(
                name=f"{first} {last}",
                email=f"{first}.{last}.{number}@example.com".lower(),
                postcode="" if abroad else _postcode(rng, by_district),
                country=rng.choice(["FR", "ES", "IE", "AU"]) if abroad else "GB",
                updates_consent=rng.random() < 0.6,
                consent_wording=consent_wording(creator_name=petition.creator_name),
            ),
            now=signed_at,
            send_email=False,
        )
        if rng.random() < 0.93:  # a few never confirm
            signature_confirm(
                signature=result.signature, token=result.signature.token, now=signed_at + timedelta(minutes=3)
            )


def _demo_pack_request(
    *, petition: Petition, actor: Actor, rng: random.Random, by_district: Postcodes, number: int, sheets: int
) -> Pack:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    return pack_request(
        petition=petition,
        name=f"{first} {last}",
        address_line_1=f"{number} Station Road",
        town="Dagenham",
        postcode=_postcode(rng, by_district),
        phone=f"01632 96{number:04d}",
        sheets=sheets,
        contact_consent=True,
        source=Pack.Source.PHONE,
        actor=actor,
    )


def demo_paper_create(*, petition: Petition, actor: Actor, rng: random.Random, by_district: Postcodes) -> None:
    """Paper in the demo: packs waiting to print, packs out, one sheet keyed in and one tallied."""
    for number in range(1, 5):
        _demo_pack_request(petition=petition, actor=actor, rng=rng, by_district=by_district, number=number, sheets=2)
    batch = packs_print(petition=petition, actor=actor)
    assert batch is not None
    for pack in batch.packs.all():
        pack_move(pack=pack, to=Pack.State.POSTED, actor=actor)
    for number in range(5, 8):
        sheets = rng.randint(1, 5)
        _demo_pack_request(
            petition=petition, actor=actor, rng=rng, by_district=by_district, number=number, sheets=sheets
        )
    keyed, tallied = list(Sheet.objects.filter(pack__batch=batch).order_by("pk"))[:2]
    for number in range(1, 7):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        row = RowInput(
            number=number,
            name=f"{first} {last}",
            address=f"{number * 2} Mill Lane",
            postcode=_postcode(rng, by_district),
        )
        sheet_row_save(sheet=keyed, row=row, actor=actor)
    sheet_finish(sheet=keyed, declared_count=6, actor=actor)
    sheet_count_only(sheet=tallied, count=11, actor=actor)
