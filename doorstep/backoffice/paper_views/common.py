"""What the paper pages share: the sheet a URL names (to those it is open to), the keying
asked for, and PDF downloads."""

from django.http import Http404, HttpRequest, HttpResponse

from doorstep.core.errors import ApplicationError
from doorstep.paper.models import Sheet, SheetRow
from doorstep.paper.selectors import sheet_find, sheet_open_check

from ..access import staff_user


def sheet_or_404(request: HttpRequest, code: str, keying: SheetRow.Keying | None = None) -> Sheet:
    """The sheet `code` names, if paper.selectors.sheet_open_check lets the signed-in member of
    staff see it (in `keying`); else a 404 saying why."""
    try:
        sheet = sheet_find(code=code)
        sheet_open_check(sheet=sheet, actor=staff_user(request), keying=keying)
    except ApplicationError as error:
        raise Http404(error.message) from error
    return sheet


def keying_asked(request: HttpRequest) -> SheetRow.Keying:
    """The keying a page or a saved row is for: the second only when asked for."""
    second = request.GET.get("keying") == "2" or request.POST.get("keying") == "2"
    return SheetRow.Keying.SECOND if second else SheetRow.Keying.FIRST


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
