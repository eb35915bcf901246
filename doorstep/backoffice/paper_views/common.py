"""What the paper pages share: the petition or sheet a URL names, and PDF downloads."""

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from doorstep.core.errors import ApplicationError
from doorstep.paper.models import Sheet, SheetRow
from doorstep.paper.selectors import sheet_find
from doorstep.petitions.models import Petition
from doorstep.petitions.selectors import petition_get


def petition_or_404(petition_id: int) -> Petition:
    # The paper pages' own until the backoffice shares one helper for every staff page.
    petition = petition_get(petition_id=petition_id)
    if petition is None:
        raise Http404(_("No such petition"))
    return petition


def sheet_or_404(code: str) -> Sheet:
    try:
        return sheet_find(code=code)
    except ApplicationError as error:
        raise Http404(error.message) from error


def keying_asked(request: HttpRequest) -> SheetRow.Keying:
    """The keying a page or a saved row is for: the second only when asked for."""
    second = request.GET.get("keying") == "2" or request.POST.get("keying") == "2"
    return SheetRow.Keying.SECOND if second else SheetRow.Keying.FIRST


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
