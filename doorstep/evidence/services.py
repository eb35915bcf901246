"""Evidence staff add to a petition: series of figures and short facts, each with a source."""

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from doorstep.accounts.models import Actor
from doorstep.core.errors import ApplicationError
from doorstep.core.text import text_required
from doorstep.petitions.models import Petition

from .models import Fact, Point, Series

PERIOD = re.compile(r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?")
MAX_POINTS = 60


def _url(value: str) -> str:
    value = (value or "").strip()
    if value:
        try:
            URLValidator(schemes=["http", "https"])(value)
        except ValidationError as exc:
            raise ApplicationError(_("Enter a web address starting https://"), field="source_url") from exc
    return value


def figures_parse(*, text: str) -> list[tuple[str, Decimal]]:
    """Figures typed one a line, "2010: 33,367" (a year, a month 2024-03 or a day
    2024-03-31, then the value), oldest first."""
    figures: dict[str, Decimal] = {}
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        period, _sep, raw = line.partition(":") if ":" in line else line.partition("=")
        period, raw = period.strip(), raw.strip().replace(",", "")
        if not PERIOD.fullmatch(period):
            raise ApplicationError(
                _("Line %(n)s: start with a year, month or day, like 2010, 2024-03 or 2024-03-31") % {"n": number},
                field="figures",
            )
        try:
            value = Decimal(raw)
        except InvalidOperation as exc:
            raise ApplicationError(
                _("Line %(n)s: give the figure after a colon, like 2010: 33,367") % {"n": number}, field="figures"
            ) from exc
        if not value.is_finite() or abs(value) >= Decimal("1e13"):
            raise ApplicationError(_("Line %(n)s: that figure is too big") % {"n": number}, field="figures")
        if period in figures:
            raise ApplicationError(
                _("Line %(n)s: %(period)s is given twice") % {"n": number, "period": period}, field="figures"
            )
        figures[period] = value.quantize(Decimal("0.01"))
    if not figures:
        raise ApplicationError(_("Give at least one figure, like 2010: 33,367"), field="figures")
    if len(figures) > MAX_POINTS:
        raise ApplicationError(_("Give %(n)s figures or fewer") % {"n": MAX_POINTS}, field="figures")
    return sorted(figures.items())


def series_add(
    *, petition: Petition, title: str, unit: str = "", source: str, source_url: str = "", figures: str, actor: Actor
) -> Series:
    """Add a series of figures to a petition's evidence."""
    fields = {
        "title": text_required(title, field="title", missing=_("Give the series a title"), max_length=150),
        "unit": " ".join((unit or "").split())[:60],
        "source": text_required(source, field="source", missing=_("Say where the figures come from"), max_length=300),
        "source_url": _url(source_url),
    }
    points = figures_parse(text=figures)
    with transaction.atomic():
        series = Series.objects.create(petition=petition, created_by=actor, **fields)
        Point.objects.bulk_create(Point(series=series, period=period, value=value) for period, value in points)
    return series


def fact_add(*, petition: Petition, text: str, source: str, source_url: str = "", actor: Actor) -> Fact:
    """Add a short fact, with its source, to a petition's evidence."""
    return Fact.objects.create(
        petition=petition,
        text=text_required(text, field="text", missing=_("Write the fact"), max_length=300),
        source=text_required(source, field="source", missing=_("Say where the fact comes from"), max_length=300),
        source_url=_url(source_url),
        created_by=actor,
    )


def evidence_remove(*, petition: Petition, kind: str, item_id: int) -> bool:
    """Take a series or a fact off a petition. Returns False if there was no such item."""
    if kind == "series":
        deleted, _rows = Series.objects.filter(petition=petition, pk=item_id).delete()
    elif kind == "fact":
        deleted, _rows = Fact.objects.filter(petition=petition, pk=item_id).delete()
    else:
        return False
    return bool(deleted)
