"""Door to door: phones signing in and out, signatures arriving from them (once each),
held ones decided, and a canvasser's signatures held or taken out in bulk."""

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime
from importlib import import_module

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from doorstep.accounts.models import Actor, User
from doorstep.core.emails import email_normalise
from doorstep.core.errors import ApplicationError
from doorstep.core.languages import Language, language_of
from doorstep.core.text import text_required
from doorstep.paper.matching import house_number, name_normalise, names_close
from doorstep.petitions.models import Petition, PetitionEvent
from doorstep.petitions.services import petition_record_event
from doorstep.places.postcodes import InvalidPostcode, postcode_normalise
from doorstep.signatures.models import Signature
from doorstep.signatures.selectors.data_requests import signatures_of_inbox
from doorstep.signatures.selectors.paper import signers_at_postcode
from doorstep.signatures.services.holding import signature_hold, signature_release
from doorstep.signatures.services.invalidation import signature_invalidate
from doorstep.signatures.services.paper import signature_create_door
from doorstep.signatures.services.signing import name_clean

from .models import DoorSignature, Phone


def phone_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def phone_register(*, user: User, label: str, session_key: str, now: datetime | None = None) -> tuple[Phone, str]:
    """A canvasser opens the canvass page on a phone for the first time: the phone gets a
    secret it keeps (returned once, stored only as a hash) to send signatures with."""
    token = secrets.token_urlsafe(32)
    phone = Phone.objects.create(
        user=user,
        label=" ".join((label or "").split())[:100],
        token_hash=phone_token_hash(token),
        session_key=session_key or "",
        created_at=now or timezone.now(),
        last_seen_at=now or timezone.now(),
    )
    return phone, token


def phone_seen(*, phone: Phone, session_key: str, now: datetime | None = None) -> None:
    """The phone was heard from: keep its session up to date, to end it if the phone is signed out."""
    Phone.objects.filter(pk=phone.pk).update(last_seen_at=now or timezone.now(), session_key=session_key or "")


def phone_sign_out(*, phone: Phone, actor: Actor, now: datetime | None = None) -> bool:
    """A lost (or handed back) phone: it can send nothing more and its session ends.
    Signatures still waiting on it are refused, and the phone deletes them when told.
    Returns False if it was signed out already."""
    now = now or timezone.now()
    with transaction.atomic():
        signed_out = Phone.objects.filter(pk=phone.pk, signed_out_at__isnull=True).update(
            signed_out_at=now, signed_out_by=actor
        )
    if signed_out and phone.session_key:
        import_module(settings.SESSION_ENGINE).SessionStore(session_key=phone.session_key).delete()
    return bool(signed_out)


@dataclass(frozen=True)
class DoorInput:
    """One signature as the phone sent it; door_signature_receive cleans and checks it."""

    key: str
    name: str
    address: str
    postcode: str
    email: str = ""
    updates_consent: bool = False
    consent_wording: str = ""
    agreed: bool = False
    collected_at: str = ""
    # The canvass page's language (its address): the thank-you email is written in it.
    language: str = Language.ENGLISH


@dataclass(frozen=True)
class Received:
    record: DoorSignature
    created: bool


def _clean_when(raw: str, petition: Petition, now: datetime) -> datetime:
    try:
        when = datetime.fromisoformat((raw or "").replace("Z", "+00:00"))
    except ValueError as exc:
        raise ApplicationError(_("The time the signature was collected is missing"), field="collected_at") from exc
    if timezone.is_naive(when):
        raise ApplicationError(_("The time the signature was collected is missing"), field="collected_at")
    when = min(when, now)  # a phone whose clock runs fast
    if not petition.is_signable(when):
        raise ApplicationError(_("This signature was collected when the petition was not open"))
    return when


