import hmac
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import CharField, Count, F, Value
from django.db.models.functions import Cast, TruncDate
from django.utils import timezone

from doorstep.core.csv import csv_lines
from doorstep.core.errors import ApplicationError
from doorstep.petitions.models import Petition, PetitionEvent
from doorstep.petitions.services import petition_record_event
from doorstep.places.countries import UNITED_KINGDOM
from doorstep.places.postcodes import InvalidPostcode, postcode_district, postcode_normalise
from doorstep.places.selectors import postcode_place

from .emails import email_normalise
from .models import Signature, Tally


@dataclass(frozen=True)
class SignResult:
    signature: Signature
    created: bool
    email_queued: bool


def _shards() -> int:
    return max(1, settings.DOORSTEP["COUNT_SHARDS"])


def _tally_keys(signature: Signature) -> list[tuple[str, str]]:
    """The counts one counted signature adds to: the total, each area it lies in, its day."""
    keys = [(str(Tally.Dimension.TOTAL), "")]
    for dimension, field in Tally.AREA_FIELDS.items():
        if value := getattr(signature, field):
            keys.append((str(dimension), value))
    if signature.confirmed_at:
        keys.append((str(Tally.Dimension.DAY), timezone.localdate(signature.confirmed_at).isoformat()))
    return keys


def _tally_add(*, signature: Signature, delta: int) -> None:
    """Add delta to each of the signature's counts, on one random shard row each.
    Runs inside the caller's transaction."""
    shard = random.randrange(_shards())  # noqa: S311 - spreading load, not security
    for dimension, key in _tally_keys(signature):
        where = {
            "petition_id": signature.petition_id,
            "channel": signature.channel,
            "dimension": dimension,
            "key": key,
            "shard": shard,
        }
        rows = Tally.objects.filter(**where)
        if rows.update(count=F("count") + delta):
            continue
        try:
            with transaction.atomic():
                Tally.objects.create(**where, count=delta)
        except IntegrityError:
            # Another confirmation made the row first: add to it instead.
            rows.update(count=F("count") + delta)


def _place(postcode: str) -> dict[str, str]:
    """The area codes of a UK postcode, or empty codes while no directory is loaded."""
    place = postcode_place(postcode=postcode) if postcode else None
    return {
        "constituency_code": place.constituency_code if place else "",
        "local_authority_code": place.local_authority_code if place else "",
        "ward_code": place.ward_code if place else "",
        "region_code": place.region_code if place else "",
    }


def _announce_count_increased(petition_id: int) -> None:
    from .signals import count_increased

    transaction.on_commit(lambda: count_increased.send(sender=Signature, petition_id=petition_id))


def _queue_confirmation_email(signature: Signature) -> None:
    from .tasks import send_signature_confirmation

    signature_id = signature.pk
    transaction.on_commit(lambda: send_signature_confirmation.enqueue(signature_id=signature_id))


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ApplicationError("Enter your name", field="name")
    if len(name) > Signature.NAME_MAX:
        raise ApplicationError(f"Your name must be {Signature.NAME_MAX} characters or fewer", field="name")
    if any(ord(char) < 32 for char in name):
        raise ApplicationError("Your name contains characters that are not allowed", field="name")
    return name


def _clean_place(*, postcode: str, country: str) -> tuple[str, str]:
    country = (country or UNITED_KINGDOM).upper()
    if country == UNITED_KINGDOM:
        try:
            return postcode_normalise(postcode), country
        except InvalidPostcode as exc:
            raise ApplicationError(str(exc), field="postcode") from exc
    return "", country


