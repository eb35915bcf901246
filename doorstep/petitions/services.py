from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from doorstep.accounts.models import Actor
from doorstep.core.errors import ApplicationError, text_required
from doorstep.core.languages import WELSH_SUFFIX, text_pair_required

# tasks.py imports this module too: both import the module, not its names, so either may load first.
from . import tasks
from .models import Petition, PetitionEvent
from .signals import state_changed

# The fields staff edit on the petition form.
PETITION_FIELDS = (
    "action",
    "action_cy",
    "background",
    "background_cy",
    "additional_details",
    "additional_details_cy",
    "addressed_to",
    "creator_name",
    "target",
    "opening_date",
    "closing_date",
    "home_area_kind",
    "home_area_code",
    "bilingual_sheets",
    "organiser_name",
    "organiser_address",
    "organiser_phone",
    "organiser_email",
    "organiser_logo",
)
# Texts a petition needs in at least one language: the English field and its Welsh one.
REQUIRED_TEXTS = {
    "action": gettext_lazy("Say what the petition asks for, in English, in Welsh or in both"),
    "background": gettext_lazy("Give the background, in English, in Welsh or in both"),
}


def _event(
    *, petition: Petition, kind: PetitionEvent.Kind, description: str, actor: Actor = None, **data: Any
) -> PetitionEvent:
    return PetitionEvent.objects.create(petition=petition, kind=kind, description=description, actor=actor, data=data)


def _day(value: date) -> str:
    return date_format(value, "j F Y")


def _state(petition: Petition) -> str:
    """The petition's state as a word in a sentence: "open", "handed in"."""
    return str(petition.get_state_display()).lower()


def _locked(petition: Petition, *, states: tuple[Petition.State, ...] = (), refusal: str = "") -> Petition:
    """The petition read again and locked to the end of the transaction; refused with
    `refusal` (which may name its %(state)s) unless it is in one of `states`."""
    petition = Petition.objects.select_for_update().get(pk=petition.pk)
    if states and petition.state not in states:
        raise ApplicationError(refusal % {"state": _state(petition)})
    return petition


def _announce(petition: Petition) -> None:
    """Send `state_changed` once the transaction has committed."""
    petition_id, state = petition.pk, Petition.State(petition.state)
    transaction.on_commit(lambda: state_changed.send(sender=Petition, petition_id=petition_id, state=state))


def _schedule_close(petition: Petition) -> None:
    closes_at = petition.closes_at
    petition_id = petition.pk

    def enqueue() -> None:
        task = tasks.close_petition_when_due
        if task.get_backend().supports_defer:
            task = task.using(run_after=closes_at)
        elif closes_at > timezone.now():
            return  # A backend that cannot wait: the public state covers the gap.
        task.enqueue(petition_id=petition_id)

    transaction.on_commit(enqueue)


def _check_dates(*, opening_date: date | None, closing_date: date, today: date) -> None:
    if opening_date and closing_date < opening_date:
        raise ApplicationError(_("The closing date must be on or after the opening date"), field="closing_date")
    if closing_date < today:
        raise ApplicationError(_("The closing date must be today or in the future"), field="closing_date")


def _check_texts(petition: Petition) -> None:
    """Each required text in English, in Welsh, or in both."""
    for name, message in REQUIRED_TEXTS.items():
        welsh = name + WELSH_SUFFIX
        english_text, welsh_text = text_pair_required(
            getattr(petition, name), getattr(petition, welsh), field=name, message=str(message)
        )
        setattr(petition, name, english_text)
        setattr(petition, welsh, welsh_text)


