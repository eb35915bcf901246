"""Returned sheets as a scanner or a phone would make them: printed packs rendered with
pdftoppm, then turned, skewed, blurred, shrunk and unevenly lit with Pillow."""

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw, ImageFilter

from doorstep.paper.printing import packs_pdf_write
from tests.factories import printed_pack

needs_pdftoppm = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs pdftoppm (poppler-utils)")


def rendered_sheets(petition, *, sheets: int = 3, dpi: int = 100) -> list[tuple[str, Image.Image]]:
    """A printed pack's sheets as page images, each with the code it was printed with."""
    pack = printed_pack(petition, sheets=sheets)
    codes = list(pack.sheets.order_by("number").values_list("code", flat=True))
    with tempfile.TemporaryDirectory() as temp:
        pdf = Path(temp) / "pack.pdf"
        with pdf.open("wb") as out:
            pages = packs_pdf_write(packs=[pack], out=out)
        subprocess.run(  # noqa: S603
            ["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), str(Path(temp) / "page")],  # noqa: S607
            check=True,
        )
        images = [Image.open(path).copy() for path in sorted(Path(temp).glob("page-*.png"))]
    assert len(images) == pages
    return list(zip(codes, images[-sheets:], strict=True))


def uneven_light(image: Image.Image) -> Image.Image:
    """Darker towards one corner, as a photo taken by a window."""
    shade = Image.linear_gradient("L").resize(image.size).point(lambda v: 255 - v // 3)
    return Image.composite(image, Image.new("L", image.size, 0), shade)


def skew(image: Image.Image, shear: float) -> Image.Image:
    return image.transform(
        image.size, Image.Transform.AFFINE, (1, shear, -shear * image.height / 2, 0, 1, 0), fillcolor=255
    )


def photographed(image: Image.Image, how: int) -> Image.Image:
    """One of several ways a page comes back: turned, skewed, blurred, shrunk, in poor light."""
    image = image.convert("L")
    ways = [
        lambda i: i.rotate(90, expand=True, fillcolor=255),
        lambda i: skew(i.rotate(4, expand=True, fillcolor=255), 0.04).filter(ImageFilter.GaussianBlur(1.0)),
        lambda i: uneven_light(i.rotate(183, expand=True, fillcolor=255)).resize((i.width // 2, i.height // 2)),
        lambda i: i.rotate(-6, expand=True, fillcolor=200).filter(ImageFilter.GaussianBlur(0.8)),
        lambda i: skew(i, -0.03).resize((i.width // 2, i.height // 2)).filter(ImageFilter.GaussianBlur(0.9)),
    ]
    return ways[how % len(ways)](image)


def blank_page() -> Image.Image:
    page = Image.new("L", (827, 1169), 255)
    ImageDraw.Draw(page).text((100, 100), "a page with no code", fill=0)
    return page


def as_pdf(images: list[Image.Image], name: str = "returns.pdf") -> SimpleUploadedFile:
    out = io.BytesIO()
    images[0].convert("RGB").save(
        out, format="PDF", save_all=True, append_images=[i.convert("RGB") for i in images[1:]]
    )
    return SimpleUploadedFile(name, out.getvalue(), content_type="application/pdf")


def as_photo(image: Image.Image, name: str, kind: str = "JPEG") -> SimpleUploadedFile:
    out = io.BytesIO()
    image.convert("RGB").save(out, format=kind, quality=85)
    return SimpleUploadedFile(name, out.getvalue(), content_type=f"image/{kind.lower()}")
