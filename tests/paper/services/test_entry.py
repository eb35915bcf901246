"""What every returned sheet goes through, keyed or counted only."""

from dataclasses import replace
from datetime import timedelta

import pytest

from doorstep.core.errors import ApplicationError
from doorstep.paper.models import Pack
from doorstep.paper.services.circulation import pack_move
from doorstep.paper.services.count_only import sheet_count_only
from doorstep.paper.services.keying import sheet_row_save
from doorstep.petitions.models import Petition
from doorstep.signatures.selectors.counts import petition_counts
from tests.factories import printed_pack, printed_sheet

from . import row

pytestmark = pytest.mark.django_db


def test_paper_entry_stops_days_after_the_close(petition, volunteer, settings):
    settings.DOORSTEP = replace(settings.DOORSTEP, paper_entry_days=7)
    sheet = printed_sheet(petition)
    Petition.objects.filter(pk=petition.pk).update(state=Petition.State.CLOSED, closed_at=petition.closes_at)
    sheet.petition.refresh_from_db()
    in_time = petition.closes_at + timedelta(days=6)
    sheet_row_save(sheet=sheet, row=row(1), actor=volunteer, now=in_time)
    too_late = petition.closes_at + timedelta(days=7, seconds=1)
    with pytest.raises(ApplicationError, match="Paper entry for this petition closed at the end of"):
        sheet_row_save(sheet=sheet, row=row(2), actor=volunteer, now=too_late)
    with pytest.raises(ApplicationError, match="Paper entry for this petition closed"):
        sheet_count_only(sheet=sheet, count=3, actor=volunteer, now=too_late)
    assert petition_counts(petition=petition).paper == 1


def test_a_pack_is_back_when_all_its_sheets_are(petition, organiser, volunteer):
    pack = printed_pack(petition, sheets=2)
    pack_move(pack=pack, to=Pack.State.LOST, actor=organiser)
    first, second = pack.sheets.order_by("number")
    sheet_row_save(sheet=first, row=row(1), actor=volunteer)
    pack.refresh_from_db()
    assert pack.state == Pack.State.PARTLY_RETURNED  # a lost pack turned up, in part
    sheet_count_only(sheet=second, count=4, actor=volunteer)
    pack.refresh_from_db()
    assert pack.state == Pack.State.RETURNED
    assert [e.note for e in pack.events.all()][-2:] == [f"Sheet {first.code} back", f"Sheet {second.code} back"]
