"""A resident asks for a pack on the petition page, or the office logs a request made by
phone or email. A second request from one address is kept, flagged, until staff decide; so is
a request from the page that trust holds (over a limit, on a block list, a bot's)."""

import contextlib
import re
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from doorstep.accounts.models import Actor
from doorstep.core.errors import ApplicationError
from doorstep.core.languages import Language, language_of
from doorstep.petitions.models import Petition
from doorstep.places.postcodes import InvalidPostcode, postcode_normalise
from doorstep.trust.selectors import switches_get
from doorstep.trust.services import pack_request_check

from ..models import Pack
from .circulation import pack_event_add

PHONE = re.compile(r"\+?[0-9 ()-]{7,25}")


@dataclass(frozen=True)
class _Address:
    name: str
    address_line_1: str
    address_line_2: str
    town: str
    postcode: str

    @property
    def key(self) -> str:
        """Postcode plus first line, squeezed: two requests from one address match."""
        line = re.sub(r"[^a-z0-9]", "", self.address_line_1.lower())
        return (self.postcode.replace(" ", "") + ":" + line)[:120]


def _requests_open_check(*, petition: Petition, source: str, now: datetime) -> None:
    if not petition.is_signable(now):
        raise ApplicationError(_("This petition is not taking signatures, so no packs can be sent"))
    # The staff kill switch stops requests from the website; the office can still log a call.
    if source == Pack.Source.WEBSITE and switches_get().pack_requests_stopped:
        raise ApplicationError(_("Requests for paper packs are paused. Please try again later."))


def _required(value: str, message: str, field: str, max_length: int) -> str:
    value = " ".join((value or "").split())
    if not value:
        raise ApplicationError(message, field=field)
    if len(value) > max_length:
        raise ApplicationError(_("Use {max} characters or fewer").format(max=max_length), field=field)
    return value


def _address_clean(*, name: str, address_line_1: str, address_line_2: str, town: str, postcode: str) -> _Address:
    name = _required(name, _("Enter your full name"), "name", 100)
    address_line_1 = _required(address_line_1, _("Enter the first line of your address"), "address_line_1", 100)
    address_line_2 = " ".join((address_line_2 or "").split())[:100]
    town = _required(town, _("Enter your town or city"), "town", 60)
    try:
        postcode = postcode_normalise(postcode)
    except InvalidPostcode as exc:
        raise ApplicationError(str(exc), field="postcode") from exc
    return _Address(name, address_line_1, address_line_2, town, postcode)


def _contact_clean(*, email: str, phone: str) -> tuple[str, str]:
    email, phone = (email or "").strip(), " ".join((phone or "").split())
    if not email and not phone:
        raise ApplicationError(
            _("Give an email address or a phone number, so we can contact you about the pack"), field="email"
        )
    if phone and not PHONE.fullmatch(phone):
        raise ApplicationError(_("Enter a phone number, like 01632 960 001"), field="phone")
    return email, phone


def _request_check(*, sheets: int, contact_consent: bool, source: str) -> None:
    if not Pack.SHEETS_MIN <= sheets <= Pack.SHEETS_MAX:
        raise ApplicationError(
            _("Ask for between {min} and {max} sheets").format(min=Pack.SHEETS_MIN, max=Pack.SHEETS_MAX),
            field="sheets",
        )
    if not contact_consent:
        raise ApplicationError(_("We can only send a pack if we may contact you about it"), field="contact_consent")
    if source not in Pack.Source.values:
        raise ApplicationError(_("Choose how the request came in"), field="source")


