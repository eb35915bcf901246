"""CSV that is safe to open in a spreadsheet.

A cell starting with =, +, - or @ (or a tab or carriage return) can be run as a
formula by Excel and LibreOffice; such cells are prefixed with an apostrophe.
"""

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe_cell(value: Any) -> str:
    if value is None:
        return ""
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_lines(header: list[str], rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """Yield the CSV a line at a time, so a large export never sits in memory whole."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([csv_safe_cell(cell) for cell in header])
    yield _drain(buffer)
    for row in rows:
        writer.writerow([csv_safe_cell(cell) for cell in row])
        yield _drain(buffer)


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate(0)
    return text
