"""Staff pages for scans of returned sheets: upload a PDF or photos (a large upload's reading
followed without reloading), match the pages that could not be read, and see a page (every
viewing noted in the audit log)."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from doorstep.core.errors import ApplicationError
from doorstep.core.uploads import upload_max_bytes
from doorstep.paper.codes import sheet_code_display
from doorstep.paper.selectors import sheet_open_check
from doorstep.petitions.models import Petition
from doorstep.petitions.selectors import petition_for_staff
from doorstep.scans import selectors as scan_selectors
from doorstep.scans import services as scan_services
from doorstep.scans.forms import MatchForm
from doorstep.scans.models import Scan
from doorstep.trust.models import PersonalDataAccess
from doorstep.trust.services import personal_data_access_record

from .access import staff_only, staff_user


def _scan(scan_id: int) -> Scan:
    scan = scan_selectors.scan_get(scan_id=scan_id)
    if scan is None:
        raise Http404(_("No such scan"))
    return scan


def _wants_json(request: HttpRequest) -> bool:
    return request.headers.get("Accept", "").startswith("application/json")


def _upload_limit() -> int:
    return settings.DOORSTEP.scan_upload_max_mb * 1024 * 1024


@upload_max_bytes(_upload_limit, total=True)
@staff_only("can_read_personal_data")
def petition_scans(request: HttpRequest, petition_id: int) -> HttpResponse:
    """Upload scans (the page's script shows a progress bar and asks for JSON back). Nothing
    past the size limit is kept as it arrives; a few pages are read at once, more by the
    worker, this page showing how far it has got."""
    petition = petition_for_staff(petition_id=petition_id)
    if request.method == "POST":
        try:
            upload = scan_services.scans_receive(
                petition=petition,
                files=request.FILES.getlist("files"),
                typed_code=request.POST.get("code", ""),
                actor=staff_user(request),
            )
        except ApplicationError as error:
            if _wants_json(request):
                return JsonResponse({"error": error.message}, status=400)
            messages.error(request, error.message)
        else:
            summary = scan_services.upload_summary(upload=upload)
            messages.success(request, summary)
            if _wants_json(request):
                return JsonResponse({"summary": summary, "next": reverse("scans_staff:petition", args=[petition.pk])})
        return redirect("scans_staff:petition", petition_id=petition.pk)
    return render(
        request,
        "scans/staff/petition.html",
        {
            **_uploads_context(petition),
            "max_bytes": _upload_limit(),
            "max_mb": settings.DOORSTEP.scan_upload_max_mb,
            "unmatched": scan_selectors.scans_unmatched(petition=petition)[:100],
        },
    )


def _uploads_context(petition: Petition) -> dict[str, Any]:
    uploads = scan_selectors.uploads_recent(petition=petition)
    return {"petition": petition, "uploads": uploads, "reading": any(upload.in_progress for upload in uploads)}


@staff_only("can_read_personal_data")
def petition_scans_progress(request: HttpRequest, petition_id: int) -> JsonResponse:
    """The uploads being read, for the scans page to show without reloading (doorstep/poll.js)."""
    context = _uploads_context(petition_for_staff(petition_id=petition_id))
    html = render_to_string("scans/staff/_uploads.html", {**context, "followed": True}, request=request)
    announce = _("Reading the pages uploaded") if context["reading"] else _("Every page uploaded has been read.")
    response = JsonResponse({"html": html, "active": context["reading"], "announce": announce})
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@staff_only("can_read_personal_data")
def scan_match(request: HttpRequest, scan_id: int) -> HttpResponse:
    scan = _scan(scan_id)
    form = MatchForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Type the sheet code printed on the page"))
    else:
        try:
            scan = scan_services.scan_match(scan=scan, code=form.cleaned_data["code"], actor=staff_user(request))
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Matched to sheet %(code)s") % {"code": sheet_code_display(scan.sheet.code if scan.sheet else "")},
            )
    return redirect("scans_staff:petition", petition_id=scan.petition_id)


@staff_only(data_entry=True)
def scan_image(request: HttpRequest, scan_id: int) -> FileResponse:
    """A scanned page, to those who key sheets in; each viewing is in the audit log."""
    scan = _scan(scan_id)
    user = staff_user(request)
    if scan.sheet is None and not user.can_read_personal_data:
        raise Http404(_("No such scan"))
    if scan.sheet is not None:
        try:  # the keying pages' rule: a volunteer sees only the scan of a sheet they may key now
            sheet_open_check(sheet=scan.sheet, actor=user)
        except ApplicationError as error:
            raise Http404(error.message) from error
    personal_data_access_record(
        user=user,
        action=PersonalDataAccess.Action.VIEWED,
        what=_("scan of sheet %(code)s") % {"code": scan.sheet.code} if scan.sheet else _("unmatched scan"),
        petition=scan.petition,
        rows=1,
        path=request.path,
    )
    response = FileResponse(scan.image.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    return response
