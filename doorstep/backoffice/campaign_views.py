"""Staff pages for running a campaign: updates, replies, supporter emails, milestones (the
hand-in is in handin_views)."""

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from doorstep.accounts.models import Actor
from doorstep.campaigns import selectors as campaign_selectors
from doorstep.campaigns.models import SupporterMailing
from doorstep.campaigns.services import consultation as consultation_services
from doorstep.campaigns.services import mailings as mailing_services
from doorstep.campaigns.services import milestones as milestone_services
from doorstep.campaigns.services import updates as update_services
from doorstep.core.errors import ApplicationError
from doorstep.core.uploads import upload_max_bytes
from doorstep.petitions.models import Petition
from doorstep.petitions.selectors import petition_for_staff

from .access import staff_only, staff_user
from .campaign_forms import ConsultationForm, MilestonesForm, ReplyForm, UpdateForm
from .flows import form_saved, posted

T = TypeVar("T")


def _to_mailing_or_petition(petition: Petition, mailing: SupporterMailing | None) -> HttpResponse:
    """On to the draft email to supporters, if staff asked for one; else back to the petition."""
    if mailing is not None:
        return redirect("backoffice:mailing", mailing_id=mailing.pk)
    return redirect("backoffice:petition", petition_id=petition.pk)


def _record_and_offer_email(
    request: HttpRequest,
    petition_id: int,
    *,
    form_class: type[UpdateForm | ReplyForm],
    template: str,
    record: Callable[..., T],
    email: Callable[[T, Actor], SupporterMailing],
    success: str,
) -> HttpResponse:
    """An update or a reply: the form, the service that records it for the petition's page,
    then on to a draft email to supporters if staff ticked the box for one."""
    petition, actor = petition_for_staff(petition_id=petition_id), staff_user(request)
    form = form_class(posted(request), request.FILES or None)

    def save(data: dict[str, Any]) -> T:
        fields = {name: value for name, value in data.items() if name != "email_supporters"}
        return record(petition=petition, actor=actor, **fields)

    recorded = form_saved(request, form, save, success=success)
    if recorded is None:
        return render(request, template, {"form": form, "petition": petition})
    wanted = form.cleaned_data["email_supporters"]
    return _to_mailing_or_petition(petition, email(recorded, actor) if wanted else None)


@staff_only("can_manage_petitions")
def update_create(request: HttpRequest, petition_id: int) -> HttpResponse:
    return _record_and_offer_email(
        request,
        petition_id,
        form_class=UpdateForm,
        template="backoffice/update_form.html",
        record=update_services.update_create,
        email=lambda update, actor: mailing_services.mailing_create_for_update(update=update, actor=actor),
        success=_("Update posted on the petition's page"),
    )


@upload_max_bytes(update_services.REPLY_DOCUMENT_MAX_BYTES)
@staff_only("can_manage_petitions")
def reply_create(request: HttpRequest, petition_id: int) -> HttpResponse:
    return _record_and_offer_email(
        request,
        petition_id,
        form_class=ReplyForm,
        template="backoffice/reply_form.html",
        record=update_services.reply_create,
        email=lambda reply, actor: mailing_services.mailing_create_for_reply(reply=reply, actor=actor),
        success=_("Reply recorded on the petition's page"),
    )


def _mailing(mailing_id: int) -> SupporterMailing:
    mailing = campaign_selectors.mailing_get(mailing_id=mailing_id)
    if mailing is None:
        raise Http404(_("No such email"))
    return mailing


@staff_only("can_manage_petitions")
def mailing_detail(request: HttpRequest, mailing_id: int) -> HttpResponse:
    mailing = _mailing(mailing_id)
    return render(
        request,
        "backoffice/mailing_detail.html",
        {
            "mailing": mailing,
            "petition": mailing.petition,
            "previews": mailing_services.mailing_previews(mailing=mailing),
            "progress": campaign_selectors.mailing_progress(mailing=mailing),
        },
    )


