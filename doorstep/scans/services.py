"""Uploads of returned sheets: every page read and matched to its sheet before anything is
kept, so a bad file or a sheet of another petition changes nothing."""

import io
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from doorstep.accounts.models import Actor
from doorstep.core.errors import ApplicationError
from doorstep.paper.models import Sheet
from doorstep.paper.printing import petition_reference
from doorstep.paper.selectors import sheet_find
from doorstep.petitions.models import Petition

from .models import Scan, Upload
from .reading import MAX_PAGES, Page, file_pages, page_code, page_for_keeping


@dataclass(frozen=True)
class ReadPage:
    page: Page
    sheet: Sheet | None
    match: str


def _sheet_of(petition: Petition, code: str, where: str) -> Sheet:
    try:
        sheet = sheet_find(code=code)
    except ApplicationError as error:
        raise ApplicationError(
            _("%(where)s: %(problem)s") % {"where": where, "problem": error.message}, field="code"
        ) from error
    if sheet.petition_id != petition.pk:
        raise ApplicationError(
            _("%(where)s is a sheet of another petition (%(reference)s): nothing was uploaded")
            % {"where": where, "reference": petition_reference(sheet.petition_id)}
        )
    return sheet


def _check_size(files: list[UploadedFile]) -> None:
    if not files:
        raise ApplicationError(_("Choose a PDF or photos of the returned sheets"), field="files")
    limit = settings.DOORSTEP.scan_upload_max_mb
    size = sum(upload.size or 0 for upload in files)
    if size > limit * 1024 * 1024:
        raise ApplicationError(
            _("That is %(size)s MB: upload at most %(limit)s MB at a time")
            % {"size": -(-size // 2**20), "limit": limit},
            field="files",
        )


def _read(petition: Petition, files: list[UploadedFile], typed_code: str) -> list[ReadPage]:
    pages = [page for upload in files for page in file_pages(upload)]
    if len(pages) > MAX_PAGES:
        raise ApplicationError(_("Upload at most %(n)s pages at a time") % {"n": MAX_PAGES}, field="files")
    if typed_code and len(pages) != 1:
        raise ApplicationError(_("Type a sheet code only when uploading a single page"), field="code")
    read = []
    for page in pages:
        code, match = page_code(page.image), Scan.Match.QR
        if not code and typed_code:
            code, match = typed_code, Scan.Match.TYPED
        sheet = _sheet_of(petition, code, page.source) if code else None
        read.append(ReadPage(page=page, sheet=sheet, match=match if sheet else Scan.Match.NONE))
    if len(read) == 1 and read[0].sheet is None:
        raise ApplicationError(
            _("No QR code could be read on %(page)s. Type the sheet code printed on it and upload it again.")
            % {"page": read[0].page.source},
            field="code",
        )
    return read


def _jpeg(page: Page) -> tuple[ContentFile, int, int]:
    image = page_for_keeping(page.image)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=82, optimize=True)
    return ContentFile(out.getvalue(), name="page.jpg"), image.width, image.height


def scans_upload(*, petition: Petition, files: list[UploadedFile], typed_code: str = "", actor: Actor) -> Upload:
    """Read every page of the files uploaded and match each to its sheet by its QR code
    (or, for a single page, the code staff typed); pages that cannot be read are kept for
    matching by hand. Any page that is not a PDF page or a photo, or that shows a sheet of
    another petition, refuses the whole upload with a message saying which."""
    _check_size(files)
    read = _read(petition, files, " ".join((typed_code or "").split()))
    with transaction.atomic():
        upload = Upload.objects.create(
            petition=petition,
            uploaded_by=actor,
            files=", ".join(upload.name or "" for upload in files)[:300],
            pages=len(read),
            matched=sum(1 for page in read if page.sheet),
        )
        for page in read:
            content, width, height = _jpeg(page.page)
            scan = Scan(
                upload=upload,
                petition=petition,
                sheet=page.sheet,
                source=page.page.source[:200],
                width=width,
                height=height,
                match=page.match,
                matched_by=actor if page.sheet else None,
            )
            scan.image.save(content.name, content, save=False)
            scan.save()
    return upload


def upload_summary(*, upload: Upload) -> str:
    unmatched = upload.pages - upload.matched
    text = ngettext("%(n)s page uploaded", "%(n)s pages uploaded", upload.pages) % {"n": upload.pages}
    if unmatched:
        text += ngettext(
            "; %(n)s could not be read and is listed for matching by hand",
            "; %(n)s could not be read and are listed for matching by hand",
            unmatched,
        ) % {"n": unmatched}
    return text


def scan_match(*, scan: Scan, code: str, actor: Actor) -> Scan:
    """Staff read the sheet code off a page that could not be read, and type it."""
    sheet = _sheet_of(scan.petition, code, scan.source)
    with transaction.atomic():
        updated = Scan.objects.filter(pk=scan.pk, sheet__isnull=True).update(
            sheet=sheet, match=Scan.Match.BY_HAND, matched_by=actor
        )
        if not updated:
            raise ApplicationError(_("This page has been matched already"))
        Upload.objects.filter(pk=scan.upload_id).update(matched=F("matched") + 1)
    scan.sheet, scan.match = sheet, Scan.Match.BY_HAND
    return scan


def scans_remove(*, petition_id: int) -> int:
    """Delete a petition's scans, files and all: with its signers' other personal data
    under the retention policy. Returns how many pages were removed."""
    removed = 0
    for scan in Scan.objects.filter(petition_id=petition_id):
        scan.image.delete(save=False)
        removed += 1
    Upload.objects.filter(petition_id=petition_id).delete()
    return removed
