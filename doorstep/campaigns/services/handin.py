"""The hand-in: closing the petition, freezing its count and queueing the bundle, then
recording its delivery."""

from datetime import date, datetime
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from doorstep.accounts.models import Actor
from doorstep.core.errors import ApplicationError
from doorstep.paper.totals import Figures, petition_figures
from doorstep.petitions.models import Petition
from doorstep.petitions.services import petition_close, petition_mark_handed_in

from ..bundle_spec import covering_letter_check, covering_letter_figures_check
from ..models import HandIn
from ..selectors import handin_bundle_stalled
from ..tasks import build_hand_in_bundle
from .common import campaign_event_record, text_required

REASON_MAX = 500  # characters, as HandIn.delivered_count_reason keeps


def _handin_check(*, petition: Petition, detail: str, privacy_allows_postcode: bool) -> None:
    if petition.state == Petition.State.DRAFT:
        raise ApplicationError(_("A draft petition cannot be handed in"))
    if petition.state == Petition.State.HANDED_IN:
        raise ApplicationError(_("This petition has been handed in already"))
    if detail not in HandIn.Detail.values:
        raise ApplicationError(_("Choose what the schedule shows"), field="detail")
    if detail == HandIn.Detail.POSTCODE and not privacy_allows_postcode:
        raise ApplicationError(
            _(
                "Full postcodes can be handed in only if the privacy notice told signers so; otherwise choose "
                "postcode districts"
            ),
            field="privacy_allows_postcode",
        )


def _frozen_event_record(*, petition: Petition, actor: Actor, figures: Figures) -> None:
    campaign_event_record(
        petition=petition,
        actor=actor,
        description=ngettext(
            "Count frozen for the hand-in at %(total)s signature",
            "Count frozen for the hand-in at %(total)s signatures",
            figures.total,
        )
        % {"total": f"{figures.total:,}"},
        online=figures.online,
        paper_keyed=figures.paper,
        door=figures.door,
        paper_tallied=figures.tallied,
    )


@transaction.atomic
def handin_prepare(
    *,
    petition: Petition,
    actor: Actor,
    detail: HandIn.Detail = HandIn.Detail.DISTRICT,
    privacy_allows_postcode: bool = False,
    covering_letter: str = "",
    list_scans: bool = False,
    now: datetime | None = None,
) -> HandIn:
    """Close the petition if it is still open, freeze its count, and queue the bundle
    (`list_scans`: its index of paper sheets says which sheets have a scan held, and where).
    Preparing again before the delivery is recorded counts again."""
    now = now or timezone.now()
    petition = Petition.objects.select_for_update().get(pk=petition.pk)
    _handin_check(petition=petition, detail=detail, privacy_allows_postcode=privacy_allows_postcode)
    covering_letter = (covering_letter or "").strip()
    covering_letter_check(covering_letter)
    if petition.state == Petition.State.OPEN:
        petition = petition_close(petition=petition, actor=actor, now=now, reason=_("to hand it in"))
    figures = petition_figures(petition=petition)
    covering_letter_figures_check(covering_letter, figures)
    hand_in, _created = HandIn.objects.update_or_create(
        petition=petition,
        defaults={
            "online_count": figures.online,
            "paper_keyed_count": figures.paper,
            "paper_tallied_count": figures.tallied,
            "door_count": figures.door,
            "frozen_at": now,
            "detail": detail,
            "covering_letter": covering_letter,
            "list_scans": list_scans,
            "bundle_state": HandIn.BundleState.QUEUED,
            "bundle_rows_done": 0,
            "bundle_rows_total": 0,
            "bundle_error": "",
        },
    )
    _frozen_event_record(petition=petition, actor=actor, figures=figures)
    transaction.on_commit(partial(build_hand_in_bundle.enqueue, hand_in_id=hand_in.pk))
    return hand_in


def handin_delivery_text(*, hand_in: HandIn) -> str:
    """What a recorded delivery says, wherever it is told: to whom, when, how many signatures,
    and, when that is not the frozen count, the count and why they differ."""
    assert hand_in.delivered_on is not None and hand_in.delivered_count is not None
    text = ngettext(
        "Handed in to %(to)s on %(date)s with %(count)s signature.",
        "Handed in to %(to)s on %(date)s with %(count)s signatures.",
        hand_in.delivered_count,
    ) % {
        "to": hand_in.delivered_to,
        "date": date_format(hand_in.delivered_on, "j F Y"),
        "count": f"{hand_in.delivered_count:,}",
    }
    note = handin_count_note(hand_in=hand_in)
    return f"{text} {note}" if note else text


