import contextlib
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
from django.utils.translation import gettext as _

from doorstep.core.csv import csv_lines
from doorstep.core.emails import email_normalise
from doorstep.core.errors import ApplicationError
from doorstep.petitions.models import Petition, PetitionEvent
from doorstep.petitions.services import petition_record_event
from doorstep.places.countries import UNITED_KINGDOM
from doorstep.places.postcodes import InvalidPostcode, postcode_district, postcode_normalise
from doorstep.places.selectors import postcode_place
from doorstep.trust.counters import counter_hit, counters_expire
from doorstep.trust.lists import ip_hash
from doorstep.trust.models import Invalidation
from doorstep.trust.selectors import ip_retention_cutoff, petitions_due_for_anonymising
from doorstep.trust.services import retention_mark_anonymised, signing_screen

from .models import DataRequest, Signature, Tally

# Enough for a signer who mistyped; too few to send someone a flood of emails.
DATA_REQUESTS_PER_INBOX_A_DAY = 3
DATA_REQUESTS_PER_IP_AN_HOUR = 10


@dataclass(frozen=True)
class SignResult:
    signature: Signature
    created: bool
    email_queued: bool


def _shards() -> int:
    return max(1, settings.DOORSTEP.count_shards)


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
    suspect_reason: str = "",
) -> SignResult:
    """Sign a petition online. The signature counts once the signer confirms it by email.

    Signing again with the same inbox makes no second signature: the first one's
    confirmation email is sent again, up to MAX_CONFIRMATION_EMAILS in all.

    With a suspect_reason (from trust.services.signing_screen) the signature is held:
    everything looks the same to the signer, but it never counts unless staff release it.
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
                state=Signature.State.SUSPECT if suspect_reason else Signature.State.PENDING,
                suspect_reason=suspect_reason[:100],
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
            and signature.state in Signature.AWAITING_CONFIRMATION
            and signature.confirmed_at is None
            and Signature.objects.filter(
                pk=signature.pk,
                state__in=Signature.AWAITING_CONFIRMATION,
                confirmed_at__isnull=True,
                confirmation_emails_sent__lt=settings.DOORSTEP.max_confirmation_emails,
            ).update(confirmation_emails_sent=F("confirmation_emails_sent") + 1)
            == 1
        )
        if resend:
            _queue_confirmation_email(signature)
    return SignResult(signature=signature, created=False, email_queued=resend)


def signature_sign(
    *,
    petition: Petition,
    name: str,
    email: str,
    postcode: str = "",
    country: str = UNITED_KINGDOM,
    updates_consent: bool = False,
    consent_wording: str = "",
    ip_address: str | None = None,
    honeypot: str = "",
    proof_of_work_failed: bool = False,
) -> SignResult:
    """Sign online through the trust checks (the public form's way in).

    A signature over a limit, on a block list or with the honeypot filled is held
    as suspect; the signer is told nothing different. When a source has just gone
    over a limit, its other recent signatures are held too.
    """
    district = ""
    if (country or UNITED_KINGDOM).upper() == UNITED_KINGDOM:
        with contextlib.suppress(InvalidPostcode):
            district = postcode_district(postcode_normalise(postcode))
    verdict = signing_screen(
        petition_id=petition.pk,
        email=email,
        ip_address=ip_address,
        postcode_district=district,
        country=(country or UNITED_KINGDOM).upper(),
        honeypot=honeypot,
        proof_of_work_failed=proof_of_work_failed,
    )
    result = signature_create(
        petition=petition,
        name=name,
        email=email,
        postcode=postcode,
        country=country,
        updates_consent=updates_consent,
        consent_wording=consent_wording,
        ip_address=ip_address,
        suspect_reason=verdict.reason,
    )
    for kind, value, seconds in verdict.sweep:
        signatures_hold_recent(petition=petition, kind=kind, value=value, seconds=seconds, reason=verdict.reason)
    return result


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
    from .selectors import paper_entry_open

    now = now or timezone.now()
    if not paper_entry_open(petition=petition, now=now):
        raise ApplicationError("Paper signatures can no longer be entered for this petition")
    name = _clean_name(name)
    if not (postcode or "").strip():
        raise ApplicationError("Enter the postcode, or mark the row illegible", field="postcode")
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
    now: datetime | None = None,
) -> Signature:
    """Count a signature a canvasser collected at the door (channel door). It counts at
    once, like keyed paper: the canvasser saw it made. It may be sent for as long as paper
    may be keyed, so signatures collected offline before the close still count."""
    from .selectors import paper_entry_open

    now = now or timezone.now()
    if not paper_entry_open(petition=petition, now=now):
        raise ApplicationError(_("Door-to-door signatures can no longer be sent for this petition"))
    return _signature_create_counted(
        petition=petition,
        channel=Signature.Channel.DOOR,
        name=_clean_name(name),
        postcode=postcode,
        email=(email or "").strip(),
        updates_consent=updates_consent,
        consent_wording=consent_wording,
        created_at=collected_at,
        now=now,
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
) -> Signature:
    """A signature witnessed by staff (keyed paper, door to door): counted as it is made."""
    postcode, country = _clean_place(postcode=postcode, country=UNITED_KINGDOM)
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
            **_place(postcode),
            updates_consent=updates_consent,
            consent_wording=consent_wording if updates_consent else "",
            created_at=created_at,
            confirmed_at=now,
        )
        _tally_add(signature=signature, delta=1)
        _announce_count_increased(signature.petition_id)
    return signature


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
    if signature.state == Signature.State.SUSPECT and signature.confirmed_at:
        return False
    petition = signature.petition
    grace = timedelta(hours=settings.DOORSTEP.confirmation_grace_hours)
    if petition.state not in (Petition.State.OPEN, Petition.State.CLOSED) or now > petition.closes_at + grace:
        raise ApplicationError("This petition has closed, so the signature can no longer be confirmed")
    if signature.state == Signature.State.SUSPECT:
        # Held: the signer's click is recorded, and the signature counts only if staff release it.
        held = Signature.objects.filter(
            pk=signature.pk, state=Signature.State.SUSPECT, confirmed_at__isnull=True
        ).update(confirmed_at=now)
        if held:
            signature.confirmed_at = now
        return bool(held)
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


def signature_invalidate(
    *, signature: Signature, now: datetime | None = None, invalidation: Invalidation | None = None
) -> bool:
    """Take a signature out of the count. Returns True if it was counted, pending or held before.

    The state it had is kept, so a bulk invalidation can be reversed."""
    now = now or timezone.now()
    with transaction.atomic():
        row = Signature.objects.select_for_update().get(pk=signature.pk)
        if row.state == Signature.State.INVALIDATED:
            return False
        was_counted = row.state in Signature.COUNTED_STATES
        row.state_before_invalidation = row.state
        row.state = Signature.State.INVALIDATED
        row.invalidated_at = now
        row.invalidation = invalidation
        row.save(update_fields=["state", "state_before_invalidation", "invalidated_at", "invalidation"])
        if was_counted:
            _tally_add(signature=row, delta=-1)
    signature.state = Signature.State.INVALIDATED
    signature.invalidated_at = now
    return True


def signature_release(*, signature: Signature) -> bool:
    """Staff judged a held signature real: it counts if the signer has confirmed it,
    else it waits for confirmation like any other. Returns True if it was held."""
    with transaction.atomic():
        row = Signature.objects.select_for_update().get(pk=signature.pk)
        if row.state != Signature.State.SUSPECT:
            return False
        row.state = Signature.State.CONFIRMED if row.confirmed_at else Signature.State.PENDING
        row.save(update_fields=["state"])
        if row.state in Signature.COUNTED_STATES:
            _tally_add(signature=row, delta=1)
            _announce_count_increased(row.petition_id)
    signature.state = row.state
    return True


def signature_hold(*, signature: Signature, reason: str) -> bool:
    """Staff doubt a signature: take it out of the count until it is released."""
    with transaction.atomic():
        row = Signature.objects.select_for_update().get(pk=signature.pk)
        if row.state not in (Signature.State.PENDING, Signature.State.CONFIRMED):
            return False
        was_counted = row.state in Signature.COUNTED_STATES
        row.state = Signature.State.SUSPECT
        row.suspect_reason = reason[:100]
        row.save(update_fields=["state", "suspect_reason"])
        if was_counted:
            _tally_add(signature=row, delta=-1)
    signature.state = row.state
    return True


def signatures_hold_recent(*, petition: Petition, kind: str, value: str, seconds: int, reason: str) -> int:
    """Hold a source's recent signatures of a petition (those made in the last `seconds`
    from one IP address, or one email domain) once it has gone over a limit, taking the
    counted ones out of the count. Returns how many were held."""
    since = timezone.now() - timedelta(seconds=seconds)
    rows = Signature.objects.filter(
        petition=petition,
        channel=Signature.Channel.ONLINE,
        created_at__gte=since,
        state__in=[Signature.State.PENDING, Signature.State.CONFIRMED],
    )
    if kind == "ip":
        rows = rows.filter(ip_address=value)
    elif kind == "domain":
        rows = rows.filter(email_normalised__endswith=f"@{value}")
    else:
        raise ValueError(f"Unknown source kind {kind!r}")
    held = 0
    for signature in rows:
        held += signature_hold(signature=signature, reason=reason)
    return held


def invalidation_run(*, invalidation_id: int, now: datetime | None = None) -> Invalidation:
    """Take out every signature matching a bulk invalidation, a batch per transaction,
    keeping its progress up to date and stopping early if staff cancel it."""
    from .selectors import signature_match_ids

    invalidation = Invalidation.objects.select_related("petition").get(pk=invalidation_id)
    started = Invalidation.objects.filter(pk=invalidation.pk, state=Invalidation.State.QUEUED).update(
        state=Invalidation.State.RUNNING
    )
    if not started:
        return invalidation  # run already, or cancelled before it started
    ids = signature_match_ids(petition=invalidation.petition, criteria=invalidation.criteria)
    batch_size = max(1, int(settings.DOORSTEP.invalidation_batch))
    state = Invalidation.State.DONE
    for start in range(0, len(ids), batch_size):
        if Invalidation.objects.filter(pk=invalidation.pk, cancel_requested=True).exists():
            state = Invalidation.State.CANCELLED
            break
        done = counted = 0
        with transaction.atomic():
            for signature in Signature.objects.filter(pk__in=ids[start : start + batch_size]):
                was_counted = signature.state in Signature.COUNTED_STATES
                if signature_invalidate(signature=signature, now=now, invalidation=invalidation):
                    done += 1
                    counted += was_counted
            Invalidation.objects.filter(pk=invalidation.pk).update(
                done=F("done") + done, counted_removed=F("counted_removed") + counted
            )
    Invalidation.objects.filter(pk=invalidation.pk).update(state=state, finished_at=timezone.now())
    invalidation.refresh_from_db()
    petition_record_event(
        petition=invalidation.petition,
        kind=PetitionEvent.Kind.SIGNATURES_INVALIDATED,
        description=(
            f"{invalidation.done} signatures taken out ({invalidation.counted_removed} had counted)"
            f"{' before it was cancelled' if state == Invalidation.State.CANCELLED else ''}: "
            f"{invalidation.description}. Reason: {invalidation.reason}"
        ),
        actor=invalidation.created_by,
        invalidation_id=invalidation.pk,
    )
    return invalidation


def invalidation_reverse(*, invalidation: Invalidation, actor: Any) -> int:
    """Put back every signature a bulk invalidation took out, in the state it had
    (counted again if it was counted). Returns how many were restored."""
    reversing = Invalidation.objects.filter(
        pk=invalidation.pk, state__in=[Invalidation.State.DONE, Invalidation.State.CANCELLED]
    ).update(state=Invalidation.State.REVERSING)
    if not reversing:
        raise ApplicationError("Only a finished or cancelled invalidation can be reversed")
    restored = 0
    with transaction.atomic():
        rows = Signature.objects.select_for_update().filter(
            invalidation=invalidation, state=Signature.State.INVALIDATED
        )
        for row in rows:
            row.state = row.state_before_invalidation or Signature.State.PENDING
            row.invalidated_at = None
            row.invalidation = None
            row.state_before_invalidation = ""
            row.save(update_fields=["state", "invalidated_at", "invalidation", "state_before_invalidation"])
            if row.state in Signature.COUNTED_STATES:
                _tally_add(signature=row, delta=1)
            restored += 1
        Invalidation.objects.filter(pk=invalidation.pk).update(
            state=Invalidation.State.REVERSED, restored=restored, reversed_by=actor, reversed_at=timezone.now()
        )
        petition_record_event(
            petition=invalidation.petition,
            kind=PetitionEvent.Kind.SIGNATURES_RESTORED,
            description=f"Bulk invalidation reversed: {restored} signatures put back ({invalidation.description})",
            actor=actor,
            invalidation_id=invalidation.pk,
        )
    invalidation.refresh_from_db()
    return restored


def _anonymised_fields() -> dict[str, Any]:
    # The fields the counts are kept by (channel, state, country, postcode district,
    # area codes, confirmed_at) stay, so every count and breakdown stays exact.
    return {
        "name": "",
        "email": "",
        "email_normalised": "",
        "postcode": "",
        "ip_address": None,
        "ip_hash": "",
        "consent_wording": "",
        "token": "",
        "suspect_reason": "",
    }


def signature_withdraw(*, signature: Signature, now: datetime | None = None) -> None:
    """The signer asked (by email link, or by phone to staff) to withdraw: while the
    petition is open, take the signature out of the count and erase their details."""
    now = now or timezone.now()
    if signature.petition.state != Petition.State.OPEN:
        raise ApplicationError("The petition has closed, so signatures can no longer be withdrawn")
    with transaction.atomic():
        signature_invalidate(signature=signature, now=now)
        Signature.objects.filter(pk=signature.pk).update(anonymised_at=now, **_anonymised_fields())


def data_request_create(*, email: str, ip_address: str | None) -> DataRequest | None:
    """A signer asks what is held about their inbox: email them a link to see it, if
    anything is held. The caller shows the same page either way, so the page tells
    no one who has signed. Requests are limited per IP address and per inbox."""
    normalised = email_normalise(email)
    if "@" not in normalised:
        raise ApplicationError("Enter an email address in the correct format, like name@example.com", field="email")
    allowed = counter_hit(key=f"data-request-inbox:{normalised}", seconds=86400) <= DATA_REQUESTS_PER_INBOX_A_DAY
    if ip_address:
        allowed = (
            counter_hit(key=f"data-request-ip:{ip_address}", seconds=3600) <= DATA_REQUESTS_PER_IP_AN_HOUR and allowed
        )
    if not allowed or not Signature.objects.filter(email_normalised=normalised).exists():
        return None
    request = DataRequest.objects.create(email_normalised=normalised)
    latest = Signature.objects.filter(email_normalised=normalised).order_by("-created_at").first()
    to = latest.email if latest else email

    def enqueue() -> None:
        from .tasks import send_data_request_link

        send_data_request_link.enqueue(data_request_id=request.pk, to=to)

    transaction.on_commit(enqueue)
    return request


def signatures_anonymise(*, petition: Petition, now: datetime | None = None) -> int:
    """Remove signers' names, emails, full postcodes and IP addresses from a petition
    (the retention policy). Counts and breakdowns do not change. Returns how many."""
    now = now or timezone.now()
    with transaction.atomic():
        changed = Signature.objects.filter(petition=petition, anonymised_at__isnull=True).update(
            anonymised_at=now, **_anonymised_fields()
        )
        retention_mark_anonymised(petition=petition, now=now)
        petition_record_event(
            petition=petition,
            kind=PetitionEvent.Kind.ANONYMISED,
            description=f"Signers' personal data anonymised under the retention policy ({changed} signatures)",
            anonymised=changed,
        )
    return changed


def signatures_apply_retention(*, now: datetime | None = None) -> dict[str, int]:
    """The daily job: anonymise petitions past their retention period, replace IP
    addresses older than IP_RETENTION_DAYS by a keyed hash, drop old limit counters."""
    now = now or timezone.now()
    anonymised = sum(signatures_anonymise(petition=p, now=now) for p in petitions_due_for_anonymising(now=now))
    hashed = 0
    old = Signature.objects.filter(created_at__lt=ip_retention_cutoff(now=now), ip_address__isnull=False)
    for ip in old.values_list("ip_address", flat=True).distinct().order_by().iterator(chunk_size=2000):
        hashed += old.filter(ip_address=ip).update(ip_address=None, ip_hash=ip_hash(str(ip)))
    DataRequest.objects.filter(created_at__lt=now - timedelta(hours=DataRequest.LIFETIME_HOURS)).delete()
    return {"anonymised": anonymised, "ips_hashed": hashed, "counters_expired": counters_expire()}


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
    drift = {
        "online": after.online - before.online,
        "paper": after.paper - before.paper,
        "door": after.door - before.door,
    }
    if any(drift.values()):
        petition_record_event(
            petition=petition,
            kind=PetitionEvent.Kind.RECOUNTED,
            description=f"Recounted: online {before.online} → {after.online}, paper {before.paper} → {after.paper}"
            f", door to door {before.door} → {after.door}",
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