def pack_request(
    *,
    petition: Petition,
    name: str,
    address_line_1: str,
    address_line_2: str = "",
    town: str,
    postcode: str,
    email: str = "",
    phone: str = "",
    sheets: int,
    contact_consent: bool,
    updates_consent: bool = False,
    source: str = Pack.Source.WEBSITE,
    language: str = Language.ENGLISH,
    actor: Actor = None,
    held_reason: str = "",
    now: datetime | None = None,
) -> Pack:
    """A resident asks for a pack, on the petition page or through the office. A second
    request from the same address is kept but flagged, and not printed until staff decide; so is
    one with a `held_reason` (pack_request_checked). Its letter, sheets, emails are in `language`."""
    now = now or timezone.now()
    _requests_open_check(petition=petition, source=source, now=now)
    lines = {"address_line_1": address_line_1, "address_line_2": address_line_2, "town": town}
    address = _address_clean(name=name, **lines, postcode=postcode)
    email, phone = _contact_clean(email=email, phone=phone)
    _request_check(sheets=sheets, contact_consent=contact_consent, source=source)
    with transaction.atomic():
        same_address = Pack.objects.filter(petition=petition, address_key=address.key).order_by("pk")
        earlier = same_address.exclude(state=Pack.State.CANCELLED).first()
        pack = Pack.objects.create(
            petition=petition,
            source=source,
            **asdict(address),
            email=email,
            phone=phone,
            sheets_requested=sheets,
            contact_consent=True,
            updates_consent=updates_consent,
            language=language_of(language),
            address_key=address.key,
            possible_duplicate_of=earlier,
            held_reason=held_reason[:200],
            logged_by=actor,
            requested_at=now,
            state_changed_at=now,
        )
        pack_event_add(pack=pack, state=Pack.State.REQUESTED, actor=actor, now=now, note=_request_note(pack))
    return pack


def _request_note(pack: Pack) -> str:
    notes = []
    if pack.possible_duplicate_of_id:
        notes.append(_("Same address as pack {pack}").format(pack=pack.possible_duplicate_of_id))
    if pack.held_reason:
        notes.append(_("Held for staff: {reason}").format(reason=pack.held_reason))
    return "; ".join(notes)[:300]


def pack_request_checked(
    *,
    petition: Petition,
    ip_address: str | None,
    honeypot: str = "",
    proof_of_work_failed: bool = False,
    **request: Any,
) -> Pack:
    """A request from the petition page (the public form's way in): trust checks it as it checks
    signing, and one it holds is kept for staff, out of print batches until they release it. The
    resident is told nothing different. `request` is pack_request's."""
    postcode = ""
    with contextlib.suppress(InvalidPostcode):
        postcode = postcode_normalise(request.get("postcode", ""))
    verdict = pack_request_check(
        petition_id=petition.pk,
        ip_address=ip_address,
        postcode=postcode,
        email=request.get("email", ""),
        honeypot=honeypot,
        proof_of_work_failed=proof_of_work_failed,
    )
    return pack_request(petition=petition, **request, source=Pack.Source.WEBSITE, held_reason=verdict.reason)


def pack_release(*, pack: Pack, actor: Actor, now: datetime | None = None) -> Pack:
    """Staff checked a held request and want it sent: it is printed with the next batch."""
    now = now or timezone.now()
    with transaction.atomic():
        if (
            not Pack.objects.filter(pk=pack.pk, state=Pack.State.REQUESTED)
            .exclude(held_reason="")
            .update(held_reason="")
        ):
            raise ApplicationError(_("Pack {pack} is not held").format(pack=pack.pk))
        pack_event_add(pack=pack, state=pack.state, actor=actor, now=now, note=_("Checked: released for printing"))
    pack.held_reason = ""
    return pack


def pack_clear_duplicate(*, pack: Pack, actor: Actor, now: datetime | None = None) -> Pack:
    """Staff checked a flagged request: it is wanted after all (say, a neighbour in a flat)."""
    now = now or timezone.now()
    with transaction.atomic():
        Pack.objects.filter(pk=pack.pk).update(possible_duplicate_of=None)
        pack_event_add(pack=pack, state=pack.state, actor=actor, now=now, note=_("Checked: not a duplicate request"))
    pack.possible_duplicate_of = None
    return pack