def signature_create(
    *,
    petition: Petition,
    name: str,
    email: str,
    postcode: str = "",
    country: str = UNITED_KINGDOM,
    updates_consent: bool = False,
    consent_wording: str = "",
    ip_address: str | None = None,
    now: datetime | None = None,
    send_email: bool = True,
) -> SignResult:
    """Sign a petition online. The signature counts once the signer confirms it by email.

    Signing again with the same inbox makes no second signature: the first one's
    confirmation email is sent again, up to MAX_CONFIRMATION_EMAILS in all.
    """
    now = now or timezone.now()
    if not petition.is_signable(now):
        raise ApplicationError("This petition is not open for signatures")
    name = _clean_name(name)
    email = (email or "").strip()
    if not email:
        raise ApplicationError("Enter your email address", field="email")
    postcode, country = _clean_place(postcode=postcode, country=country)
    normalised = email_normalise(email)

    try:
        with transaction.atomic():
            signature = Signature.objects.create(
                petition=petition,
                channel=Signature.Channel.ONLINE,
                name=name,
                email=email,
                email_normalised=normalised,
                postcode=postcode,
                postcode_district=postcode_district(postcode),
                country=country,
                **_place(postcode),
                updates_consent=updates_consent,
                consent_wording=consent_wording if updates_consent else "",
                ip_address=ip_address,
                created_at=now,
                confirmation_emails_sent=1 if send_email else 0,
            )
            if send_email:
                _queue_confirmation_email(signature)
        return SignResult(signature=signature, created=True, email_queued=send_email)
    except IntegrityError:
        pass

    # The same inbox has signed before.
    with transaction.atomic():
        signature = Signature.objects.get(petition=petition, email_normalised=normalised)
        resend = (
            send_email
            and signature.state == Signature.State.PENDING
            and Signature.objects.filter(
                pk=signature.pk,
                state=Signature.State.PENDING,
                confirmation_emails_sent__lt=settings.DOORSTEP["MAX_CONFIRMATION_EMAILS"],
            ).update(confirmation_emails_sent=F("confirmation_emails_sent") + 1)
            == 1
        )
        if resend:
            _queue_confirmation_email(signature)
    return SignResult(signature=signature, created=False, email_queued=resend)


def signature_confirm(*, signature: Signature, token: str, now: datetime | None = None) -> bool:
    """Confirm a signature from the link in its email. Returns True if this call
    confirmed it, False if it was confirmed already."""
    now = now or timezone.now()
    if not hmac.compare_digest(signature.token, token or ""):
        raise ApplicationError("This confirmation link is not valid. Check you copied the whole link.")
    if signature.state == Signature.State.INVALIDATED:
        raise ApplicationError("This signature has been removed and cannot be confirmed")
    if signature.state == Signature.State.CONFIRMED:
        return False
    petition = signature.petition
    grace = timedelta(hours=settings.DOORSTEP["CONFIRMATION_GRACE_HOURS"])
    if petition.state not in (Petition.State.OPEN, Petition.State.CLOSED) or now > petition.closes_at + grace:
        raise ApplicationError("This petition has closed, so the signature can no longer be confirmed")
    with transaction.atomic():
        # The state check in the UPDATE makes two clicks at once count once.
        confirmed = Signature.objects.filter(pk=signature.pk, state=Signature.State.PENDING).update(
            state=Signature.State.CONFIRMED, confirmed_at=now
        )
        if confirmed:
            signature.state = Signature.State.CONFIRMED
            signature.confirmed_at = now
            _tally_add(signature=signature, delta=1)
            _announce_count_increased(signature.petition_id)
    return bool(confirmed)


def signature_invalidate(*, signature: Signature, now: datetime | None = None) -> bool:
    """Take a signature out of the count. Returns True if it was counted or pending before."""
    now = now or timezone.now()
    with transaction.atomic():
        row = Signature.objects.select_for_update().get(pk=signature.pk)
        if row.state == Signature.State.INVALIDATED:
            return False
        was_counted = row.state in Signature.COUNTED_STATES
        row.state = Signature.State.INVALIDATED
        row.invalidated_at = now
        row.save(update_fields=["state", "invalidated_at"])
        if was_counted:
            _tally_add(signature=row, delta=-1)
    signature.state = Signature.State.INVALIDATED
    signature.invalidated_at = now
    return True


