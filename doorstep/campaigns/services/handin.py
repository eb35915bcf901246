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
from doorstep.paper.totals import paper_count_only
from doorstep.petitions.models import Petition
from doorstep.petitions.services import petition_close, petition_mark_handed_in
from doorstep.signatures.selectors.counts import petition_counts

from ..bundle_spec import covering_letter_check
from ..models import HandIn
from ..selectors import handin_bundle_stalled
from ..tasks import build_hand_in_bundle
from .common import campaign_event_record, text_required


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


@transaction.atomic
def handin_prepare(
    *,
    petition: Petition,
    actor: Actor,
    detail: HandIn.Detail = HandIn.Detail.DISTRICT,
    privacy_allows_postcode: bool = False,
    covering_letter: str = "",
    now: datetime | None = None,
) -> HandIn:
    """Close the petition if it is still open, freeze its count, and queue the bundle.
    Preparing again before the delivery is recorded counts again."""
    now = now or timezone.now()
    petition = Petition.objects.select_for_update().get(pk=petition.pk)
    _handin_check(petition=petition, detail=detail, privacy_allows_postcode=privacy_allows_postcode)
    covering_letter = (covering_letter or "").strip()
    covering_letter_check(covering_letter)
    if petition.state == Petition.State.OPEN:
        petition = petition_close(petition=petition, actor=actor, now=now, reason=_("to hand it in"))
    counts = petition_counts(petition=petition)
    hand_in, _created = HandIn.objects.update_or_create(
        petition=petition,
        defaults={
            "online_count": counts.online,
            "paper_keyed_count": counts.paper,
            "paper_tallied_count": paper_count_only(petition=petition),
            "door_count": counts.door,
            "frozen_at": now,
            "detail": detail,
            "covering_letter": covering_letter,
            "bundle_state": HandIn.BundleState.QUEUED,
            "bundle_rows_done": 0,
            "bundle_rows_total": 0,
            "bundle_error": "",
        },
    )
    campaign_event_record(
        petition=petition,
        actor=actor,
        description=ngettext(
            "Count frozen for the hand-in at %(total)s signature",
            "Count frozen for the hand-in at %(total)s signatures",
            hand_in.total,
        )
        % {"total": f"{hand_in.total:,}"},
        online=hand_in.online_count,
        paper_keyed=hand_in.paper_keyed_count,
        paper_tallied=hand_in.paper_tallied_count,
    )
    transaction.on_commit(partial(build_hand_in_bundle.enqueue, hand_in_id=hand_in.pk))
    return hand_in


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
    notes: str = "",
) -> HandIn:
    """Record that the petition was handed in: to whom, when, how, how many signatures."""
    hand_in = HandIn.objects.select_for_update().filter(petition=petition).first()
    if hand_in is None:
        raise ApplicationError(_("Prepare the hand-in (which freezes the count) before recording its delivery"))
    delivered_to = text_required(delivered_to, field="delivered_to", message=_("Say who it was handed in to"))
    if method not in HandIn.Method.values:
        raise ApplicationError(_("Choose how it was handed in"), field="delivery_method")
    if count < 0 or count > hand_in.total:
        raise ApplicationError(
            _("The number delivered must be between 0 and the frozen count, %(total)s")
            % {"total": f"{hand_in.total:,}"},
            field="delivered_count",
        )
    if delivered_on > timezone.localdate():
        raise ApplicationError(_("The date of the hand-in cannot be in the future"), field="delivered_on")
    petition_mark_handed_in(
        petition=petition,
        actor=actor,
        description=ngettext(
            "Handed in to %(to)s on %(date)s with %(count)s signature",
            "Handed in to %(to)s on %(date)s with %(count)s signatures",
            count,
        )
        % {"to": delivered_to, "date": date_format(delivered_on, "d F Y"), "count": f"{count:,}"},
    )
    hand_in.delivered_to = delivered_to
    hand_in.delivered_on = delivered_on
    hand_in.delivery_method = method
    hand_in.delivered_count = count
    hand_in.delivery_notes = notes.strip()
    hand_in.delivery_recorded_by = actor
    hand_in.save()
    return hand_in
