"""The picture a link to a petition shows in messages and on social media (Open Graph and
Twitter cards): whose petition it is, what it asks for and its count, as a 1200 x 630 PNG
drawn with Pillow. Drawn at most once every few minutes for each petition (see views)."""

import functools
import io
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
MARGIN = 60
BLACK, WHITE, BLUE, GREEN, GREY, LIGHT = "#0b0c0c", "#ffffff", "#1d70b8", "#00703c", "#505a5f", "#f3f2f1"
# The fonts WeasyPrint uses for the printed pages, where the machine has them (Debian's
# fonts-liberation or fonts-dejavu); else the font Pillow carries.
FONT_FILES = {
    True: ("liberation/LiberationSans-Bold.ttf", "dejavu/DejaVuSans-Bold.ttf"),
    False: ("liberation/LiberationSans-Regular.ttf", "dejavu/DejaVuSans.ttf"),
}
FONT_DIR = Path("/usr/share/fonts/truetype")

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@functools.cache
def font(size: int, *, bold: bool = False) -> Font:
    for name in FONT_FILES[bold]:
        if (FONT_DIR / name).exists():
            return ImageFont.truetype(str(FONT_DIR / name), size)
    return ImageFont.load_default(size)


def lines_wrapped(draw: ImageDraw.ImageDraw, text: str, face: Font, width: int, most: int) -> list[str]:
    """`text` in lines no wider than `width`, at most `most` of them (the last cut short with "…")."""
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(candidate, font=face) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    if len(lines) > most:
        lines = lines[:most]
        lines[-1] = lines[-1].rstrip(".,;:!? ") + "…"
    return lines


@dataclass(frozen=True)
class ShareCard:
    """What the picture shows."""

    action: str
    organiser: str
    count: int
    target: int
    # Where to sign, as printed: "petitions.example.org/p/12".
    address: str


def share_image_png(card: ShareCard) -> bytes:
    image = Image.new("RGB", (WIDTH, HEIGHT), WHITE)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 96), fill=BLACK)
    draw.text((MARGIN, 48), card.organiser, font=font(38, bold=True), fill=WHITE, anchor="lm")
    draw.rectangle((0, 96, WIDTH, 106), fill=BLUE)
    draw.text((MARGIN, 140), _("Petition"), font=font(30), fill=GREY)
    face = font(54, bold=True)
    for number, line in enumerate(lines_wrapped(draw, card.action, face, WIDTH - 2 * MARGIN, 3)):
        draw.text((MARGIN, 182 + number * 64), line, font=face, fill=BLACK)
    _draw_count(draw, card)
    sign_at = _("Sign at %(address)s") % {"address": card.address}
    draw.text((WIDTH - MARGIN, HEIGHT - 36), sign_at, font=font(32, bold=True), fill=BLUE, anchor="rs")
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _draw_count(draw: ImageDraw.ImageDraw, card: ShareCard) -> None:
    number = f"{card.count:,}"
    big = font(96, bold=True)
    draw.text((MARGIN, 480), number, font=big, fill=GREEN, anchor="ls")
    words = ngettext("signature so far", "signatures so far", card.count)
    if card.target:
        words = ngettext("signature of a target of %(target)s", "signatures of a target of %(target)s", card.count) % {
            "target": f"{card.target:,}"
        }
    draw.text((MARGIN + draw.textlength(number, font=big) + 20, 480), words, font=font(34), fill=BLACK, anchor="ls")
    if card.target:
        done = min(1.0, card.count / card.target)
        draw.rectangle((MARGIN, 505, WIDTH - MARGIN, 535), fill=LIGHT, outline="#b1b4b6", width=2)
        if done > 0:
            draw.rectangle((MARGIN + 2, 507, MARGIN + 2 + round((WIDTH - 2 * MARGIN - 4) * done), 533), fill=GREEN)
