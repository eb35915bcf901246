"""Uploads of returned sheets: every page read and matched to its sheet before anything is
kept, so a bad file or a sheet of another petition changes nothing.

A few pages are read while staff wait (`scans_upload`); more are kept privately for the
worker (`scans_receive` queues them), which reads them a page at a time, telling the staff
page how far it has got (`scans_upload_read`). Either way a page is drawn only when the one
before is done with, and kept as a small JPEG in this process's temporary folder (in the
data directory) until every page has been read: memory stays bounded at any size."""

import logging
import tempfile
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from doorstep.accounts.models import Actor
from doorstep.core.errors import ApplicationError
from doorstep.core.files import tmp_dir
from doorstep.core.leases import LeaseLost, job_heartbeat
from doorstep.paper.models import Sheet
from doorstep.paper.printing import petition_reference
from doorstep.paper.selectors import sheet_find
from doorstep.petitions.models import Petition

from .models import Scan, Upload
from .reading import MAX_PAGES, Page, Source, file_page_count, file_pages, page_code, page_for_keeping

logger = logging.getLogger(__name__)

# Uploads of more pages than this are read by the worker: about two seconds a page on a
# busy machine, so a request never waits long enough to time out.
READ_IN_REQUEST_PAGES = 4
INCOMING = "scans/incoming"


@dataclass(frozen=True)
class KeptPage:
    """A page read: the JPEG kept for viewing (in the temporary folder), and its sheet."""

    source: str
    path: Path
    width: int
    height: int
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


def _count(files: list[UploadedFile], typed_code: str) -> int:
    """The pages of the files, each file checked for what it is before any page is drawn."""
    pages = sum(file_page_count(upload) for upload in files)
    if pages > MAX_PAGES:
        raise ApplicationError(_("Upload at most %(n)s pages at a time") % {"n": MAX_PAGES}, field="files")
    if typed_code and pages != 1:
        raise ApplicationError(_("Type a sheet code only when uploading a single page"), field="code")
    return pages


def _keep(page: Page, folder: Path, number: int) -> tuple[Path, int, int]:
    image = page_for_keeping(page.image)
    path = folder / f"page-{number:05d}.jpg"
    image.save(path, format="JPEG", quality=82, optimize=True)
    return path, image.width, image.height


def _read(
    petition: Petition, sources: Iterable[Source], typed_code: str, folder: Path, progress: Callable[[int], None]
) -> list[KeptPage]:
    """Read and match every page, one at a time, keeping each as a JPEG in `folder`."""
    kept: list[KeptPage] = []
    for source in sources:
        for page in file_pages(source):
            if len(kept) >= MAX_PAGES:
                raise ApplicationError(_("Upload at most %(n)s pages at a time") % {"n": MAX_PAGES}, field="files")
            code, match = page_code(page.image), Scan.Match.QR
            if not code and typed_code:
                code, match = typed_code, Scan.Match.TYPED
            sheet = _sheet_of(petition, code, page.source) if code else None
            path, width, height = _keep(page, folder, len(kept))
            kept.append(KeptPage(page.source[:200], path, width, height, sheet, match if sheet else Scan.Match.NONE))
            progress(len(kept))
    if len(kept) == 1 and kept[0].sheet is None:
        raise ApplicationError(
            _("No QR code could be read on %(page)s. Type the sheet code printed on it and upload it again.")
            % {"page": kept[0].source},
            field="code",
        )
    return kept


def _store(upload: Upload, kept: list[KeptPage], actor: Actor) -> None:
    """Keep the pages read (inside the caller's transaction); the images go if it fails."""
    saved: list[str] = []
    try:
        for page in kept:
            scan = Scan(
                upload=upload,
                petition_id=upload.petition_id,
                sheet=page.sheet,
                source=page.source,
                width=page.width,
                height=page.height,
                match=page.match,
                matched_by=actor if page.sheet else None,
            )
            with page.path.open("rb") as image:
                scan.image.save("page.jpg", File(image), save=False)
            saved.append(scan.image.name)
            scan.save()
    except BaseException:
        for name in saved:
            default_storage.delete(name)
        raise


@contextmanager
def _page_folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="scans-", dir=tmp_dir()) as folder:
        yield Path(folder)


def _file_names(names: Iterable[str | None]) -> str:
    return ", ".join((name or "").rsplit("/", 1)[-1] for name in names)[:300]


def _upload_now(petition: Petition, files: list[UploadedFile], typed_code: str, actor: Actor) -> Upload:
    with _page_folder() as folder:
        kept = _read(petition, files, typed_code, folder, lambda done: None)
        with transaction.atomic():
            upload = Upload.objects.create(
                petition=petition,
                uploaded_by=actor,
                files=_file_names(upload.name for upload in files),
                pages=len(kept),
                pages_read=len(kept),
                matched=sum(1 for page in kept if page.sheet),
            )
            _store(upload, kept, actor)
    return upload


