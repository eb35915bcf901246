import pytest

from doorstep.canvass.models import DoorSignature
from doorstep.canvass.selectors import phones_of
from doorstep.signatures.selectors.counts import petition_counts
from tests.factories import UserFactory, sign

from .helpers import canvasser, collect, phone_of

pytestmark = pytest.mark.django_db


def test_staff_see_each_canvassers_days_and_phones(staff_client, petition):
    ann = canvasser(username="ann")
    collect(petition, phone_of(ann))
    page = staff_client.get(f"/staff/petitions/{petition.pk}/canvass")
    assert page.status_code == 200
    assert b"ann" in page.content and b"Signatures per day" in page.content
    assert b"Sign this phone out" in page.content


def test_canvassers_and_data_entry_volunteers_cannot_see_it(client, petition):
    for user in (canvasser(), UserFactory(role="data_entry")):
        client.force_login(user)
        assert client.get(f"/staff/petitions/{petition.pk}/canvass").status_code == 403


def test_sign_a_lost_phone_out(staff_client, petition):
    ann = canvasser()
    phone = phone_of(ann)
    answer = staff_client.post(f"/staff/petitions/{petition.pk}/canvass/phones/{phone.pk}/sign-out")
    assert answer.status_code == 302
    assert phones_of(user=ann).get().signed_out_at is not None


def test_decide_a_held_signature(staff_client, petition):
    sign(petition, name="Ann Lee")
    record = collect(petition, phone_of(canvasser()))
    staff_client.post(f"/staff/petitions/{petition.pk}/canvass/held/{record.pk}", {"outcome": "count"})
    record.refresh_from_db()
    assert record.review == DoorSignature.Review.COUNTED
    assert petition_counts(petition=petition).door == 1


def test_bulk_actions(staff_client, petition):
    ann = canvasser()
    collect(petition, phone_of(ann))
    base = f"/staff/petitions/{petition.pk}/canvass/canvassers/{ann.pk}"
    staff_client.post(f"{base}/hold")
    assert petition_counts(petition=petition).door == 0
    staff_client.post(f"{base}/release")
    assert petition_counts(petition=petition).door == 1
    page = staff_client.post(f"{base}/take-out", {"reason": ""}, follow=True)
    assert b"Give the reason" in page.content
    staff_client.post(f"{base}/take-out", {"reason": "Not real"})
    assert petition_counts(petition=petition).door == 0
    assert staff_client.post(f"{base}/explode").status_code == 404
