"""Evidence drawn on the server: a bar chart as SVG that reads as an image with a title
and a summary to a screen reader (the figures themselves are in a table beside it), and
draws the same in a browser and in WeasyPrint."""

from collections.abc import Callable
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

WIDTH, HEIGHT = 640.0, 260.0
LEFT, RIGHT, TOP, BOTTOM = 64.0, 12.0, 22.0, 36.0
BAR = "#1d70b8"
INK = "#0b0c0c"
GRID = "#b1b4b6"


def figure_text(value: Decimal) -> str:
    """33367 -> "33,367"; 12.5 -> "12.50"."""
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value:,.2f}"


def _nice_top(top: Decimal) -> Decimal:
    """A round number at or above the largest figure, for the top of the scale."""
    if top <= 0:
        return Decimal(1)
    step = Decimal(10) ** (len(str(int(top))) - 1)
    return ((top / step).to_integral_value(rounding="ROUND_CEILING")) * step


def series_summary(*, title: str, points: list[tuple[str, Decimal]], unit: str = "") -> str:
    """One sentence for a screen reader: where the series starts and ends, and the change."""
    (first_period, first), (last_period, last) = points[0], points[-1]
    if len(points) == 1:
        return _("%(title)s: %(value)s in %(period)s.") % {
            "title": title,
            "value": figure_text(first),
            "period": first_period,
        }
    change = last - first
    words = {
        "title": title,
        "first": figure_text(first),
        "first_period": first_period,
        "last": figure_text(last),
        "last_period": last_period,
        "change": figure_text(abs(change)),
        "unit": f" {unit}" if unit else "",
    }
    if change == 0:
        return _("%(title)s: %(first)s%(unit)s in %(first_period)s and in %(last_period)s.") % words
    if first:
        words["share"] = f"{abs(change) * 100 / abs(first):.1f}"
        if change > 0:
            text = _(
                "%(title)s: from %(first)s in %(first_period)s to %(last)s in %(last_period)s, "
                "up %(change)s%(unit)s (%(share)s%%)."
            )
        else:
            text = _(
                "%(title)s: from %(first)s in %(first_period)s to %(last)s in %(last_period)s, "
                "down %(change)s%(unit)s (%(share)s%%)."
            )
        return text % words
    return _("%(title)s: from %(first)s in %(first_period)s to %(last)s in %(last_period)s.") % words


def _bars(points: list[tuple[str, Decimal]], y: Callable[[Decimal], float]) -> SafeString:
    """Each figure's bar, its figure above it (when there are few) and its period below."""
    slot = (WIDTH - LEFT - RIGHT) / len(points)
    zero = y(Decimal(0))
    every = max(1, len(points) // 10)  # label at most about ten periods along the bottom
    return format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
        '<text x="{}" y="{}" font-size="11" text-anchor="middle" fill="{}">{}</text>'
        '<text x="{}" y="{}" font-size="11" text-anchor="middle" fill="{}">{}</text>',
        (
            (
                f"{LEFT + i * slot + slot * 0.15:.1f}",
                f"{min(y(value), zero):.1f}",
                f"{slot * 0.7:.1f}",
                f"{max(0.5, abs(y(value) - zero)):.1f}",
                BAR,
                f"{LEFT + (i + 0.5) * slot:.1f}",
                f"{min(y(value), zero) - 4:.1f}",
                INK,
                figure_text(value) if len(points) <= 12 else "",
                f"{LEFT + (i + 0.5) * slot:.1f}",
                f"{HEIGHT - BOTTOM + 16:.1f}",
                INK,
                period if i % every == 0 or i == len(points) - 1 else "",
            )
            for i, (period, value) in enumerate(points)
        ),
    )


def series_svg(*, chart_id: str, title: str, points: list[tuple[str, Decimal]], unit: str = "") -> SafeString:
    """A bar per figure, from a zero baseline, each labelled with its figure."""
    low = min(Decimal(0), *(value for _period, value in points))
    high = _nice_top(max(Decimal(0), *(value for _period, value in points)))
    span = (high - low) or Decimal(1)
    plot_h = HEIGHT - TOP - BOTTOM

    def y(value: Decimal) -> float:
        return TOP + float((high - value) / span) * plot_h

    bars = _bars(points, y)
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="doorstep-chart" viewBox="0 0 {w} {h}" width="{w}" height="{h}"'
        ' role="img" aria-labelledby="{id}-title {id}-desc">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        '<line x1="{left}" x2="{right}" y1="{top}" y2="{top}" stroke="{grid}"/>'
        '<text x="{axis}" y="{top_label}" font-size="11" text-anchor="end" fill="{ink}">{high}</text>'
        '<line x1="{left}" x2="{right}" y1="{zero}" y2="{zero}" stroke="{ink}"/>'
        '<text x="{axis}" y="{zero_label}" font-size="11" text-anchor="end" fill="{ink}">0</text>'
        "{bars}</svg>",
        w=WIDTH,
        h=HEIGHT,
        id=chart_id,
        title=title,
        desc=series_summary(title=title, points=points, unit=unit),
        left=LEFT,
        right=WIDTH - RIGHT,
        top=f"{TOP:.1f}",
        top_label=f"{TOP + 4:.1f}",
        zero=f"{y(Decimal(0)):.1f}",
        zero_label=f"{y(Decimal(0)) + 4:.1f}",
        axis=LEFT - 6,
        grid=GRID,
        ink=INK,
        high=figure_text(high),
        bars=bars,
    )
