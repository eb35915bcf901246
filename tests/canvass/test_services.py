from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from doorstep.canvass import selectors, services
from doorstep.canvass.models import DoorSignature
from doorstep.core.errors import ApplicationError
from doorstep.signatures.models import Signature
from doorstep.signatures.selectors.counts import petition_counts
from tests.factories import sign

from .helpers import canvasser, collect, door_input, phone_of

pytestmark = pytest.mark.django_db


def test_a_door_signature_counts_at_once_in_its_own_channel(petition):
    phone = phone_of(canvasser())
    record = collect(petition, phone)
    assert record.signature.channel == Signature.Channel.DOOR
    assert record.signature.state == Signature.State.CONFIRMED
    assert petition_counts(petition=petition).door == 1
    assert petition_counts(petition=petition).total == 1


def test_sending_the_same_key_again_adds_nothing(petition):
    phone = phone_of(canvasser())
    data = door_input()
    first = services.door_signature_receive(phone=phone, petition=petition, data=data)
    again = services.door_signature_receive(phone=phone, petition=petition, data=data)
    assert first.created and not again.created
    assert again.record.pk == first.record.pk
    assert petition_counts(petition=petition).door == 1
    assert DoorSignature.objects.count() == 1


def test_the_same_key_from_another_phone_is_refused(petition):
    data = door_input()
    services.door_signature_receive(phone=phone_of(canvasser()), petition=petition, data=data)
    with pytest.raises(ApplicationError, match="another phone"):
        services.door_signature_receive(phone=phone_of(canvasser()), petition=petition, data=data)


def test_someone_who_signed_online_is_held_not_counted(petition):
    sign(petition, name="Ann Lee", postcode="RM10 7XX")
    record = collect(petition, phone_of(canvasser()), name="ann  LEE")
    assert record.review == DoorSignature.Review.HELD
    assert record.signature is None
    assert "online" in record.match_reason
    assert petition_counts(petition=petition).door == 0


def test_the_same_email_is_held_even_at_another_postcode(petition):
    sign(petition, name="Ann Lee", email="ann@example.com", postcode="RM10 7XX")
    record = collect(petition, phone_of(canvasser()), name="A Lee", postcode="RM9 4AA", email="Ann@Example.com")
    assert record.review == DoorSignature.Review.HELD
    assert "email" in record.match_reason


def test_a_close_name_at_the_same_house_is_held_against_other_door_signatures(petition):
    phone = phone_of(canvasser())
    collect(petition, phone, name="Katherine Smith", address="12 Elm Road")
    record = collect(petition, phone, name="Catherine Smith", address="12, Elm Rd")
    assert record.review == DoorSignature.Review.HELD
    neighbour = collect(petition, phone, name="Catherine Smyth", address="14 Elm Road")
    assert neighbour.review == DoorSignature.Review.NONE


