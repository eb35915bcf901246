"""Pages out of uploaded files, and sheet codes out of pages.

A PDF is drawn page by page (pdfium, reading the file as it needs it); a photo is turned
the way its camera says (EXIF) and made grey. Each page's QR code is read with zxing-cpp, which finds it at any angle;
a blurred or small page is tried again sharpened and enlarged.

pdfium and zxing-cpp are imported only when a scan is read, so that the processes that
import this module (the web's, the worker's) and read none do not load them at start."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Protocol, cast

from django.utils.translation import gettext as _
from PIL import Image, ImageFilter, ImageOps, UnidentifiedImageError

from doorstep.core.errors import ApplicationError
from doorstep.paper.codes import InvalidSheetCode, sheet_code_normalise

if TYPE_CHECKING:
    import pypdfium2

# Drawn at this resolution: a QR code of 12 mm is about 70 px across.
PDF_DPI = 150
MAX_PAGES = 300
# Larger images are refused rather than decoded (a "decompression bomb").
MAX_PIXELS = 80_000_000
# Kept for viewing at most this tall or wide: handwriting stays readable.
KEEP_SIDE = 2200
PHOTO_FORMATS = {"JPEG", "PNG"}


@dataclass(frozen=True)
class Page:
    source: str
    image: Image.Image


class Source(Protocol):
    """An uploaded file, or one kept for the worker: a name and a readable, seekable stream."""

    name: str | None

    def read(self, size: int = ..., /) -> bytes: ...

    def seek(self, offset: int, whence: int = ..., /) -> int: ...


def _name(upload: Source) -> str:
    return (upload.name or _("the file")).rsplit("/", 1)[-1][:100]


def _is_pdf(upload: Source) -> bool:
    upload.seek(0)
    start = upload.read(5)
    upload.seek(0)
    return start == b"%PDF-"


def _pdf_open(upload: Source, name: str) -> "pypdfium2.PdfDocument":
    """The document, read from the stream as pdfium needs it (never the whole file in memory)."""
    import pypdfium2  # see the module's docstring

    stream = getattr(upload, "file", upload)  # Django's UploadedFile and File wrap the real stream
    try:
        return pypdfium2.PdfDocument(stream)
    except pypdfium2.PdfiumError as exc:
        raise ApplicationError(_("%(name)s could not be read as a PDF") % {"name": name}) from exc


def _photo_open(upload: Source, name: str) -> Image.Image:
    """The photo, opened but not yet decoded (its header says its format and size)."""
    not_image = _("%(name)s is not a PDF, JPEG or PNG file") % {"name": name}
    try:
        opened = Image.open(cast(IO[bytes], upload))  # Django's files are readable streams
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ApplicationError(not_image) from exc
    if opened.format not in PHOTO_FORMATS:
        raise ApplicationError(not_image)
    if opened.width * opened.height > MAX_PIXELS:
        raise ApplicationError(_("%(name)s is too big a picture") % {"name": name})
    return opened


def file_page_count(upload: Source) -> int:
    """How many pages a file holds, checked cheaply (nothing drawn or decoded): a clear
    error for a file that is not a PDF, JPEG or PNG, or a PDF of too many pages."""
    name = _name(upload)
    if not _is_pdf(upload):
        _photo_open(upload, name)
        upload.seek(0)
        return 1
    document = _pdf_open(upload, name)
    try:
        pages = len(document)
    finally:
        document.close()
        upload.seek(0)
    if pages > MAX_PAGES:
        raise ApplicationError(_("%(name)s has more than %(n)s pages: split it") % {"name": name, "n": MAX_PAGES})
    return pages


def _pdf_pages(upload: Source, name: str) -> Iterator[Page]:
    document = _pdf_open(upload, name)
    try:
        if len(document) > MAX_PAGES:
            raise ApplicationError(_("%(name)s has more than %(n)s pages: split it") % {"name": name, "n": MAX_PAGES})
        for number in range(len(document)):
            bitmap = document[number].render(scale=PDF_DPI / 72, grayscale=True)
            yield Page(_("%(name)s, page %(n)s") % {"name": name, "n": number + 1}, bitmap.to_pil().convert("L"))
    finally:
        document.close()


def _photo(upload: Source, name: str) -> Page:
    opened = _photo_open(upload, name)
    try:
        image = ImageOps.exif_transpose(opened).convert("L")
    except (OSError, Image.DecompressionBombError) as exc:
        raise ApplicationError(_("%(name)s is not a PDF, JPEG or PNG file") % {"name": name}) from exc
    return Page(name, image)


def file_pages(upload: Source) -> Iterator[Page]:
    """Every page of an uploaded PDF, or the one page of a photo, one at a time (a page is
    drawn only when the one before is done with); a clear error for anything else."""
    name = _name(upload)
    if _is_pdf(upload):
        yield from _pdf_pages(upload, name)
    else:
        yield _photo(upload, name)


def _codes_in(image: Image.Image) -> list[str]:
    import zxingcpp  # see the module's docstring

    found = []
    for barcode in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)):
        try:
            found.append(sheet_code_normalise(barcode.text))
        except InvalidSheetCode:
            continue  # someone else's QR code on the page
    return found


def _attempts(image: Image.Image) -> Iterator[Image.Image]:
    yield image
    levelled = ImageOps.autocontrast(image, cutoff=1)
    yield levelled
    if max(image.size) < 2400:
        yield levelled.resize((image.width * 2, image.height * 2), Image.Resampling.LANCZOS).filter(
            ImageFilter.UnsharpMask(radius=2, percent=150)
        )
    yield levelled.filter(ImageFilter.MedianFilter(3)).point(lambda v: 255 if v > 128 else 0)


def page_code(image: Image.Image) -> str:
    """The sheet code in the page's QR code, or "" when none can be read."""
    for attempt in _attempts(image):
        if codes := _codes_in(attempt):
            return codes[0]
    return ""


def page_for_keeping(image: Image.Image) -> Image.Image:
    if max(image.size) > KEEP_SIDE:
        image = image.copy()
        image.thumbnail((KEEP_SIDE, KEEP_SIDE), Image.Resampling.LANCZOS)
    return image
