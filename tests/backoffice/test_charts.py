"""The breakdown page's charts: days labelled as a person reads them, the last one inside the chart."""

import itertools
import re
from datetime import date, timedelta

from doorstep.backoffice.charts import WIDTH, DayPoint, cumulative_line_svg, daily_bars_svg, day_label

LABEL = re.compile(r'<text x="([\d.]+)" y="[\d.]+" text-anchor="middle" font-size="(\d+)">([^<]*)</text>')


def days(count: int) -> list[DayPoint]:
    start = date(2026, 10, 25)
    return [DayPoint(day=(start + timedelta(days=i)).isoformat(), online=i, paper=1) for i in range(count)]


def test_a_day_reads_as_a_date_not_as_month_and_day_numbers():
    assert day_label("2026-11-21") == "21 Nov"
    assert day_label("2026-01-05") == "5 Jan"


def test_labels_are_few_spaced_and_end_on_the_last_day_inside_the_chart():
    for chart in (daily_bars_svg, cumulative_line_svg):
        for count in (1, 2, 7, 8, 30, 61):
            labels = LABEL.findall(chart(days(count), title="Chart"))
            texts = [text for _x, _size, text in labels]
            assert texts[0] == "25 Oct"
            assert texts[-1] == day_label(days(count)[-1].day)
            assert len(texts) <= 8 and len(set(texts)) == len(texts)
            xs = [float(x) for x, _size, _text in labels]
            assert xs == sorted(xs)
            # Half a label's width (about 3.5 characters at the font's size) fits on either side.
            size = int(labels[0][1])
            assert size >= 13
            assert xs[-1] + 3.5 * size * 0.6 <= WIDTH
            assert all(b - a >= 6 * size * 0.6 for a, b in itertools.pairwise(xs))