def _on_mailing(
    request: HttpRequest, mailing_id: int, action: Callable[[SupporterMailing], object], success: str
) -> HttpResponse:
    """Run a service on the email, say how it went, and go back to the email's page."""
    mailing = _mailing(mailing_id)
    try:
        action(mailing)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect("backoffice:mailing", mailing_id=mailing.pk)


@require_POST
@staff_only("can_manage_petitions")
def mailing_test(request: HttpRequest, mailing_id: int) -> HttpResponse:
    email = staff_user(request).email
    return _on_mailing(
        request,
        mailing_id,
        lambda mailing: mailing_services.mailing_send_test(mailing=mailing, to=email),
        _("Test sent to %(email)s") % {"email": email},
    )


@require_POST
@staff_only("can_manage_petitions")
def mailing_send(request: HttpRequest, mailing_id: int) -> HttpResponse:
    actor = staff_user(request)
    return _on_mailing(
        request,
        mailing_id,
        lambda mailing: mailing_services.mailing_start(mailing=mailing, actor=actor),
        _("Sending to supporters: this page shows how far it has got"),
    )


@require_POST
@staff_only("can_manage_petitions")
def mailing_resume(request: HttpRequest, mailing_id: int) -> HttpResponse:
    return _on_mailing(
        request,
        mailing_id,
        lambda mailing: mailing_services.mailing_resume(mailing=mailing),
        _("Sending resumed"),
    )


@require_POST
@staff_only("can_manage_petitions")
def mailing_in_doubt(request: HttpRequest, mailing_id: int) -> HttpResponse:
    """Staff's decision on the emails in doubt: send them again, or mark them not sent."""
    actor = staff_user(request)
    try:
        decision = mailing_services.InDoubtDecision(request.POST.get("decision", ""))
    except ValueError:
        messages.error(request, _("Choose to send the emails in doubt again or to mark them not sent"))
        return redirect("backoffice:mailing", mailing_id=mailing_id)
    done = {
        mailing_services.InDoubtDecision.SEND_AGAIN: _("The emails in doubt are being sent again"),
        mailing_services.InDoubtDecision.MARK_UNSENT: _("The emails in doubt are marked not sent"),
    }
    return _on_mailing(
        request,
        mailing_id,
        lambda mailing: mailing_services.mailing_in_doubt_decide(mailing=mailing, actor=actor, decision=decision),
        done[decision],
    )


@staff_only("can_manage_petitions")
def milestones_and_consultation(request: HttpRequest, petition_id: int) -> HttpResponse:
    petition, actor = petition_for_staff(petition_id=petition_id), staff_user(request)
    milestones = campaign_selectors.petition_milestones(petition=petition)
    consultation = campaign_selectors.petition_consultation(petition=petition)
    is_milestones = request.method == "POST" and "m-counts" in request.POST
    milestones_form = MilestonesForm(
        request.POST if is_milestones else None,
        initial={"counts": ", ".join(str(m.count) for m in milestones)},
        prefix="m",
    )
    consultation_form = ConsultationForm(
        request.POST if request.method == "POST" and not is_milestones else None,
        initial={
            "run_by": consultation.run_by if consultation else petition.addressed_to,
            "title": consultation.title if consultation else "",
            "url": consultation.url if consultation else "",
            "closes_on": consultation.closes_on if consultation else None,
        },
        prefix="c",
    )
    saved: object
    if is_milestones:
        saved = form_saved(
            request,
            milestones_form,
            lambda data: milestone_services.milestones_set(petition=petition, actor=actor, counts=data["counts"]),
            success=_("Milestones saved"),
        )
    else:
        saved = form_saved(
            request,
            consultation_form,
            lambda data: consultation_services.consultation_set(petition=petition, actor=actor, **data),
            success=_("Consultation saved"),
        )
    if saved is not None:
        return redirect("backoffice:campaign_settings", petition_id=petition.pk)
    return render(
        request,
        "backoffice/campaign_settings.html",
        {
            "petition": petition,
            "milestones": milestones,
            "milestones_form": milestones_form,
            "consultation_form": consultation_form,
        },
    )
