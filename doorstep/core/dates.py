"""Calendar arithmetic Doorstep's rules share."""

import calendar
from datetime import date
from typing import TypeVar

Day = TypeVar("Day", bound=date)  # a date, or a datetime


def months_later(moment: Day, months: int) -> Day:
    """The same day `months` calendar months later; 31 August + 6 months is the last day of February."""
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)
