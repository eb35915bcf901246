import pytest

from doorstep.paper.models import Pack
from doorstep.paper.services.batches import packs_print, sheet_create
from tests.factories import printed_pack, request_pack

pytestmark = pytest.mark.django_db


def test_printing_gives_each_pack_its_sheets(petition, organiser):
    pack = request_pack(petition, sheets=3)
    batch = packs_print(petition=petition, actor=organiser)
    pack.refresh_from_db()
    assert pack.state == Pack.State.PRINTED and pack.batch == batch
    assert batch.printed_by == organiser
    assert [s.number for s in pack.sheets.all()] == [1, 2, 3]
    assert len({s.code for s in pack.sheets.all()}) == 3
    assert pack.events.last().note == f"Batch {batch.pk}"
    assert packs_print(petition=petition, actor=organiser) is None


def test_a_taken_code_is_drawn_again(petition, monkeypatch):
    pack = printed_pack(petition, sheets=1)
    taken = pack.sheets.get().code
    codes = iter([taken, "ABCDEFG"])
    monkeypatch.setattr("doorstep.paper.services.batches.sheet_code_new", lambda: next(codes))
    assert sheet_create(pack=pack, number=2).code == "ABCDEFG"
