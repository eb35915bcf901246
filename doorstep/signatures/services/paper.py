"""Signatures witnessed by staff, counted as they are made: keyed from paper sheets (the
`paper` app decides which rows become one) and collected door to door (the `canvass` app)."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from doorstep.core.emails import email_normalise
from doorstep.core.errors import ApplicationError
from doorstep.core.languages import Language
from doorstep.petitions.models import Petition
from doorstep.places.countries import UNITED_KINGDOM
from doorstep.places.postcodes import postcode_district

from ..models import Signature
from ..selectors.paper import paper_entry_open
from .counts import count_increase_announce, tally_add
from .placing import postcode_area_codes
from .signing import name_clean, place_clean

# The words printed beside the tick box on every paper sheet, kept with each paper consent.
PAPER_CONSENT_WORDING = "Tick to get updates about this campaign. You can stop them at any time."


def signature_create_paper(
    *,
    petition: Petition,
    name: str,
    postcode: str,
    updates_consent: bool = False,
    now: datetime | None = None,
) -> Signature:
    """Count a signature keyed from a paper sheet. It counts at once (channel paper):
    the sheet in hand is the confirmation. Paper entry stays open for
    PAPER_ENTRY_DAYS after the close, so sheets posted back in time still count."""
    now = now or timezone.now()
    if not paper_entry_open(petition=petition, now=now):
        raise ApplicationError(_("Paper signatures can no longer be entered for this petition"))
    name = name_clean(name=name)
    if not (postcode or "").strip():
        raise ApplicationError(_("Enter the postcode, or mark the row illegible"), field="postcode")
    return _signature_create_counted(
        petition=petition,
        channel=Signature.Channel.PAPER,
        name=name,
        postcode=postcode,
        updates_consent=updates_consent,
        consent_wording=PAPER_CONSENT_WORDING,
        created_at=now,
        now=now,
    )


def signature_create_door(
    *,
    petition: Petition,
    name: str,
    postcode: str,
    email: str = "",
    updates_consent: bool = False,
    consent_wording: str = "",
    collected_at: datetime,
    language: str = Language.ENGLISH,
    now: datetime | None = None,
) -> Signature:
    """Count a signature a canvasser collected at the door (channel door). It counts at
    once, like keyed paper: the canvasser saw it made. It may be sent for as long as paper
    may be keyed, so signatures collected offline before the close still count."""
    now = now or timezone.now()
    if not paper_entry_open(petition=petition, now=now):
        raise ApplicationError(_("Door-to-door signatures can no longer be sent for this petition"))
    return _signature_create_counted(
        petition=petition,
        channel=Signature.Channel.DOOR,
        name=name_clean(name=name),
        postcode=postcode,
        email=(email or "").strip(),
        updates_consent=updates_consent,
        consent_wording=consent_wording,
        created_at=collected_at,
        now=now,
        language=language,
    )


def _signature_create_counted(
    *,
    petition: Petition,
    channel: str,
    name: str,
    postcode: str,
    updates_consent: bool,
    consent_wording: str,
    created_at: datetime,
    now: datetime,
    email: str = "",
    language: str = Language.ENGLISH,
) -> Signature:
    """A signature witnessed by staff (keyed paper, door to door): counted as it is made."""
    postcode, country = place_clean(postcode=postcode, country=UNITED_KINGDOM)
    with transaction.atomic():
        signature = Signature.objects.create(
            petition=petition,
            channel=channel,
            state=Signature.State.CONFIRMED,
            name=name,
            email=email,
            email_normalised=email_normalise(email) if email else "",
            postcode=postcode,
            postcode_district=postcode_district(postcode),
            country=country,
            **postcode_area_codes(postcode=postcode),
            updates_consent=updates_consent,
            consent_wording=consent_wording if updates_consent else "",
            created_at=created_at,
            confirmed_at=now,
            language=language,
        )
        tally_add(signature=signature, delta=1)
        count_increase_announce(petition_id=signature.petition_id)
    return signature
