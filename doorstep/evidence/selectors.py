from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.safestring import SafeString

from doorstep.petitions.models import Petition

from .models import Fact, Series
from .render import figure_text, series_summary, series_svg


@dataclass(frozen=True)
class Figure:
    period: str
    value: Decimal

    @property
    def text(self) -> str:
        return figure_text(self.value)


@dataclass(frozen=True)
class SeriesView:
    series: Series
    figures: list[Figure]
    chart: SafeString
    summary: str


@dataclass(frozen=True)
class Evidence:
    series: list[SeriesView]
    facts: list[Fact]

    def __bool__(self) -> bool:
        return bool(self.series or self.facts)


def petition_evidence(*, petition: Petition) -> Evidence:
    """A petition's evidence, each series with its figures and its chart (two queries)."""
    views = []
    for series in Series.objects.filter(petition=petition).prefetch_related("points"):
        points = [(point.period, point.value) for point in series.points.all()]
        if not points:
            continue
        views.append(
            SeriesView(
                series=series,
                figures=[Figure(period, value) for period, value in points],
                chart=series_svg(chart_id=f"evidence-{series.pk}", title=series.title, points=points, unit=series.unit),
                summary=series_summary(title=series.title, points=points, unit=series.unit),
            )
        )
    return Evidence(series=views, facts=list(Fact.objects.filter(petition=petition)))


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def evidence_document(*, petition: Petition) -> dict[str, Any]:
    """The evidence for the JSON API (attributes.doorstep.evidence)."""
    evidence = petition_evidence(petition=petition)
    return {
        "series": [
            {
                "title": view.series.title,
                "unit": view.series.unit,
                "source": view.series.source,
                "source_url": view.series.source_url or None,
                "figures": [{"period": figure.period, "value": _number(figure.value)} for figure in view.figures],
            }
            for view in evidence.series
        ],
        "facts": [
            {"text": fact.text, "source": fact.source, "source_url": fact.source_url or None} for fact in evidence.facts
        ],
    }