def _clean(data: DoorInput, petition: Petition, now: datetime) -> dict:
    try:
        key = uuid.UUID(str(data.key))
    except ValueError as exc:
        raise ApplicationError(_("This signature has no key: send it again from the canvass page")) from exc
    if not data.agreed:
        raise ApplicationError(_("The signer must tick that they agree to add their name"), field="agreed")
    email = (data.email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError as exc:
            raise ApplicationError(
                _("Enter an email address in the correct format, like name@example.com"), field="email"
            ) from exc
    try:
        postcode = postcode_normalise(data.postcode)
    except InvalidPostcode as exc:
        raise ApplicationError(str(exc), field="postcode") from exc
    return {
        "key": key,
        "language": language_of(data.language),
        "name": name_clean(
            name=text_required(data.name, field="name", missing=_("Enter the signer's name"), max_length=100)
        ),
        "address": text_required(
            data.address, field="address", missing=_("Enter the house number and street"), max_length=200
        ),
        "postcode": postcode,
        "email": email,
        "updates_consent": bool(data.updates_consent and email),
        "consent_wording": (data.consent_wording or "")[:500] if data.updates_consent and email else "",
        "collected_at": _clean_when(data.collected_at, petition, now),
    }


CHANNEL_WORDS: dict[str, str] = {
    Signature.Channel.ONLINE: _("online"),
    Signature.Channel.PAPER: _("on paper"),
    Signature.Channel.DOOR: _("door to door"),
}


def _find_duplicate(petition: Petition, fields: dict) -> tuple[int | None, str] | None:
    """What this signature seems to repeat: (a signature's id or None, why), or None.
    Checked against online, paper and door-to-door signatures, counted or still held."""
    if fields["email"]:
        normalised = email_normalise(fields["email"])
        for signature in signatures_of_inbox(email_normalised=normalised):
            if signature.petition_id == petition.pk:
                made = CHANNEL_WORDS.get(signature.channel, signature.channel)
                return signature.pk, _("Same email address as a signature made %(how)s") % {"how": made}
    name = name_normalise(fields["name"])
    for signer in signers_at_postcode(petition=petition, postcode=fields["postcode"]):
        if name_normalise(signer.name) == name:
            made = CHANNEL_WORDS.get(signer.channel, signer.channel)
            return signer.signature_id, _("Same name and postcode as a signature made %(how)s") % {"how": made}
    number = house_number(fields["address"])
    others = DoorSignature.objects.filter(petition=petition, postcode=fields["postcode"]).exclude(
        review=DoorSignature.Review.REJECTED
    )
    for other in others:
        if name_normalise(other.name) == name:
            return other.signature_id, _("Same name and postcode as another door-to-door signature")
        if number and house_number(other.address) == number and names_close(other.name, fields["name"]):
            return other.signature_id, _("Similar name (%(name)s) at the same postcode and house number") % {
                "name": other.name
            }
    return None


def door_signature_receive(
    *, phone: Phone, petition: Petition, data: DoorInput, now: datetime | None = None
) -> Received:
    """A signature sent from a canvasser's phone. It counts at once, or is held when it
    looks like someone who signed already. Sent again with the same key (a retry after a
    dropped connection), it adds nothing and the first outcome is returned."""
    now = now or timezone.now()
    if phone.signed_out_at:
        raise ApplicationError(_("This phone has been signed out: its signatures cannot be sent"))
    key = _key(data.key)
    existing = DoorSignature.objects.filter(key=key).first() if key else None
    if existing is not None:
        return _already(existing, phone)
    fields = _clean(data, petition, now)
    try:
        with transaction.atomic():
            record = DoorSignature(
                petition=petition, canvasser_id=phone.user_id, phone=phone, received_at=now, **fields
            )
            match = _find_duplicate(petition, fields)
            if match:
                record.review = DoorSignature.Review.HELD
                record.matched_signature_id, record.match_reason = match[0], match[1][:200]
            else:
                record.signature = _count(record, now)
            record.save()
    except IntegrityError as exc:
        # The same key arrived twice at once (the other request made it), or the same
        # email address signed at the same moment: the phone tries again, and is told which.
        same = DoorSignature.objects.filter(key=fields["key"]).first()
        if same is None:
            raise ApplicationError(_("This signature could not be saved just now: it will be sent again")) from exc
        return _already(same, phone)
    return Received(record=record, created=True)


def _key(raw: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(raw))
    except ValueError:
        return None


def _already(record: DoorSignature, phone: Phone) -> Received:
    if record.phone_id != phone.pk:
        raise ApplicationError(_("This signature was sent from another phone"))
    return Received(record=record, created=False)


def _count(record: DoorSignature, now: datetime) -> Signature:
    from .tasks import send_door_thank_you

    signature = signature_create_door(
        petition=record.petition,
        name=record.name,
        postcode=record.postcode,
        email=record.email,
        updates_consent=record.updates_consent,
        consent_wording=record.consent_wording,
        collected_at=record.collected_at,
        language=record.language,
        now=now,
    )
    if record.email:
        transaction.on_commit(lambda: send_door_thank_you.enqueue(signature_id=signature.pk))
    return signature


def door_signature_decide(
    *, record: DoorSignature, count: bool, actor: Actor, now: datetime | None = None
) -> DoorSignature:
    """Staff settle a held signature: a different person (count it) or the same one (do not)."""
    now = now or timezone.now()
    with transaction.atomic():
        record = DoorSignature.objects.select_for_update().select_related("petition").get(pk=record.pk)
        if record.review != DoorSignature.Review.HELD:
            raise ApplicationError(_("This signature has been decided already"))
        if count:
            record.signature = _count(record, now)
            record.review = DoorSignature.Review.COUNTED
        else:
            record.review = DoorSignature.Review.REJECTED
        record.decided_by, record.decided_at = actor, now
        record.save(update_fields=["signature", "review", "decided_by", "decided_at"])
    return record


def _canvasser_signatures(petition: Petition, canvasser: User, states: tuple[str, ...]) -> list[Signature]:
    records = DoorSignature.objects.filter(
        petition=petition, canvasser=canvasser, signature__state__in=states
    ).select_related("signature")
    return [record.signature for record in records if record.signature is not None]


def canvasser_signatures_hold(*, petition: Petition, canvasser: User, actor: Actor) -> int:
    """Doubt everything one canvasser collected for a petition: take it out of the count,
    held for review (released one by one, or all at once). Returns how many were held."""
    reason = _("Held with everything collected by %(name)s") % {"name": canvasser.get_username()}
    held = 0
    with transaction.atomic():
        for signature in _canvasser_signatures(petition, canvasser, (Signature.State.CONFIRMED,)):
            held += signature_hold(signature=signature, reason=reason)
    return held


def canvasser_signatures_release(*, petition: Petition, canvasser: User, actor: Actor) -> int:
    """Put back in the count a canvasser's signatures that were held. Returns how many."""
    released = 0
    with transaction.atomic():
        for signature in _canvasser_signatures(petition, canvasser, (Signature.State.SUSPECT,)):
            released += signature_release(signature=signature)
    return released


def canvasser_signatures_invalidate(
    *, petition: Petition, canvasser: User, reason: str, actor: Actor, now: datetime | None = None
) -> int:
    """Take out everything one canvasser collected for a petition (counted or held), and
    reject their signatures still waiting for review; recorded in the petition's history.
    Returns how many signatures were taken out."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise ApplicationError(_("Give the reason for taking these signatures out"), field="reason")
    now = now or timezone.now()
    states = (Signature.State.CONFIRMED, Signature.State.SUSPECT, Signature.State.PENDING)
    with transaction.atomic():
        taken = sum(
            signature_invalidate(signature=signature, now=now)
            for signature in _canvasser_signatures(petition, canvasser, states)
        )
        DoorSignature.objects.filter(petition=petition, canvasser=canvasser, review=DoorSignature.Review.HELD).update(
            review=DoorSignature.Review.REJECTED, decided_by=actor, decided_at=now
        )
        petition_record_event(
            petition=petition,
            kind=PetitionEvent.Kind.SIGNATURES_INVALIDATED,
            description=_("%(n)s door-to-door signatures collected by %(name)s taken out. Reason: %(reason)s")
            % {"n": taken, "name": canvasser.get_username(), "reason": reason[:300]},
            actor=actor,
            canvasser_id=canvasser.pk,
        )
    return taken
