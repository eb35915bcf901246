"""A petition closed early, by staff or by preparing its hand-in, says when it actually
closed on every surface, and its closing date only as what it was: "was due to close on"."""

import re
from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from doorstep.campaigns.bundle_spec import BundleFile
from doorstep.campaigns.models import HandIn
from doorstep.campaigns.services.bundles import handin_files
from doorstep.paper.printing import closing_date_letters_pdf, pack_pdf
from doorstep.paper.selectors import packs_to_write_to
from doorstep.paper.services.batches import packs_print
from doorstep.petitions.models import Petition
from tests.factories import printed_pack, request_pack, sign

from .surfaces import by_id, day, pdf_text, text

pytestmark = pytest.mark.django_db

LETTER = "The petition closed on {closing_date}."


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def scheduled_only_as_due(surface: str, petition: Petition) -> None:
    """Each mention of the closing date says it was when the petition was due to close."""
    for form in ("j F Y", "j M Y"):
        for found in re.finditer(re.escape(day(petition.closing_date, form)), surface):
            before = surface[max(0, found.start() - 25) : found.start()].lower()
            assert "due to close on" in before or "was due" in before, surface[found.start() - 80 : found.end()]


def close_early(how: str, staff_client, petition, on_commit) -> None:
    """Close it today, three weeks or so before its closing date, and prepare its hand-in."""
    if how == "by staff":
        staff_client.post(f"/staff/petitions/{petition.pk}/close", {"reason": "The council has decided"})
    with on_commit(execute=True):
        staff_client.post(f"/staff/petitions/{petition.pk}/hand-in", {"detail": "district", "covering_letter": LETTER})
    petition.refresh_from_db()
    assert petition.state == Petition.State.CLOSED and petition.closed_early


def public_dates(client, petition, today: str, due: str) -> None:
    page = client.get(f"/petitions/{petition.pk}").content.decode()
    assert by_id(page, "closed-on") == f"It closed early, on {today}; it was due to close on {due}."
    sign_page = text(client.get(f"/petitions/{petition.pk}/sign").content.decode())
    assert f"It closed on {today}, so it can no longer be signed. It was due to close on {due}." in sign_page
    listing = text(client.get("/?state=closed").content.decode())
    assert f"Closed on {today} (was due to close on {due})" in listing
    for surface in (text(page), sign_page, listing):
        scheduled_only_as_due(surface, petition)
    attributes = client.get(f"/petitions/{petition.pk}.json").json()["data"]["attributes"]
    closed_at = datetime.fromisoformat(attributes["closed_at"].replace("Z", "+00:00"))
    assert timezone.localdate(closed_at) == timezone.localdate()
    assert attributes["closing_date"] == petition.closing_date.isoformat()  # the day it was due to close


def staff_dates(staff_client, petition, today: str) -> None:
    home = text(staff_client.get("/staff/").content.decode())
    assert f"closed {day(timezone.localdate(), 'j M Y')} (was due {day(petition.closing_date, 'j M Y')})" in home
    detail = staff_client.get(f"/staff/petitions/{petition.pk}").content.decode()
    assert by_id(detail, "closed-on").startswith(f"{today} at ") and by_id(detail, "closed-on").endswith(", early")
    handin_page = text(staff_client.get(f"/staff/petitions/{petition.pk}/hand-in").content.decode())
    for surface in (home, text(detail), handin_page):
        scheduled_only_as_due(surface, petition)


@pytest.mark.parametrize("how", ["by staff", "by preparing the hand-in"])
def test_every_surface_says_when_it_closed(client, staff_client, petition, on_commit, how):
    sign(petition)
    close_early(how, staff_client, petition, on_commit)
    today, due = day(timezone.localdate()), day(petition.closing_date)
    public_dates(client, petition, today, due)
    staff_dates(staff_client, petition, today)
    cover = pdf_text(handin_files(hand_in=HandIn.objects.get(petition=petition))[BundleFile.PDF])
    assert re.search(rf"Closed {today} \d\d:\d\d Was due to close on {due}", cover), cover
    assert f"The petition closed on {today}." in cover  # the covering letter's {closing_date}
    scheduled_only_as_due(cover, petition)


def test_paper_letters_and_emails_say_it_closed(staff_client, petition, organiser, on_commit):
    """Pack holders still out are told it closed, and until when sheets still count; a pack
    printed after the close says so too."""
    emailed, by_letter = printed_pack(petition), printed_pack(petition, email="", phone="020 7946 0000")
    waiting = request_pack(petition)
    staff_client.post(f"/staff/petitions/{petition.pk}/close", {"reason": "The council has decided"})
    petition.refresh_from_db()
    today, until = day(timezone.localdate()), day(timezone.localdate() + timedelta(days=14))
    paper_page = text(staff_client.get(f"/staff/petitions/{petition.pk}/paper").content.decode())
    assert f"2 packs still out were not told the petition closed on {today}." in paper_page
    with on_commit(execute=True):
        staff_client.post(f"/staff/petitions/{petition.pk}/paper/tell-closing-date")
    [email] = [message for message in mail.outbox if message.to == [emailed.email]]
    assert email.subject == f"The petition has closed: {petition.action}"
    assert f"It closed on {today}." in email.body and f"sheets that reach us by {until} still count" in email.body
    assert list(packs_to_write_to(petition=petition)) == [by_letter]
    letter = pdf_text(closing_date_letters_pdf(petition=petition, packs=[by_letter]))
    assert f"The petition closed on {today}" in letter and f"Sheets that reach us by {until} still count" in letter

    packs_print(petition=petition, actor=organiser, pack_ids=[waiting.pk])
    waiting.refresh_from_db()
    pack = pdf_text(pack_pdf(pack=waiting))
    assert f"The petition closed on {today}: post every sheet back now" in pack
    assert f"Sheets that reach us by {until} still count" in pack and f"Closed on {today}" in pack
    for surface in (paper_page, email.body, letter, pack):
        assert day(petition.closing_date) not in surface


def test_a_petition_that_ran_its_time_closed_on_its_closing_date(client, petition):
    """Its closing time is midnight at the end of that day, which is the next day's date: pages
    say the closing date, not that next day, both before and after the closing task has run."""
    yesterday = timezone.localdate() - timedelta(days=1)
    Petition.objects.filter(pk=petition.pk).update(closing_date=yesterday)
    petition.refresh_from_db()
    for closed_by_the_task in (False, True):
        if closed_by_the_task:
            Petition.objects.filter(pk=petition.pk).update(state=Petition.State.CLOSED, closed_at=petition.closes_at)
            petition.refresh_from_db()
        assert petition.closed_on() == yesterday and not petition.closed_early
        page = client.get(f"/petitions/{petition.pk}").content.decode()
        assert by_id(page, "closed-on") == f"All petitions run for a set time; this one closed on {day(yesterday)}."
        assert f"Closed on {day(yesterday)}" in text(client.get("/?state=closed").content.decode())
        attributes = client.get(f"/petitions/{petition.pk}.json").json()["data"]["attributes"]
        closed_at = datetime.fromisoformat(attributes["closed_at"].replace("Z", "+00:00"))
        assert closed_at == petition.closes_at
