from datetime import timedelta

import pytest
from django.utils import timezone

from doorstep.core.errors import ApplicationError
from doorstep.paper import selectors
from doorstep.paper.models import Pack, PackEvent
from doorstep.paper.services.circulation import Told, pack_move, packs_tell_closing_date
from doorstep.petitions.services import petition_change_closing_date
from tests.factories import printed_pack, request_pack

pytestmark = pytest.mark.django_db


def test_pack_moves_are_dated_and_signed(petition, organiser):
    pack = printed_pack(petition)
    pack_move(pack=pack, to=Pack.State.POSTED, actor=organiser)
    with pytest.raises(ApplicationError, match="A posted pack cannot be marked cancelled"):
        pack_move(pack=pack, to=Pack.State.CANCELLED, actor=organiser)
    with pytest.raises(ApplicationError, match="Choose what happened"):
        pack_move(pack=pack, to="eaten", actor=organiser)
    pack_move(pack=pack, to=Pack.State.LOST, actor=organiser, note="Not back after two chasers")
    steps = list(PackEvent.objects.filter(pack=pack).values_list("state", flat=True))
    assert steps == ["requested", "printed", "posted", "lost"]
    assert PackEvent.objects.filter(pack=pack, state="lost", by=organiser).exists()


def test_overdue_packs(petition, organiser):
    pack = printed_pack(petition)
    pack_move(pack=pack, to=Pack.State.POSTED, actor=organiser, now=timezone.now() - timedelta(days=40))
    fresh = printed_pack(petition)
    pack_move(pack=fresh, to=Pack.State.POSTED, actor=organiser)
    assert list(selectors.packs_overdue(petition=petition)) == [pack]
    after_close = petition.closes_at + timedelta(hours=1)
    assert set(selectors.packs_overdue(petition=petition, now=after_close)) == {pack, fresh}
    circulation = selectors.petition_circulation(petition=petition)
    assert circulation.packs_out == 2 and circulation.sheets_out == 4 and circulation.overdue == 1


def test_pack_holders_are_told_a_new_closing_date(petition, organiser, mailoutbox, on_commit):
    emailed = printed_pack(petition, email="kim@example.com", name="Kim Lee")
    by_letter = printed_pack(petition, email="", phone="01632 960001")
    returned = printed_pack(petition, email="back@example.com")
    pack_move(pack=returned, to=Pack.State.POSTED, actor=organiser)
    pack_move(pack=returned, to=Pack.State.RETURNED, actor=organiser)
    request_pack(petition)  # not printed yet: its letter will carry the new date
    assert not selectors.packs_not_told_closing_date(petition=petition).exists()

    new_date = petition.closing_date + timedelta(days=14)
    petition = petition_change_closing_date(petition=petition, actor=organiser, closing_date=new_date, reason="Later")
    assert set(selectors.packs_not_told_closing_date(petition=petition)) == {emailed, by_letter}
    with on_commit(execute=True):
        told = packs_tell_closing_date(petition=petition, actor=organiser)
    assert (told.emailed, told.by_letter) == (1, 1)
    assert [m.to for m in mailoutbox] == [["kim@example.com"]]
    day = f"{new_date.day} {new_date:%B %Y}"
    assert mailoutbox[0].subject == f"New closing date for your petition pack: {petition.action}"
    assert day in mailoutbox[0].body and "Kim Lee" in mailoutbox[0].body
    assert list(selectors.packs_to_write_to(petition=petition)) == [by_letter]
    assert emailed.events.last().note == f"Told the closing date is now {day}, by email"
    assert by_letter.events.last().note == f"Told the closing date is now {day}, by letter"
    # Told once: asking again tells no one twice.
    assert packs_tell_closing_date(petition=petition, actor=organiser) == Told(0, 0)


def test_a_pack_back_before_its_email_is_sent_is_not_emailed(petition, organiser, mailoutbox):
    from doorstep.paper.tasks import send_pack_closing_date

    pack = printed_pack(petition, email="kim@example.com")
    pack_move(pack=pack, to=Pack.State.POSTED, actor=organiser)
    pack_move(pack=pack, to=Pack.State.RETURNED, actor=organiser)
    send_pack_closing_date.call(pack_id=pack.pk)
    assert mailoutbox == []
