"""Staff pages for running a campaign: updates, replies, supporter emails, hand-in."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from doorstep.campaigns import selectors as campaign_selectors
from doorstep.campaigns import services as campaign_services
from doorstep.campaigns.models import HandIn, SupporterMailing
from doorstep.core.errors import ApplicationError
from doorstep.mailings.services import TRANSIENT_EMAIL_ERRORS

from .access import staff_only
from .campaign_forms import ConsultationForm, DeliveryForm, HandInForm, MilestonesForm, ReplyForm, UpdateForm
from .paper_views import _petition


@staff_only("can_manage_petitions")
def update_create(request: HttpRequest, petition_id: int) -> HttpResponse:
    petition = _petition(petition_id)
    form = UpdateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            update = campaign_services.update_create(
                petition=petition,
                actor=request.user,
                title=data["title"],
                body=data["body"],
                link=data["link"],
                published_on=data["published_on"],
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, "Update posted on the petition's page")
            if data["email_supporters"]:
                mailing = campaign_services.mailing_create_for_update(update=update, actor=request.user)
                return redirect("backoffice:mailing", mailing_id=mailing.pk)
            return redirect("backoffice:petition", petition_id=petition.pk)
    return render(request, "backoffice/update_form.html", {"form": form, "petition": petition})


@staff_only("can_manage_petitions")
def reply_create(request: HttpRequest, petition_id: int) -> HttpResponse:
    petition = _petition(petition_id)
    form = ReplyForm(request.POST if request.method == "POST" else None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            reply = campaign_services.reply_create(
                petition=petition,
                actor=request.user,
                responder=data["responder"],
                responded_on=data["responded_on"],
                summary=data["summary"],
                details=data["details"],
                document=data["document"],
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, "Reply recorded on the petition's page")
            if data["email_supporters"]:
                mailing = campaign_services.mailing_create_for_reply(reply=reply, actor=request.user)
                return redirect("backoffice:mailing", mailing_id=mailing.pk)
            return redirect("backoffice:petition", petition_id=petition.pk)
    return render(request, "backoffice/reply_form.html", {"form": form, "petition": petition})


def _mailing(mailing_id: int) -> SupporterMailing:
    mailing = SupporterMailing.objects.select_related("petition").filter(pk=mailing_id).first()
    if mailing is None:
        raise Http404("No such email")
    return mailing


@staff_only("can_manage_petitions")
def mailing_detail(request: HttpRequest, mailing_id: int) -> HttpResponse:
    mailing = _mailing(mailing_id)
    subject, body = campaign_services.mailing_preview(mailing=mailing)
    return render(
        request,
        "backoffice/mailing_detail.html",
        {
            "mailing": mailing,
            "petition": mailing.petition,
            "preview_subject": subject,
            "preview_body": body,
            "progress": campaign_selectors.mailing_progress(mailing=mailing),
        },
    )


@require_POST
@staff_only("can_manage_petitions")
def mailing_test(request: HttpRequest, mailing_id: int) -> HttpResponse:
    mailing = _mailing(mailing_id)
    email = getattr(request.user, "email", "")
    try:
        campaign_services.mailing_send_test(mailing=mailing, to=email)
    except ApplicationError as error:
        messages.error(request, error.message)
    except TRANSIENT_EMAIL_ERRORS:
        messages.error(request, "The mail server could not be reached. Try again in a few minutes.")
    else:
        messages.success(request, f"Test sent to {email}")
    return redirect("backoffice:mailing", mailing_id=mailing.pk)


@require_POST
@staff_only("can_manage_petitions")
def mailing_send(request: HttpRequest, mailing_id: int) -> HttpResponse:
    mailing = _mailing(mailing_id)
    try:
        campaign_services.mailing_start(mailing=mailing, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Sending to supporters: this page shows how far it has got")
    return redirect("backoffice:mailing", mailing_id=mailing.pk)


@require_POST
@staff_only("can_manage_petitions")
def mailing_resume(request: HttpRequest, mailing_id: int) -> HttpResponse:
    mailing = _mailing(mailing_id)
    if campaign_services.mailing_resume(mailing=mailing):
        messages.success(request, "Sending resumed")
    else:
        messages.error(request, "This email is not being sent, so there is nothing to resume")
    return redirect("backoffice:mailing", mailing_id=mailing.pk)


@staff_only("can_manage_petitions")
def hand_in(request: HttpRequest, petition_id: int) -> HttpResponse:
    """Prepare the hand-in (close, freeze the count, make the bundle) and follow its progress."""
    petition = _petition(petition_id)
    current = campaign_selectors.petition_hand_in(petition=petition)
    form = HandInForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign_services.handin_prepare(
                petition=petition,
                actor=request.user,
                detail=data["detail"],
                privacy_allows_postcode=data["privacy_allows_postcode"],
                covering_letter=data["covering_letter"],
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, "Count frozen. The bundle is being made: this page shows its progress.")
            return redirect("backoffice:hand_in", petition_id=petition.pk)
    return render(
        request,
        "backoffice/hand_in.html",
        {
            "petition": petition,
            "hand_in": current,
            "form": form,
            "delivery_form": DeliveryForm(initial={"delivered_to": petition.addressed_to}),
        },
    )


@staff_only("can_manage_petitions")
def hand_in_delivery(request: HttpRequest, petition_id: int) -> HttpResponse:
    petition = _petition(petition_id)
    current = campaign_selectors.petition_hand_in(petition=petition)
    form = DeliveryForm(request.POST or None, initial={"delivered_to": petition.addressed_to})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            recorded = campaign_services.handin_record_delivery(
                petition=petition,
                actor=request.user,
                delivered_to=data["delivered_to"],
                delivered_on=data["delivered_on"],
                method=data["delivery_method"],
                count=data["delivered_count"],
                notes=data["delivery_notes"],
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, "Delivery recorded: the petition is handed in")
            if request.POST.get("tell_supporters"):
                mailing = campaign_services.mailing_create_for_hand_in(hand_in=recorded, actor=request.user)
                return redirect("backoffice:mailing", mailing_id=mailing.pk)
            return redirect("backoffice:petition", petition_id=petition.pk)
    return render(
        request,
        "backoffice/hand_in.html",
        {"petition": petition, "hand_in": current, "form": HandInForm(), "delivery_form": form},
    )


@staff_only("can_read_personal_data")
def hand_in_file(request: HttpRequest, petition_id: int, kind: str) -> FileResponse:
    petition = _petition(petition_id)
    current = campaign_selectors.petition_hand_in(petition=petition)
    if current is None or current.bundle_state != HandIn.BundleState.READY:
        raise Http404("The bundle is not ready")
    files = campaign_services.handin_files(hand_in=current)
    if kind not in files or not files[kind].exists():
        raise Http404("No such file")
    content_type = "application/pdf" if kind == "pdf" else "text/csv; charset=utf-8"
    response = FileResponse(files[kind].open("rb"), content_type=content_type, as_attachment=True)
    response["Cache-Control"] = "no-store"
    return response


@staff_only("can_manage_petitions")
def milestones_and_consultation(request: HttpRequest, petition_id: int) -> HttpResponse:
    petition = _petition(petition_id)
    milestones = campaign_selectors.petition_milestones(petition=petition)
    consultation = campaign_selectors.petition_consultation(petition=petition)
    is_milestones = request.method == "POST" and "m-counts" in request.POST
    is_consultation = request.method == "POST" and not is_milestones
    milestones_form = MilestonesForm(
        request.POST if is_milestones else None,
        initial={"counts": ", ".join(str(m.count) for m in milestones)},
        prefix="m",
    )
    consultation_form = ConsultationForm(
        request.POST if is_consultation else None,
        initial={
            "run_by": consultation.run_by if consultation else petition.addressed_to,
            "title": consultation.title if consultation else "",
            "url": consultation.url if consultation else "",
            "closes_on": consultation.closes_on if consultation else None,
        },
        prefix="c",
    )
    if is_milestones and milestones_form.is_valid():
        try:
            campaign_services.milestones_set(
                petition=petition, actor=request.user, counts=milestones_form.cleaned_data["counts"]
            )
        except ApplicationError as error:
            milestones_form.add_application_error(error)
        else:
            messages.success(request, "Milestones saved")
            return redirect("backoffice:campaign_settings", petition_id=petition.pk)
    if is_consultation and consultation_form.is_valid():
        try:
            campaign_services.consultation_set(petition=petition, actor=request.user, **consultation_form.cleaned_data)
        except ApplicationError as error:
            consultation_form.add_application_error(error)
        else:
            messages.success(request, "Consultation saved")
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
