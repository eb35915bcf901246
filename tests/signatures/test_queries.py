"""Query counts of the signer's hot paths, so they cannot grow unnoticed.

Counts are spread over one shard here, so which row a confirmation adds to is not
left to chance; the first confirmation of a petition makes its tally rows (the most
queries), later ones only add to them. Callbacks run after commit (the queued email,
the milestone check) are not part of these counts: the email task has its own.
"""

from dataclasses import replace

import pytest
from django.core import mail
from django.urls import reverse

from doorstep.signatures.models import Signature, Tally
from doorstep.signatures.selectors.counts import petition_counts
from doorstep.signatures.tasks import send_signature_confirmation
from tests.factories import sign

pytestmark = pytest.mark.django_db

FORM = {"name": "Jane Smith", "email": "jane@example.com", "country": "GB", "postcode": "RM10 7XX"}


@pytest.fixture(params=["database", "cache"])
def store(request, settings):
    """Both places the limit counters can live (the database without Redis, else the cache)."""
    settings.DOORSTEP = replace(settings.DOORSTEP, counter_store=request.param, count_shards=1)
    return request.param


# Each process keeps for a few seconds (core.memo) the petition, the switches, the lists
# and whether a postcode directory is loaded: the first request reads them, later ones not.
# A sign POST inserts the signature in a savepoint (3). Its limit counters (an IP address
# in three windows, the domain, the district, the country) are one upsert in the
# database, none in the cache (one Redis round trip). Signing again with the same inbox:
# the insert fails, then the first signature is read and its emails sent counted, in a
# savepoint (8).
SIGN_POST = {"database": 3 + 1, "cache": 3}
SIGN_POST_AGAIN = {"database": 8 + 1, "cache": 8}


def test_sign_get(client, petition, store, django_assert_num_queries):
    url = reverse("signatures:sign", args=[petition.pk])
    with django_assert_num_queries(2):  # the petition, the switches
        response = client.get(url)
    assert response.status_code == 200
    with django_assert_num_queries(0):  # kept by this process
        assert client.get(url).status_code == 200


def test_sign_post(client, petition, store, django_assert_num_queries):
    url = reverse("signatures:sign", args=[petition.pk])
    with django_assert_num_queries(4 + SIGN_POST[store]):  # the reads this process then keeps
        response = client.post(url, FORM)
    assert response.status_code == 302
    with django_assert_num_queries(SIGN_POST[store]):
        response = client.post(url, {**FORM, "email": "john@example.com"})
    assert response.status_code == 302
    with django_assert_num_queries(SIGN_POST_AGAIN[store]):
        again = client.post(url, FORM)  # the same inbox: the email is sent again
    assert again.status_code == 302


def test_confirm_get(client, petition, store, django_assert_num_queries):
    first, second = sign(petition, confirm=False), sign(petition, confirm=False)
    with django_assert_num_queries(2):  # the signature, its petition (this process then keeps it)
        response = client.get(reverse("signatures:confirm", args=[first.pk, first.token]))
    assert response.status_code == 200
    with django_assert_num_queries(1):
        assert client.get(reverse("signatures:confirm", args=[second.pk, second.token])).status_code == 200


def test_confirm_post(client, petition, store, django_assert_num_queries):
    first, second = sign(petition, confirm=False), sign(petition, confirm=False)
    # The signature, its petition (this process then keeps it), the state's update in a
    # savepoint (3); then its four counts (the total, the country, the district, the day)
    # in one upsert, made the first time ...
    with django_assert_num_queries(2 + 3 + 1):
        response = client.post(reverse("signatures:confirm", args=[first.pk, first.token]))
    assert response.status_code == 302
    # ... and added to later.
    with django_assert_num_queries(1 + 3 + 1):
        client.post(reverse("signatures:confirm", args=[second.pk, second.token]))
    assert petition_counts(petition=petition).total == 2
    assert Tally.objects.filter(petition=petition).count() == 4


def test_confirmation_email_task(petition, store, django_assert_num_queries):
    signature = sign(petition, confirm=False)
    with django_assert_num_queries(3):  # the signature, its petition (this process keeps it a while), the switches
        send_signature_confirmation.enqueue(signature_id=signature.pk)
    assert len(mail.outbox) == 1
    assert Signature.objects.get().confirmation_emails_sent == 0  # the factory sent none itself
