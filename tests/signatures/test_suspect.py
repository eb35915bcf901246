"""Signatures held as suspect: they look the same to the signer and never count unless released."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from doorstep.core.errors import ApplicationError
from doorstep.signatures.models import Signature
from doorstep.signatures.selectors.counts import petition_breakdown, petition_counts
from doorstep.signatures.services.confirmation import signature_confirm
from doorstep.signatures.services.holding import signature_hold, signature_release, signatures_hold_recent
from doorstep.signatures.services.invalidation import signature_invalidate
from doorstep.signatures.services.signing import Signer, signature_create
from doorstep.trust.models import Source
from doorstep.trust.services import switches_set
from tests.factories import UserFactory, sign

pytestmark = pytest.mark.django_db


def held(petition, **fields):
    return sign(petition, confirm=False, suspect_reason="test", **fields)


def test_a_held_signature_is_emailed_and_confirmed_like_any_other_but_does_not_count(petition, on_commit):
    with on_commit(execute=True):
        signature = held(petition, send_email=True)
    assert signature.state == Signature.State.SUSPECT
    assert len(mail.outbox) == 1 and signature.token in mail.outbox[0].body
    assert signature_confirm(signature=signature, token=signature.token) is True
    assert signature_confirm(signature=signature, token=signature.token) is False
    signature.refresh_from_db()
    assert signature.state == Signature.State.SUSPECT and signature.confirmed_at
    assert petition_counts(petition=petition).total == 0
    assert petition_breakdown(petition=petition, dimension="district") == []
    with pytest.raises(ApplicationError):
        signature_confirm(signature=signature, token="wrong")


def test_releasing_a_confirmed_held_signature_counts_it_once(petition):
    signature = held(petition)
    signature_confirm(signature=signature, token=signature.token)
    assert signature_release(signature=signature) is True
    assert signature_release(signature=signature) is False
    assert Signature.objects.get(pk=signature.pk).state == Signature.State.CONFIRMED
    assert petition_counts(petition=petition).total == 1
    assert [(r.key, r.total) for r in petition_breakdown(petition=petition, dimension="district")] == [("RM10", 1)]


def test_releasing_an_unconfirmed_held_signature_waits_for_the_click(petition):
    signature = held(petition)
    signature_release(signature=signature)
    assert Signature.objects.get(pk=signature.pk).state == Signature.State.PENDING
    assert petition_counts(petition=petition).total == 0
    signature_confirm(signature=signature, token=signature.token)
    assert petition_counts(petition=petition).total == 1


def test_holding_a_counted_signature_takes_it_out_and_invalidating_a_held_one_changes_nothing(petition):
    counted = sign(petition)
    assert signature_hold(signature=counted, reason="looks fake") is True
    assert petition_counts(petition=petition).total == 0
    assert signature_invalidate(signature=counted) is True
    assert petition_counts(petition=petition).total == 0
    assert signature_hold(signature=counted, reason="again") is False


def test_signing_again_from_a_held_inbox_resends_the_email_within_the_cap(petition, on_commit):
    with on_commit(execute=True):
        first = held(petition, email="jo@example.org", send_email=True)
        again = signature_create(petition=petition, signer=Signer("Jo", "jo@example.org", "RM10 7XX"))
    assert again.signature.pk == first.pk and again.email_queued
    assert len(mail.outbox) == 2


def test_a_source_going_over_a_limit_has_its_recent_signatures_held(petition):
    bot = [sign(petition, ip_address="198.51.100.1", email=f"b{n}@bot.test") for n in range(3)]
    long_ago = sign(petition, ip_address="198.51.100.1", email="old@bot.test")
    Signature.objects.filter(pk=long_ago.pk).update(created_at=timezone.now() - timedelta(days=2))
    neighbour = sign(petition, ip_address="198.51.100.2", email="n@bot.test")
    assert petition_counts(petition=petition).total == 5
    assert (
        signatures_hold_recent(petition=petition, source=Source.IP, value="198.51.100.1", seconds=600, reason="x") == 3
    )
    assert petition_counts(petition=petition).total == 2
    assert (
        signatures_hold_recent(petition=petition, source=Source.DOMAIN, value="bot.test", seconds=600, reason="x") == 1
    )
    states = dict(Signature.objects.values_list("pk", "state"))
    assert {states[s.pk] for s in bot} == {"suspect"}
    assert states[long_ago.pk] == "confirmed" and states[neighbour.pk] == "suspect"


def test_signing_can_be_stopped_and_started_again(client, petition):
    url = reverse("signatures:sign", args=[petition.pk])
    switches_set(actor=UserFactory(), signing_stopped=True)
    page = client.get(url)
    assert page.status_code == 503 and b"Signing is paused" in page.content
    posted = client.post(url, {"name": "Jo", "email": "jo@example.org", "country": "GB", "postcode": "RM10 7XX"})
    assert posted.status_code == 503
    assert not Signature.objects.exists()
    switches_set(actor=UserFactory(), signing_stopped=False)
    assert client.get(url).status_code == 200


def test_stopped_emails_are_not_sent_and_the_signer_can_ask_again_later(petition, on_commit):
    switches_set(actor=UserFactory(), emails_stopped=True)
    with on_commit(execute=True):
        signature = sign(petition, confirm=False, send_email=True)
    assert mail.outbox == []
    assert Signature.objects.get(pk=signature.pk).confirmation_emails_sent == 0
    switches_set(actor=UserFactory(), emails_stopped=False)
    with on_commit(execute=True):
        signature_create(petition=petition, signer=Signer("Again", signature.email, "RM10 7XX"))
    assert len(mail.outbox) == 1


def test_the_honeypot_holds_quietly(client, petition):
    url = reverse("signatures:sign", args=[petition.pk])
    page = client.get(url).content.decode()
    assert 'name="website"' in page and 'tabindex="-1"' in page
    data = {"name": "Jo", "email": "jo@example.org", "country": "GB", "postcode": "RM10 7XX"}
    response = client.post(url, {**data, "website": "http://spam.example"})
    assert response.status_code == 302
    assert Signature.objects.get().state == Signature.State.SUSPECT
    assert Signature.objects.get().suspect_reason == "filled in the hidden field"