def _clean_code(typed_code: str) -> str:
    return " ".join((typed_code or "").split())


def scans_upload(*, petition: Petition, files: list[UploadedFile], typed_code: str = "", actor: Actor) -> Upload:
    """Read every page of the files uploaded and match each to its sheet by its QR code
    (or, for a single page, the code staff typed); pages that cannot be read are kept for
    matching by hand. Any page that is not a PDF page or a photo, or that shows a sheet of
    another petition, refuses the whole upload with a message saying which."""
    _check_size(files)
    typed_code = _clean_code(typed_code)
    _count(files, typed_code)
    return _upload_now(petition, files, typed_code, actor)


def scans_receive(*, petition: Petition, files: list[UploadedFile], typed_code: str = "", actor: Actor) -> Upload:
    """An upload from the staff page: its size and files checked at once (nothing drawn);
    a few pages read now, as `scans_upload` does; more kept for the worker to read, the
    upload waiting (`Upload.in_progress`) until it has."""
    _check_size(files)
    typed_code = _clean_code(typed_code)
    pages = _count(files, typed_code)
    if pages <= READ_IN_REQUEST_PAGES:
        return _upload_now(petition, files, typed_code, actor)
    return _queue(petition, files, pages, actor)


def _queue(petition: Petition, files: list[UploadedFile], pages: int, actor: Actor) -> Upload:
    from .tasks import read_scans

    stored: list[list[str]] = []
    try:
        for upload in files:
            upload.seek(0)
            name = default_storage.save(f"{INCOMING}/{petition.pk}/{uuid.uuid4().hex}", upload)
            stored.append([name, _file_names([upload.name])])
        with transaction.atomic():
            record = Upload.objects.create(
                petition=petition,
                uploaded_by=actor,
                files=_file_names(upload.name for upload in files),
                pages=pages,
                state=Upload.State.QUEUED,
                incoming=stored,
            )
            transaction.on_commit(partial(read_scans.enqueue, upload_id=record.pk))
    except BaseException:
        _incoming_remove(stored)
        raise
    return record


def _incoming_remove(stored: list[list[str]]) -> None:
    for name, _file_name in stored:
        default_storage.delete(name)


def scans_upload_read(*, upload_id: int) -> Upload | None:
    """The worker reads an upload kept for it, page by page, under a lease (a worker that
    dies leaves it to another, which starts again). Pages are kept only when every one has
    been read; otherwise the upload says why it was not kept. Its files are then deleted."""
    try:
        with job_heartbeat(key=Upload.lease_key(upload_id)) as heartbeat:
            upload = Upload.objects.select_related("petition", "uploaded_by").filter(pk=upload_id).first()
            if upload is None or not upload.in_progress:
                return upload
            _read_queued(upload, heartbeat.beat)
    except LeaseLost:
        logger.warning("Reading scans upload %s was taken over by another worker", upload_id)
        return None
    return Upload.objects.filter(pk=upload_id).first()


def _read_queued(upload: Upload, beat: Callable[[], None]) -> None:
    this = Upload.objects.filter(pk=upload.pk)
    this.update(state=Upload.State.READING, pages_read=0, error="")

    def progress(done: int) -> None:
        this.update(pages_read=done)
        beat()

    try:
        with ExitStack() as stack:
            folder = stack.enter_context(_page_folder())
            sources = [
                File(stack.enter_context(default_storage.open(name, "rb")).file, name=file_name)
                for name, file_name in upload.incoming
            ]
            kept = _read(upload.petition, sources, "", folder, progress)
            with transaction.atomic():
                _store(upload, kept, upload.uploaded_by)
                matched = sum(1 for page in kept if page.sheet)
                this.update(state=Upload.State.READ, pages=len(kept), pages_read=len(kept), matched=matched)
    except LeaseLost:
        raise  # another worker has taken it over: its files are theirs
    except ApplicationError as error:
        this.update(state=Upload.State.FAILED, error=(error.message + " " + _("Nothing was kept."))[:500])
    except Exception:
        logger.exception("Reading scans upload %s failed", upload.pk)
        this.update(state=Upload.State.FAILED, error=_("These files could not be read: upload them again."))
    _incoming_remove(upload.incoming)
    this.update(incoming=[])


def upload_summary(*, upload: Upload) -> str:
    if upload.in_progress:
        return ngettext(
            "%(n)s page is being read: this page shows how far it has got",
            "%(n)s pages are being read: this page shows how far they have got",
            upload.pages,
        ) % {"n": upload.pages}
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
    for stored in (
        Upload.objects.filter(petition_id=petition_id).exclude(incoming=[]).values_list("incoming", flat=True)
    ):
        _incoming_remove(stored)
    Upload.objects.filter(petition_id=petition_id).delete()
    return removed
