"""Staff pages for handing a petition in: freezing the count, making the bundle (followed
without reloading), recording the delivery, and downloading the bundle's files."""

from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from doorstep.campaigns import selectors as campaign_selectors
from doorstep.campaigns.bundle_spec import BundleFile
from doorstep.campaigns.models import HandIn
from doorstep.campaigns.services import handin as handin_services
from doorstep.campaigns.services import mailings as mailing_services
from doorstep.campaigns.services.bundles import handin_files
from doorstep.petitions.models import Petition
from doorstep.petitions.selectors import petition_for_staff
from doorstep.signatures.selectors.counts import petition_counts
from doorstep.trust.models import PersonalDataAccess

from .access import personal_data_audit, staff_only, staff_user
from .campaign_forms import DeliveryForm, HandInForm, letter_for_staff
from .campaign_views import _to_mailing_or_petition
from .flows import action_done, form_saved, posted


def _hand_in_page(
    request: HttpRequest,
    petition: Petition,
    *,
    hand_in: HandIn | None,
    form: HandInForm,
    delivery_form: DeliveryForm | None = None,
) -> HttpResponse:
    """The page, with `hand_in` (the petition's latest, or None) and its forms."""
    if delivery_form is None:  # offer the frozen count, once there is one
        initial = {"delivered_to": petition.addressed_to, "delivered_count": hand_in.figures.total if hand_in else None}
        delivery_form = DeliveryForm(initial=initial)
    return render(
        request,
        "backoffice/hand_in.html",
        {
            "petition": petition,
            **_hand_in_bundle_context(hand_in),
            "counts": petition_counts(petition=petition),  # now, to compare with the frozen count
            "form": form,
            "delivery_form": delivery_form,
        },
    )


def _hand_in_initial(earlier: HandIn | None) -> dict[str, Any]:
    """Preparing again starts from what was chosen and written the last time."""
    if earlier is None:
        return {}
    return {
        "detail": earlier.detail,
        "privacy_allows_postcode": earlier.detail == HandIn.Detail.POSTCODE,
        "covering_letter": letter_for_staff(earlier.covering_letter),
    }


@staff_only("can_manage_petitions")
def hand_in(request: HttpRequest, petition_id: int) -> HttpResponse:
    """Prepare the hand-in (close, freeze the count, make the bundle) and follow its progress."""
    petition, actor = petition_for_staff(petition_id=petition_id), staff_user(request)
    current = campaign_selectors.petition_hand_in(petition=petition)
    form = HandInForm(posted(request), initial=_hand_in_initial(current))
    prepared = form_saved(
        request,
        form,
        lambda data: handin_services.handin_prepare(petition=petition, actor=actor, **data),
        success=_("Count frozen. The bundle is being made: this page shows its progress."),
    )
    if prepared is not None:
        return redirect("backoffice:hand_in", petition_id=petition.pk)
    return _hand_in_page(request, petition, hand_in=current, form=form)


def _hand_in_bundle_context(hand_in: HandIn | None) -> dict[str, Any]:
    stalled = hand_in is not None and campaign_selectors.handin_bundle_stalled(hand_in=hand_in)
    working = hand_in is not None and hand_in.bundle_state in (HandIn.BundleState.QUEUED, HandIn.BundleState.BUILDING)
    return {"hand_in": hand_in, "bundle_stalled": stalled, "bundle_active": working and not stalled}


@staff_only("can_manage_petitions")
def hand_in_progress(request: HttpRequest, petition_id: int) -> JsonResponse:
    """The bundle's state for the hand-in page to show without reloading (doorstep/poll.js)."""
    petition = petition_for_staff(petition_id=petition_id)
    current = campaign_selectors.petition_hand_in(petition=petition)
    if current is None:
        raise Http404(_("Nothing is being prepared"))
    context = {"petition": petition, **_hand_in_bundle_context(current)}
    html = render_to_string("backoffice/_hand_in_bundle.html", context, request=request)
    announce = str(current.get_bundle_state_display())
    response = JsonResponse({"html": html, "active": context["bundle_active"], "announce": announce})
    response["Cache-Control"] = "no-store"
    return response


@staff_only("can_manage_petitions")
def hand_in_delivery(request: HttpRequest, petition_id: int) -> HttpResponse:
    petition, actor = petition_for_staff(petition_id=petition_id), staff_user(request)
    form = DeliveryForm(posted(request))
    recorded = form_saved(
        request,
        form,
        lambda data: handin_services.handin_record_delivery(
            petition=petition,
            actor=actor,
            delivered_to=data["delivered_to"],
            delivered_on=data["delivered_on"],
            method=data["delivery_method"],
            count=data["delivered_count"],
            count_reason=data["delivered_count_reason"],
            notes=data["delivery_notes"],
        ),
        success=_("Delivery recorded: the petition is handed in"),
    )
    if recorded is None:
        current = campaign_selectors.petition_hand_in(petition=petition)
        again = HandInForm(initial=_hand_in_initial(current))
        return _hand_in_page(request, petition, hand_in=current, form=again, delivery_form=form)
    wanted = request.POST.get("tell_supporters")
    return _to_mailing_or_petition(
        petition, mailing_services.mailing_create_for_hand_in(hand_in=recorded, actor=actor) if wanted else None
    )


@require_POST
@staff_only("can_manage_petitions")
def hand_in_bundle_restart(request: HttpRequest, petition_id: int) -> HttpResponse:
    """Make the bundle again when the worker making it stopped part way (or it failed)."""
    petition, actor = petition_for_staff(petition_id=petition_id), staff_user(request)
    hand_in = campaign_selectors.petition_hand_in(petition=petition)
    if hand_in is None:
        raise Http404(_("This petition has not been prepared for hand-in"))
    action_done(
        request,
        lambda: handin_services.handin_bundle_restart(hand_in=hand_in, actor=actor),
        success=_("The bundle is being made again: this page shows its progress."),
    )
    return redirect("backoffice:hand_in", petition_id=petition.pk)


# Each file of the bundle, as the personal-data audit log names its download: the PDF and the
# schedule list every signer, the sheet index who collected each paper sheet.
HAND_IN_FILE_NAMES = {
    BundleFile.PDF: gettext_lazy("hand-in PDF"),
    BundleFile.SCHEDULE_CSV: gettext_lazy("hand-in schedule CSV"),
    BundleFile.PAPER_SHEETS_CSV: gettext_lazy("hand-in paper sheets CSV"),
}


@staff_only("can_read_personal_data")
def hand_in_file(request: HttpRequest, petition_id: int, kind: str) -> FileResponse:
    petition = petition_for_staff(petition_id=petition_id)
    current = campaign_selectors.petition_hand_in(petition=petition)
    if current is None or current.bundle_state != HandIn.BundleState.READY:
        raise Http404(_("The bundle is not ready"))
    try:
        file = BundleFile(kind)
    except ValueError:
        raise Http404(_("No such file")) from None
    path = handin_files(hand_in=current)[file]
    if not path.exists():
        raise Http404(_("No such file"))
    personal_data_audit(
        request,
        PersonalDataAccess.Action.EXPORTED,
        str(HAND_IN_FILE_NAMES[file]),
        petition=petition,
        rows=0 if file == BundleFile.PAPER_SHEETS_CSV else current.bundle_rows_total,
    )
    content_type = "application/pdf" if file == BundleFile.PDF else "text/csv; charset=utf-8"
    response = FileResponse(path.open("rb"), content_type=content_type, as_attachment=True)
    response["Cache-Control"] = "no-store"
    return response