def handin_count_note(*, hand_in: HandIn) -> str:
    """Beside a number handed in that is not the frozen count: the count, and why they differ."""
    if not hand_in.delivered_differs:
        return ""
    return _("The count was %(total)s: %(reason)s") % {
        "total": f"{hand_in.figures.total:,}",
        "reason": hand_in.delivered_count_reason,
    }


def _delivered_count_check(*, hand_in: HandIn, count: int, reason: str) -> None:
    """Between none and the count with the tallied sheets; a number other than the count says why."""
    figures = hand_in.figures
    if count < 0 or count > figures.total_with_tallied:
        message = _("The number delivered must be between 0 and the frozen count, %(total)s")
        if figures.tallied:
            message = _(
                "The number delivered must be between 0 and %(most)s: the frozen count, %(total)s, and the "
                "%(tallied)s on tallied sheets"
            )
        numbers = {"total": figures.total, "tallied": figures.tallied, "most": figures.total_with_tallied}
        raise ApplicationError(message % {key: f"{n:,}" for key, n in numbers.items()}, field="delivered_count")
    if len(reason) > REASON_MAX:
        raise ApplicationError(
            _("Say why in at most %(max)s characters") % {"max": REASON_MAX}, field="delivered_count_reason"
        )
    if count != figures.total and not reason:
        raise ApplicationError(
            _("%(count)s is not the frozen count, %(total)s: say why the number handed in differs")
            % {"count": f"{count:,}", "total": f"{figures.total:,}"},
            field="delivered_count_reason",
        )


@transaction.atomic
def handin_bundle_restart(*, hand_in: HandIn, actor: Actor) -> HandIn:
    """Make the bundle again from nothing, when the worker making it stopped part way or it failed."""
    hand_in = HandIn.objects.select_for_update().get(pk=hand_in.pk)
    if hand_in.bundle_state != HandIn.BundleState.FAILED and not handin_bundle_stalled(hand_in=hand_in):
        raise ApplicationError(_("The bundle is not stuck: it is ready, or a worker is making it"))
    hand_in.bundle_state = HandIn.BundleState.QUEUED
    hand_in.bundle_rows_done = 0
    hand_in.bundle_error = ""
    hand_in.save(update_fields=["bundle_state", "bundle_rows_done", "bundle_error", "updated_at"])
    campaign_event_record(
        petition=hand_in.petition, actor=actor, description=_("Hand-in bundle started again"), hand_in_id=hand_in.pk
    )
    transaction.on_commit(partial(build_hand_in_bundle.enqueue, hand_in_id=hand_in.pk))
    return hand_in


@transaction.atomic
def handin_record_delivery(
    *,
    petition: Petition,
    actor: Actor,
    delivered_to: str,
    delivered_on: date,
    method: HandIn.Method,
    count: int,
    count_reason: str = "",
    notes: str = "",
) -> HandIn:
    """Record that the petition was handed in: to whom, when, how, how many signatures (the
    frozen count, or another number with the reason, which the public page shows)."""
    hand_in = HandIn.objects.select_for_update().filter(petition=petition).first()
    if hand_in is None:
        raise ApplicationError(_("Prepare the hand-in (which freezes the count) before recording its delivery"))
    delivered_to = text_required(delivered_to, field="delivered_to", message=_("Say who it was handed in to"))
    if method not in HandIn.Method.values:
        raise ApplicationError(_("Choose how it was handed in"), field="delivery_method")
    count_reason = (count_reason or "").strip()
    _delivered_count_check(hand_in=hand_in, count=count, reason=count_reason)
    if delivered_on > timezone.localdate():
        raise ApplicationError(_("The date of the hand-in cannot be in the future"), field="delivered_on")
    hand_in.delivered_to = delivered_to
    hand_in.delivered_on = delivered_on
    hand_in.delivery_method = method
    hand_in.delivered_count = count
    hand_in.delivered_count_reason = count_reason if count != hand_in.figures.total else ""
    hand_in.delivery_notes = notes.strip()
    hand_in.delivery_recorded_by = actor
    petition_mark_handed_in(petition=petition, actor=actor, description=handin_delivery_text(hand_in=hand_in))
    hand_in.save()
    return hand_in