def test_held_signatures_are_decided_by_staff(petition, organiser):
    phone = phone_of(canvasser())
    sign(petition, name="Ann Lee")
    held = collect(petition, phone)
    kept = services.door_signature_decide(record=held, count=True, actor=organiser)
    assert kept.review == DoorSignature.Review.COUNTED
    assert petition_counts(petition=petition).door == 1
    with pytest.raises(ApplicationError, match="decided already"):
        services.door_signature_decide(record=held, count=False, actor=organiser)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": " "}, "signer's name"),
        ({"address": ""}, "house number"),
        ({"postcode": "nowhere"}, "postcode"),
        ({"email": "not-an-email"}, "email address"),
        ({"agreed": False}, "agree"),
        ({"key": "nope"}, "no key"),
        ({"collected_at": "yesterday"}, "collected"),
        ({"name": "Jo www.spam-pills.com"}, "without a web address"),
        ({"address": "1 High St\x00"}, "not allowed"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(petition, fields, message):
    with pytest.raises(ApplicationError, match=message):
        collect(petition, phone_of(canvasser()), **fields)
    assert not DoorSignature.objects.exists()


def test_a_signature_collected_before_the_petition_opened_is_refused(petition):
    before = (petition.opened_at - timedelta(hours=1)).isoformat()
    with pytest.raises(ApplicationError, match="not open"):
        collect(petition, phone_of(canvasser()), collected_at=before)


def test_collected_offline_before_the_close_still_counts_after_it(petition):
    collected = timezone.now()
    phone = phone_of(canvasser())
    later = petition.closes_at + timedelta(days=1)
    record = services.door_signature_receive(
        phone=phone, petition=petition, data=door_input(collected_at=collected.isoformat()), now=later
    ).record
    assert record.signature.created_at == collected
    assert petition_counts(petition=petition).door == 1


def test_a_signed_out_phone_can_send_nothing(petition, organiser):
    phone = phone_of(canvasser())
    assert services.phone_sign_out(phone=phone, actor=organiser)
    phone.refresh_from_db()
    with pytest.raises(ApplicationError, match="signed out"):
        collect(petition, phone)
    assert not services.phone_sign_out(phone=phone, actor=organiser)


def test_signing_a_phone_out_ends_its_session(client, petition, organiser):
    from django.contrib.sessions.models import Session

    user = canvasser()
    client.force_login(user)
    key = client.session.session_key
    phone, _token = services.phone_register(user=user, label="", session_key=key)
    services.phone_sign_out(phone=phone, actor=organiser)
    assert not Session.objects.filter(session_key=key).exists()


def test_a_signer_who_gave_an_email_is_thanked(petition, on_commit):
    with on_commit(execute=True):
        collect(petition, phone_of(canvasser()), email="ann@example.com", updates_consent=True, consent_wording="Yes")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ann@example.com"]
    assert f"/petitions/{petition.pk}" in mail.outbox[0].body
    assert "You asked for updates" in mail.outbox[0].body
    signature = Signature.objects.get()
    assert signature.updates_consent and signature.consent_wording == "Yes"


def test_no_email_no_thanks_and_no_consent(petition, on_commit):
    with on_commit(execute=True):
        record = collect(petition, phone_of(canvasser()), updates_consent=True, consent_wording="Yes")
    assert not mail.outbox
    assert not record.signature.updates_consent


def test_a_canvassers_signatures_are_held_released_and_taken_out_in_bulk(petition, organiser):
    ann, bob = canvasser(), canvasser()
    for number in range(3):
        collect(petition, phone_of(ann), name=f"Signer {number}", address=f"{number + 1} Elm Road")
    collect(petition, phone_of(bob), name="Someone Else")
    assert services.canvasser_signatures_hold(petition=petition, canvasser=ann, actor=organiser) == 3
    assert petition_counts(petition=petition).door == 1
    assert services.canvasser_signatures_release(petition=petition, canvasser=ann, actor=organiser) == 3
    assert petition_counts(petition=petition).door == 4
    with pytest.raises(ApplicationError, match="reason"):
        services.canvasser_signatures_invalidate(petition=petition, canvasser=ann, reason=" ", actor=organiser)
    taken = services.canvasser_signatures_invalidate(
        petition=petition, canvasser=ann, reason="Made up", actor=organiser
    )
    assert taken == 3
    assert petition_counts(petition=petition).door == 1
    assert petition.events.filter(kind="signatures_invalidated").exists()


def test_each_canvassers_signatures_per_day(petition, organiser):
    ann = canvasser(username="ann")
    phone = phone_of(ann)
    yesterday = timezone.now() - timedelta(hours=20)
    collect(petition, phone, name="One", collected_at=yesterday.isoformat())
    collect(petition, phone, name="Two", address="2 Elm Road")
    sign(petition, name="Three")
    collect(petition, phone, name="Three", address="3 Elm Road")
    [row] = selectors.petition_canvassers(petition=petition)
    assert row.canvasser == ann
    assert (row.counted, row.held, row.out) == (2, 1, 0)
    assert sum(day.collected for day in row.days) == 3
    assert row.phones == [phone]


def test_no_thanks_to_an_address_that_bounced(petition, on_commit):
    from doorstep.mailings.models import Suppression
    from doorstep.mailings.services import suppression_add

    suppression_add(email="ann@example.com", reason=Suppression.Reason.BOUNCED)
    with on_commit(execute=True):
        collect(petition, phone_of(canvasser()), email="ann@example.com")
    assert not mail.outbox
