"""A flood of fake signatures through the public form, beside real signers on a shared network."""

import itertools
from dataclasses import replace

import pytest
from django.urls import reverse

from doorstep.signatures.models import Signature
from doorstep.signatures.selectors.counts import petition_breakdown, petition_counts
from doorstep.signatures.services.confirmation import signature_confirm
from doorstep.trust.models import ListEntry
from doorstep.trust.services import list_entry_add
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

UNIVERSITY = "203.0.113.0/24"
BOT_IPS = ["198.51.100.7", "198.51.100.8", "198.51.100.9"]
BOT_DOMAINS = ["cheap-inbox.test", "bulkmail.test"]


def post_signature(client, petition, *, ip, name, email, postcode="RM10 7XX", website=""):
    return client.post(
        reverse("signatures:sign", args=[petition.pk]),
        {"name": name, "email": email, "country": "GB", "postcode": postcode, "website": website},
        REMOTE_ADDR=ip,
    )


def confirm_all(petition):
    for signature in Signature.objects.filter(petition=petition):
        signature_confirm(signature=signature, token=signature.token)


def test_a_flood_from_a_few_ips_and_domains_counts_for_nothing(client, petition, settings):
    settings.DOORSTEP = replace(settings.DOORSTEP, domain_limit=30)
    list_entry_add(kind=ListEntry.Kind.IP, action=ListEntry.Action.ALLOW, value=UNIVERSITY, actor=UserFactory())
    ips = itertools.cycle(BOT_IPS)
    domains = itertools.cycle(BOT_DOMAINS)
    responses = set()
    # 200 from three addresses, 50 more from inside the (allowed) university network
    # but with the bots' own domains, and 20 filling the honeypot from fresh addresses.
    for n in range(200):
        response = post_signature(client, petition, ip=next(ips), name=f"Bot {n}", email=f"bot{n}@{next(domains)}")
        responses.add((response.status_code, response["Location"].split("?")[0]))
    for n in range(50):
        response = post_signature(
            client, petition, ip="203.0.113.50", name=f"Campus bot {n}", email=f"c{n}@bulkmail.test"
        )
        responses.add((response.status_code, response["Location"].split("?")[0]))
    for n in range(20):
        response = post_signature(
            client, petition, ip=f"192.0.2.{n}", name=f"Filler {n}", email=f"f{n}@example.org", website="http://spam"
        )
        responses.add((response.status_code, response["Location"].split("?")[0]))
    # Real students signing from the same university network, with everyday mail providers.
    for n in range(40):
        provider = ["gmail.com", "outlook.com", "yahoo.co.uk", "btinternet.com"][n % 4]
        response = post_signature(
            client,
            petition,
            ip=f"203.0.113.{n % 3}",
            name=f"Student {n}",
            email=f"student{n}@{provider}",
            postcode="RM9 4AA",
        )
        responses.add((response.status_code, response["Location"].split("?")[0]))
    confirm_all(petition)

    # Every signer saw the same thing: the "check your email" page (showing back the address they typed).
    assert responses == {(302, reverse("signatures:check_email", args=[petition.pk]))}
    counted = Signature.objects.filter(petition=petition, state=Signature.State.CONFIRMED)
    assert set(counted.values_list("name", flat=True)) == {f"Student {n}" for n in range(40)}
    assert petition_counts(petition=petition).total == 40
    assert dict((row.key, row.total) for row in petition_breakdown(petition=petition, dimension="district")) == {
        "RM9": 40
    }
    held = Signature.objects.filter(petition=petition, state=Signature.State.SUSPECT)
    assert held.count() == 270
    assert not held.filter(confirmed_at__isnull=True).exists()  # the bots' clicks were recorded, not counted
