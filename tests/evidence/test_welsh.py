"""The evidence on a Welsh petition page: its heading, chart summary and table in Welsh."""

import html

import pytest

from doorstep.evidence import services

pytestmark = pytest.mark.django_db


def test_the_evidence_on_the_welsh_page_is_in_welsh(client, petition):
    services.series_add(
        petition=petition,
        title="Swyddogion heddlu",
        unit="swyddog",
        source="Y Swyddfa Gartref",
        figures="2010: 33,367\n2024: 30,435\n",
        actor=None,
    )
    page = html.unescape(client.get(f"/cy/petitions/{petition.pk}").content.decode())
    section = page[page.index('id="evidence"') :]
    assert "Y dystiolaeth" in section
    assert "Swyddogion heddlu: o 33,367 yn 2010 i 30,435 yn 2024, i lawr" in section
    assert "Ffynhonnell:" in section
