"""Pages out of uploaded files, and sheet codes out of pages.

A PDF is drawn page by page (pdfium); a photo is turned the way its camera says (EXIF)
and made grey. Each page's QR code is read with zxing-cpp, which finds it at any angle;
a blurred or small page is tried again sharpened and enlarged.

pdfium and zxing-cpp are imported only when a scan is read, so that the processes that
import this module (the web's, the worker's) and read none do not load them at start."""

from collections.abc import Iterator
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageFilter, ImageOps, UnidentifiedImageError

from doorstep.core.errors import ApplicationError
from doorstep.paper.codes import InvalidSheetCode, sheet_code_normalise

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


def _pdf_pages(upload: UploadedFile, name: str) -> Iterator[Page]:
    import pypdfium2  # see the module's docstring

    try:
        document = pypdfium2.PdfDocument(upload.read())
    except pypdfium2.PdfiumError as exc:
        raise ApplicationError(_("%(name)s could not be read as a PDF") % {"name": name}) from exc
    try:
        if len(document) > MAX_PAGES:
            raise ApplicationError(_("%(name)s has more than %(n)s pages: split it") % {"name": name, "n": MAX_PAGES})
        for number in range(len(document)):
            bitmap = document[number].render(scale=PDF_DPI / 72, grayscale=True)
            yield Page(_("%(name)s, page %(n)s") % {"name": name, "n": number + 1}, bitmap.to_pil().convert("L"))
    finally:
        document.close()


def _photo(upload: UploadedFile, name: str) -> Page:
    not_image = _("%(name)s is not a PDF, JPEG or PNG file") % {"name": name}
    try:
        opened = Image.open(upload)
        if opened.format not in PHOTO_FORMATS:
            raise ApplicationError(not_image)
        if opened.width * opened.height > MAX_PIXELS:
            raise ApplicationError(_("%(name)s is too big a picture") % {"name": name})
        image = ImageOps.exif_transpose(opened).convert("L")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ApplicationError(not_image) from exc
    return Page(name, image)


def file_pages(upload: UploadedFile) -> list[Page]:
    """Every page of an uploaded PDF, or the one page of a photo; a clear error for anything else."""
    name = (upload.name or _("the file")).rsplit("/", 1)[-1][:100]
    upload.seek(0)
    if upload.read(5) == b"%PDF-":
        upload.seek(0)
        return list(_pdf_pages(upload, name))
    upload.seek(0)
    return [_photo(upload, name)]


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