def signature_confirmation_email_context(*, signature: Signature) -> dict[str, Any]:
    from django.urls import reverse

    path = reverse("signatures:confirm", args=[signature.pk, signature.token])
    return {
        "signature": signature,
        "petition": signature.petition,
        "confirm_url": f"{settings.SITE_URL}{path}",
    }


@transaction.atomic
def counts_rebuild(*, petition: Petition, actor: Any = None) -> dict[str, int]:
    """Recount a petition's signatures from scratch and replace its tallies.

    Returns the drift found per channel (new count minus old), for the record.
    Confirmations that land while it runs may be missed: run it when signing is quiet.
    """
    from .selectors import petition_counts

    Petition.objects.select_for_update().filter(pk=petition.pk).first()
    before = petition_counts(petition=petition)
    counted = Signature.objects.filter(petition=petition, state__in=Signature.COUNTED_STATES)
    groups: dict[str, Any] = {str(Tally.Dimension.TOTAL): Value("", output_field=CharField())}
    groups.update({str(dimension): F(field) for dimension, field in Tally.AREA_FIELDS.items()})
    groups[str(Tally.Dimension.DAY)] = Cast(
        TruncDate("confirmed_at", tzinfo=timezone.get_current_timezone()), CharField()
    )
    fresh: list[Tally] = []
    for dimension, key in groups.items():
        rows = counted.annotate(tally_key=key).values("channel", "tally_key").annotate(n=Count("id")).order_by()
        fresh.extend(
            Tally(petition=petition, channel=row["channel"], dimension=dimension, key=row["tally_key"], count=row["n"])
            for row in rows
            if row["tally_key"] or dimension == Tally.Dimension.TOTAL
        )
    Tally.objects.filter(petition=petition).delete()
    Tally.objects.bulk_create(fresh, batch_size=1000)
    after = petition_counts(petition=petition)
    drift = {"online": after.online - before.online, "paper": after.paper - before.paper}
    if any(drift.values()):
        petition_record_event(
            petition=petition,
            kind=PetitionEvent.Kind.RECOUNTED,
            description=f"Recounted: online {before.online} → {after.online}, paper {before.paper} → {after.paper}",
            actor=actor,
            drift=drift,
        )
    return drift


def signatures_place(*, petition: Petition | None = None) -> int:
    """Place signatures in their areas from the postcode directory: after an import,
    those made before it (or placed by an older edition). Then rebuild the counts of
    every petition whose signatures moved. Returns how many signatures changed."""
    signatures = Signature.objects.exclude(postcode="")
    if petition is not None:
        signatures = signatures.filter(petition=petition)
    changed = 0
    petitions: set[int] = set()
    postcodes = signatures.values_list("postcode", flat=True).distinct().order_by("postcode")
    for postcode in postcodes.iterator(chunk_size=2000):
        codes = _place(postcode)
        moved = signatures.filter(postcode=postcode).exclude(**codes)
        petitions.update(moved.values_list("petition_id", flat=True).distinct())
        changed += moved.update(**codes)
    for petition_id in sorted(petitions):
        counts_rebuild(petition=Petition.objects.get(pk=petition_id))
    return changed


def signature_export_stream(*, petition: Petition, actor: Any) -> Iterator[str]:
    """The petition's signatures as spreadsheet-safe CSV lines, logged as an export:
    who, when and how many rows (counted as they are written)."""
    from .models import SignatureExport
    from .selectors import EXPORT_HEADER, signature_export_rows

    export = SignatureExport.objects.create(petition=petition, exported_by=actor)
    petition_record_event(
        petition=petition,
        kind=PetitionEvent.Kind.EXPORTED,
        description=f"Signatures exported by {actor.get_username()}",
        actor=actor,
        export_id=export.pk,
    )

    def counted_rows() -> Iterator[list]:
        rows = 0
        for row in signature_export_rows(petition=petition):
            rows += 1
            if rows % 1000 == 0:
                SignatureExport.objects.filter(pk=export.pk).update(row_count=rows)
            yield row
        SignatureExport.objects.filter(pk=export.pk).update(row_count=rows, finished=True)

    return csv_lines(EXPORT_HEADER, counted_rows())
