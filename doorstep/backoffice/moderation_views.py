"""Staff pages for the petition scheme: the moderation queue, a resident's petition with its flags
and the decision on it, new words for its creator to accept, the standard reasons, and debates."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from doorstep.accounts.models import Actor
from doorstep.petitions import selectors as petition_selectors
from doorstep.petitions.models import Petition
from doorstep.scheme.models import Decision, Proposal, RejectionReason
from doorstep.scheme.selectors import moderation as moderation_selectors
from doorstep.scheme.selectors.flags import text_marked
from doorstep.scheme.selectors.proposals import proposal_support
from doorstep.scheme.selectors.thresholds import petition_progress
from doorstep.scheme.services.moderation import Refusal, petition_publish, petition_turn_down
from doorstep.scheme.services.reasons import reason_save
from doorstep.scheme.services.rewording import rewording_propose
from doorstep.scheme.services.thresholds import debate_outcome_record, debate_schedule
from doorstep.signatures.selectors.counts import petition_counts
from doorstep.trust.models import PersonalDataAccess
from doorstep.trust.services import personal_data_access_record

from .access import staff_only, staff_user
from .flows import form_saved, posted
from .moderation_forms import DebateOutcomeForm, DebateScheduleForm, DecisionForm, ReasonForm, RewordingForm


@staff_only("can_manage_petitions")
def queue(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "backoffice/moderation/queue.html",
        {
            "waiting": moderation_selectors.moderation_queue(),
            "before": moderation_selectors.proposals_before_moderation(),
            "decisions": moderation_selectors.decisions_recent(),
        },
    )


def _proposal(petition_id: int) -> Proposal:
    proposal = moderation_selectors.proposal_for_moderation(petition_id=petition_id)
    if proposal is None:
        raise Http404("No petition started by a resident with this number")
    return proposal


def _decide(petition: Petition, actor: Actor, data: dict[str, Any]) -> Decision:
    if data["outcome"] == Decision.Outcome.PUBLISH:
        return petition_publish(petition=petition, actor=actor, flags_seen=data["flags_seen"])
    refusal = Refusal(
        reason=data["reason"],
        details=data["details"],
        duplicate_of_id=data["duplicate_of"],
        elsewhere=data["elsewhere"],
    )
    return petition_turn_down(
        petition=petition, actor=actor, refusal=refusal, hide=data["outcome"] == Decision.Outcome.HIDE
    )


def _decided(decision: Decision) -> str:
    return _("Petition %(number)s: %(outcome)s") % {
        "number": decision.petition_id,
        "outcome": str(decision.get_outcome_display()).lower(),
    }


@staff_only("can_manage_petitions")
def petition(request: HttpRequest, petition_id: int) -> HttpResponse:
    """A resident's petition: its words with the flagged text marked, its supporters, its history, and the decision."""
    proposal = _proposal(petition_id)
    petition = proposal.petition
    form = DecisionForm(posted(request))
    if form_saved(request, form, lambda data: _decide(petition, staff_user(request), data), success=_decided):
        return redirect("backoffice:moderation")
    marked = {
        name: text_marked(text=getattr(petition, name), flags=proposal.flags)
        for name in ("action", "background", "additional_details")
    }
    user = staff_user(request)
    if user.can_read_personal_data:  # the page shows the creator's email address and postcode
        personal_data_access_record(
            user=user,
            action=PersonalDataAccess.Action.VIEWED,
            what=_("the creator of a resident's petition"),
            petition=petition,
            rows=1,
            path=request.path,
        )
    return render(
        request,
        "backoffice/moderation/petition.html",
        {
            "proposal": proposal,
            "petition": petition,
            "marked": marked,
            "form": form,
            "decidable": petition.state in (*Petition.STARTED_STATES, *Petition.TURNED_DOWN_STATES),
            "rewordable": petition.state in Petition.STARTED_STATES,
            "support": proposal_support(proposal=proposal),
            "decisions": moderation_selectors.decisions_of(petition=petition),
            "rewordings": moderation_selectors.rewordings_of(proposal=proposal),
            "events": petition_selectors.petition_events(petition=petition),
        },
    )


