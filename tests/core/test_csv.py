import csv
import io

import pytest

from doorstep.core.csv import csv_lines, csv_safe_cell


@pytest.mark.parametrize("value", ["=1+1", "+44 20", "-2", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("x")'])
def test_formula_cells_are_neutralised(value):
    assert csv_safe_cell(value) == "'" + value


@pytest.mark.parametrize(("value", "expected"), [("Jane", "Jane"), (None, ""), (3, "3"), ("a=b", "a=b")])
def test_other_cells_are_unchanged(value, expected):
    assert csv_safe_cell(value) == expected


def test_csv_lines_stream_a_readable_csv():
    text = "".join(csv_lines(["name", "note"], [["Ann, Smith", "=cmd"], ["Bob", 'say "hi"']]))
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["name", "note"], ["Ann, Smith", "'=cmd"], ["Bob", 'say "hi"']]
