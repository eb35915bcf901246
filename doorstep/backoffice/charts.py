"""Small SVG charts drawn on the server: no JavaScript, readable without it (each
chart has a table of the same figures beside it)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from doorstep.signatures.selectors.counts import ByChannel

# RIGHT leaves room for the last day's label, centred under the chart's right edge.
WIDTH, HEIGHT, LEFT, RIGHT, BOTTOM, TOP = 720, 250, 56, 28, 30, 24
FONT = 13  # in the chart's own units: it is drawn 720 wide, and shrinks with the screen
LABELS = 7  # at most this many day labels, so that they never run into each other
ONLINE, PAPER, LINE, DOOR = "#1d70b8", "#f47738", "#00703c", "#912b88"


@dataclass(frozen=True)
class DayPoint(ByChannel):
    day: str
    online: int
    paper: int
    door: int = 0


def _scale(maximum: int) -> int:
    """A round top for the y axis."""
    if maximum <= 10:
        return 10
    step = 10 ** (len(str(maximum)) - 1)
    return ((maximum + step - 1) // step) * step


def _n(value: float) -> str:
    return f"{value:.1f}"


def _y(tick: int) -> float:
    """The height of the tick-th of five gridlines, bottom up."""
    return TOP + (HEIGHT - BOTTOM - TOP) * (4 - tick) / 4


def _axis(top: int, label: str) -> SafeString:
    ticks = format_html_join(
        "",
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#b1b4b6"/><text x="{}" y="{}" text-anchor="end" '
        'font-size="{}">{}</text>',
        (
            (LEFT, WIDTH - RIGHT, _n(_y(i)), _n(_y(i)), LEFT - 4, _n(_y(i) + 4), FONT, f"{top * i // 4:,}")
            for i in range(5)
        ),
    )
    return format_html(
        '<g aria-hidden="true">{}<text x="4" y="{}" font-size="{}">{}</text></g>', ticks, TOP - 10, FONT, label
    )


def day_label(day: str) -> str:
    """A day as a person reads it on a chart's axis: "21 Nov", not "11-21"."""
    return date_format(date.fromisoformat(day), "j M")


def _labelled(count: int) -> list[int]:
    """Which of `count` days get a label: evenly spaced, always the first and the last."""
    every = max(1, -(-count // LABELS))  # rounded up, so there are never more than LABELS
    shown = list(range(0, count, every))
    if shown[-1] != count - 1:
        if count - 1 - shown[-1] < every / 2 and len(shown) > 1:
            shown.pop()  # too close to the last day's label: drop it rather than overlap
        shown.append(count - 1)
    return shown


def _labels(points: list[DayPoint], x_of: Callable[[int], float]) -> SafeString:
    return format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="middle" font-size="{}">{}</text>',
        ((_n(x_of(i)), HEIGHT - 8, FONT, day_label(points[i].day)) for i in _labelled(len(points))),
    )


def daily_bars_svg(points: list[DayPoint], *, title: str) -> SafeString:
    """Stacked bars: online and paper signatures counted each day."""
    if not points:
        return SafeString("")
    top = _scale(max(p.total for p in points))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - BOTTOM - TOP
    slot = plot_w / len(points)
    bar = max(1.0, slot * 0.8)

    def x_of(i: int) -> float:
        return LEFT + slot * i + slot / 2

    rects = []
    for i, p in enumerate(points):
        online_h = plot_h * p.online / top
        paper_h = plot_h * p.paper / top
        base = TOP + plot_h
        rects.append((_n(x_of(i) - bar / 2), _n(base - online_h), _n(bar), _n(online_h), ONLINE))
        rects.append((_n(x_of(i) - bar / 2), _n(base - online_h - paper_h), _n(bar), _n(paper_h), PAPER))
        door_h = plot_h * p.door / top
        rects.append((_n(x_of(i) - bar / 2), _n(base - online_h - paper_h - door_h), _n(bar), _n(door_h), DOOR))
    bars = format_html_join("", '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>', rects)
    return format_html(
        '<svg class="doorstep-chart" viewBox="0 0 {} {}" role="img" aria-label="{}">{}{}{}</svg>',
        WIDTH,
        HEIGHT,
        title,
        _axis(top, _("signatures a day")),
        bars,
        _labels(points, x_of),
    )


def cumulative_line_svg(points: list[DayPoint], *, title: str) -> SafeString:
    """Lines: the running total, online, and paper."""
    if not points:
        return SafeString("")
    top = _scale(max(p.total for p in points))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - BOTTOM - TOP
    step = plot_w / max(1, len(points) - 1) if len(points) > 1 else 0

    def x_of(i: int) -> float:
        return LEFT + step * i if len(points) > 1 else LEFT + plot_w / 2

    def path(values: list[int]) -> str:
        return " ".join(f"{x_of(i):.1f},{TOP + plot_h - plot_h * v / top:.1f}" for i, v in enumerate(values))

    lines = format_html_join(
        "",
        '<polyline fill="none" stroke="{}" stroke-width="{}" points="{}"/>',
        (
            (LINE, 3, path([p.total for p in points])),
            (ONLINE, 2, path([p.online for p in points])),
            (PAPER, 2, path([p.paper for p in points])),
            (DOOR, 2, path([p.door for p in points])),
        ),
    )
    return format_html(
        '<svg class="doorstep-chart" viewBox="0 0 {} {}" role="img" aria-label="{}">{}{}{}</svg>',
        WIDTH,
        HEIGHT,
        title,
        _axis(top, _("signatures in all")),
        lines,
        _labels(points, x_of),
    )