@staff_only("can_manage_petitions")
def rewording(request: HttpRequest, petition_id: int) -> HttpResponse:
    proposal = _proposal(petition_id)
    petition = proposal.petition
    form = RewordingForm(
        posted(request),
        initial={name: getattr(petition, name) for name in ("action", "background", "additional_details")},
    )
    saved = form_saved(
        request,
        form,
        lambda data: rewording_propose(proposal=proposal, actor=staff_user(request), **data),
        success=_("The new words were emailed to the petition's creator to accept or decline"),
    )
    if saved is not None:
        return redirect("backoffice:moderation_petition", petition_id=petition.pk)
    return render(request, "backoffice/moderation/rewording.html", {"petition": petition, "form": form})


@staff_only("can_manage_petitions")
def reasons(request: HttpRequest) -> HttpResponse:
    form = ReasonForm(posted(request), initial={"active": True})
    saved = form_saved(
        request,
        form,
        lambda data: reason_save(actor=staff_user(request), **data),
        success=_("Reason added"),
    )
    if saved is not None:
        return redirect("backoffice:moderation_reasons")
    return render(
        request, "backoffice/moderation/reasons.html", {"reasons": moderation_selectors.reasons_all(), "form": form}
    )


@staff_only("can_manage_petitions")
def reason(request: HttpRequest, reason_id: int) -> HttpResponse:
    found: RejectionReason | None = moderation_selectors.reason_get(reason_id=reason_id)
    if found is None:
        raise Http404("No such reason")
    fields = ("title", "description", "asks", "hides", "active")
    form = ReasonForm(posted(request), initial={name: getattr(found, name) for name in fields})
    saved = form_saved(
        request,
        form,
        lambda data: reason_save(actor=staff_user(request), reason=found, **data),
        success=_("Reason saved"),
    )
    if saved is not None:
        return redirect("backoffice:moderation_reasons")
    return render(request, "backoffice/moderation/reason.html", {"reason": found, "form": form})


def _debate_page(request: HttpRequest, petition: Petition, **forms: Any) -> HttpResponse:
    context = {
        "petition": petition,
        "scheme": petition_progress(petition=petition, total=petition_counts(petition=petition).total),
        "schedule_form": forms.get("schedule_form") or DebateScheduleForm(),
        "outcome_form": forms.get("outcome_form") or DebateOutcomeForm(),
    }
    return render(request, "backoffice/moderation/debate.html", context)


@staff_only("can_manage_petitions")
def debate(request: HttpRequest, petition_id: int) -> HttpResponse:
    """A petition's debate: the day it is scheduled for (this form), and its outcome (the next)."""
    petition = petition_selectors.petition_for_staff(petition_id=petition_id)
    form = DebateScheduleForm(posted(request))
    saved = form_saved(
        request,
        form,
        lambda data: debate_schedule(petition=petition, actor=staff_user(request), **data),
        success=_("Debate date saved"),
    )
    if saved is not None:
        return redirect("backoffice:petition", petition_id=petition.pk)
    return _debate_page(request, petition, schedule_form=form)


@require_POST
@staff_only("can_manage_petitions")
def debate_outcome(request: HttpRequest, petition_id: int) -> HttpResponse:
    petition = petition_selectors.petition_for_staff(petition_id=petition_id)
    form = DebateOutcomeForm(request.POST)
    saved = form_saved(
        request,
        form,
        lambda data: debate_outcome_record(
            petition=petition,
            actor=staff_user(request),
            debated=data["debated"] == "yes",
            debated_on=data["debated_on"],
            overview=data["overview"],
            links={name: data[name] for name in ("transcript_url", "video_url", "debate_pack_url")},
        ),
        success=_("Debate outcome saved"),
    )
    if saved is not None:
        return redirect("backoffice:petition", petition_id=petition.pk)
    return _debate_page(request, petition, outcome_form=form)