@transaction.atomic
def petition_create(*, actor: Actor, state: Petition.State = Petition.State.DRAFT, **fields: Any) -> Petition:
    """A draft made by staff, or (state PENDING) a petition a resident started under the
    petition scheme, waiting for them to confirm their email address."""
    unknown = set(fields) - set(PETITION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown petition fields: {sorted(unknown)}")
    if state not in Petition.CREATED_STATES:
        raise ValueError(f"A petition cannot be created {state}")
    _check_dates(
        opening_date=fields.get("opening_date"),
        closing_date=fields["closing_date"],
        today=timezone.localdate(),
    )
    petition = Petition(created_by=actor, state=state, **fields)
    _check_texts(petition)
    petition.full_clean()
    petition.save()
    description = _("Petition created")
    if state == Petition.State.PENDING:
        description = _("Petition started by a resident, waiting for them to confirm their email address")
    _event(petition=petition, kind=PetitionEvent.Kind.CREATED, description=description, actor=actor)
    return petition


@transaction.atomic
def petition_update(*, petition: Petition, actor: Actor, **fields: Any) -> Petition:
    """Edit the wording and figures. The closing date of an open petition changes
    only through petition_change_closing_date, which asks for a reason."""
    petition = _locked(petition)
    if petition.state not in Petition.EDITABLE_STATES:
        raise ApplicationError(_("A closed petition can no longer be edited"))
    unknown = set(fields) - set(PETITION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown petition fields: {sorted(unknown)}")
    if petition.state == Petition.State.OPEN:
        if fields.get("closing_date", petition.closing_date) != petition.closing_date:
            raise ApplicationError(
                _("Change the closing date of an open petition with 'Change closing date'"),
                field="closing_date",
            )
        if fields.get("opening_date", petition.opening_date) != petition.opening_date:
            raise ApplicationError(_("An open petition's opening date cannot change"), field="opening_date")
    else:
        _check_dates(
            opening_date=fields.get("opening_date", petition.opening_date),
            closing_date=fields.get("closing_date", petition.closing_date),
            today=timezone.localdate(),
        )
    changed = {
        name: [str(getattr(petition, name)), str(value)]
        for name, value in fields.items()
        if getattr(petition, name) != value
    }
    if not changed:
        return petition
    for name, value in fields.items():
        setattr(petition, name, value)
    _check_texts(petition)
    petition.full_clean()
    petition.save()
    labels = ", ".join(str(getattr(Petition._meta.get_field(name), "verbose_name", name)) for name in changed)
    _event(
        petition=petition,
        kind=PetitionEvent.Kind.EDITED,
        description=_("Changed: %(fields)s") % {"fields": labels},
        actor=actor,
        changes=changed,
    )
    return petition


@transaction.atomic
def petition_open(
    *, petition: Petition, actor: Actor, now: datetime | None = None, closing_date: date | None = None
) -> Petition:
    """Open a draft, or publish a resident's petition a moderator approved (with its `closing_date`)."""
    now = now or timezone.now()
    petition = _locked(
        petition,
        states=Petition.OPENABLE_STATES,
        refusal=_("Only a draft petition can be opened; this one is %(state)s"),
    )
    if closing_date is not None:
        petition.closing_date = closing_date
    if petition.closes_at <= now:
        raise ApplicationError(_("The closing date has passed: set a later one before opening"), field="closing_date")
    petition.state = Petition.State.OPEN
    petition.opened_at = now
    petition.original_closing_date = petition.closing_date
    petition.save()
    closing = _day(petition.closing_date)
    if petition.opening_date and petition.opening_date > now.date():
        description = _("Opened for signatures from %(opening)s, closing %(closing)s") % {
            "opening": _day(petition.opening_date),
            "closing": closing,
        }
    else:
        description = _("Opened for signatures now, closing %(closing)s") % {"closing": closing}
    _event(petition=petition, kind=PetitionEvent.Kind.OPENED, description=description, actor=actor)
    _schedule_close(petition)
    return petition


@transaction.atomic
def petition_close(*, petition: Petition, actor: Actor, now: datetime | None = None, reason: str = "") -> Petition:
    now = now or timezone.now()
    petition = _locked(
        petition,
        states=(Petition.State.OPEN,),
        refusal=_("Only an open petition can be closed; this one is %(state)s"),
    )
    petition.state = Petition.State.CLOSED
    petition.closed_at = min(now, petition.closes_at)
    petition.save()
    description = _("Closed")
    if actor is None:
        description = _("Closed at the end of %(closing)s") % {"closing": _day(petition.closing_date)}
    elif reason:
        description = _("Closed early: %(reason)s") % {"reason": reason}
    _event(petition=petition, kind=PetitionEvent.Kind.CLOSED, description=description, actor=actor)
    _announce(petition)
    return petition


def petition_close_if_due(*, petition_id: int, now: datetime | None = None) -> bool:
    """Close an open petition whose closing time has passed. The closing date may
    have moved since this was scheduled, so check again rather than trust the queue."""
    now = now or timezone.now()
    petition = Petition.objects.filter(pk=petition_id, state=Petition.State.OPEN).first()
    if petition is None or petition.closes_at > now:
        return False
    petition_close(petition=petition, actor=None, now=now)
    return True


def petitions_close_expired(*, now: datetime | None = None) -> int:
    """Close every open petition past its closing time (the repair for a lost task)."""
    now = now or timezone.now()
    closed = 0
    for petition_id in Petition.objects.filter(
        state=Petition.State.OPEN, closing_date__lt=timezone.localdate(now)
    ).values_list("pk", flat=True):
        closed += petition_close_if_due(petition_id=petition_id, now=now)
    return closed


@transaction.atomic
def petition_change_closing_date(
    *, petition: Petition, actor: Actor, closing_date: date, reason: str, now: datetime | None = None
) -> Petition:
    """Extend the petition, or bring its close forward, keeping the reason."""
    now = now or timezone.now()
    reason = text_required(reason, field="reason", message=_("Give the reason for changing the closing date"))
    petition = _locked(petition)
    if petition.state not in Petition.DEADLINE_CHANGEABLE_STATES:
        raise ApplicationError(
            _("The closing date of a %(state)s petition cannot change") % {"state": _state(petition)}
        )
    if closing_date == petition.closing_date:
        raise ApplicationError(_("That is already the closing date"), field="closing_date")
    _check_dates(opening_date=petition.opening_date, closing_date=closing_date, today=timezone.localdate(now))
    old = petition.closing_date
    petition.closing_date = closing_date
    petition.save()
    dates = {"old": _day(old), "new": _day(closing_date), "reason": reason}
    if closing_date > old:
        description = _("Extended from %(old)s to %(new)s: %(reason)s") % dates
    else:
        description = _("Brought forward from %(old)s to %(new)s: %(reason)s") % dates
    _event(
        petition=petition,
        kind=PetitionEvent.Kind.CLOSING_DATE_CHANGED,
        description=description,
        actor=actor,
        old=old.isoformat(),
        new=closing_date.isoformat(),
        reason=reason,
    )
    if petition.state == Petition.State.OPEN:
        _schedule_close(petition)
    return petition


@transaction.atomic
def petition_mark_handed_in(
    *, petition: Petition, actor: Actor, description: str, now: datetime | None = None
) -> Petition:
    """A closed petition has been delivered: it is now handed in (the campaigns app keeps the details)."""
    now = now or timezone.now()
    petition = _locked(
        petition,
        states=(Petition.State.CLOSED,),
        refusal=_("Only a closed petition can be handed in; this one is %(state)s"),
    )
    petition.state = Petition.State.HANDED_IN
    petition.handed_in_at = now
    petition.save()
    _event(petition=petition, kind=PetitionEvent.Kind.HANDED_IN, description=description, actor=actor)
    return petition


@transaction.atomic
def petition_move(
    *,
    petition: Petition,
    actor: Actor,
    to: Petition.State,
    kind: PetitionEvent.Kind,
    description: str,
    now: datetime | None = None,
    **data: Any,
) -> Petition:
    """Move a resident's petition along the petition scheme (Petition.SCHEME_MOVES): confirmed by
    its creator, supported, rejected or hidden. ApplicationError if it cannot move there from
    where it is now, so of two moves at once only the first happens."""
    petition = _locked(petition)
    if to not in Petition.SCHEME_MOVES.get(Petition.State(petition.state), ()):
        raise ApplicationError(
            _("A petition that is %(state)s cannot become %(to)s")
            % {"state": _state(petition), "to": str(Petition.State(to).label).lower()}
        )
    petition.state = to
    if to in Petition.TURNED_DOWN_STATES and petition.rejected_at is None:
        petition.rejected_at = now or timezone.now()
    petition.save()
    _event(petition=petition, kind=kind, description=description, actor=actor, **data)
    _announce(petition)
    return petition


REWORDABLE_FIELDS = ("action", "background", "additional_details")


@transaction.atomic
def petition_reword(*, petition: Petition, actor: Actor, description: str, **text: str) -> Petition:
    """Change the words of a resident's petition before it opens, as its creator agreed."""
    if set(text) - set(REWORDABLE_FIELDS):
        raise TypeError(f"Only {REWORDABLE_FIELDS} can be reworded")
    petition = _locked(
        petition,
        states=Petition.STARTED_STATES,
        refusal=_("Only a petition waiting for moderation can be reworded; this one is %(state)s"),
    )
    changes = {
        name: [getattr(petition, name), value] for name, value in text.items() if getattr(petition, name) != value
    }
    for name, value in text.items():
        setattr(petition, name, value)
    petition.full_clean()
    petition.save()
    _event(petition=petition, kind=PetitionEvent.Kind.EDITED, description=description, actor=actor, changes=changes)
    return petition


def petition_record_event(
    *, petition: Petition, kind: PetitionEvent.Kind, description: str, actor: Actor = None, **data: Any
) -> None:
    """For other apps (exports, recounts) to add to a petition's audit trail."""
    _event(petition=petition, kind=kind, description=description, actor=actor, **data)
