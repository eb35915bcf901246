from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail

from doorstep.core.errors import ApplicationError
from doorstep.trust.models import ListEntry, Source, Switches
from doorstep.trust.selectors import switches_get
from doorstep.trust.services import (
    Sweep,
    list_entry_add,
    list_entry_remove,
    pack_request_check,
    signing_check,
    starting_check,
    switches_set,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NOW = datetime.fromtimestamp(1_000_000_200, tz=UTC)  # on a 600-second window boundary


def check(n=0, **kwargs):
    values = {"petition_id": 1, "email": f"person{n}@example.org", "ip_address": "192.0.2.1", "now": NOW, **kwargs}
    return signing_check(**values)


def test_an_ordinary_signer_passes():
    verdict = check()
    assert not verdict.suspect and verdict.sweep == ()


def test_the_ip_burst_limit_holds_the_next_and_sweeps_once(settings):
    settings.DOORSTEP = replace(settings.DOORSTEP, ip_burst_limit=3)
    verdicts = [check(n) for n in range(6)]
    assert [v.suspect for v in verdicts] == [False, False, False, True, True, True]
    assert verdicts[3].reason == "too many signatures from one IP address in a short time"
    assert verdicts[3].sweep == (Sweep(Source.IP, "192.0.2.1", settings.DOORSTEP.ip_burst_seconds),)
    assert verdicts[4].sweep == ()
    # Another IP address, another petition, or the next window: counted afresh.
    assert not check(ip_address="192.0.2.2").suspect
    assert not check(petition_id=2).suspect
    assert not check(now=NOW + timedelta(seconds=settings.DOORSTEP.ip_burst_seconds)).suspect


def test_the_sustained_ip_limit_catches_a_slow_drip(settings):
    settings.DOORSTEP = replace(settings.DOORSTEP, ip_burst_limit=100, ip_sustained_limit=4)
    verdicts = [check(n, now=NOW + timedelta(seconds=n * 700)) for n in range(6)]  # one every ~12 minutes
    assert [v.suspect for v in verdicts] == [False] * 4 + [True] * 2
    assert verdicts[4].reason == "too many signatures from one IP address in a day"


def test_an_allowed_network_is_not_rate_limited_but_is_still_blocked_when_listed(settings):
    settings.DOORSTEP = replace(settings.DOORSTEP, ip_burst_limit=2)
    staff = UserFactory()
    list_entry_add(kind="ip", action="allow", value="203.0.113.0/24", actor=staff)
    assert not any(check(n, ip_address="203.0.113.9").suspect for n in range(10))
    list_entry_add(kind="ip", action="block", value="203.0.113.9", actor=staff)
    assert check(ip_address="203.0.113.9").reason == "IP address on the block list"


def test_the_domain_limit_spares_big_providers_and_allowed_domains(settings):
    settings.DOORSTEP = replace(settings.DOORSTEP, domain_limit=3)

    def flood(domain):
        return [check(n, email=f"p{n}@{domain}", ip_address=f"192.0.2.{n}") for n in range(5)]

    verdicts = flood("bulk.test")
    assert [v.suspect for v in verdicts] == [False, False, False, True, True]
    assert verdicts[3].reason == "too many signatures from one email domain"
    assert verdicts[3].sweep == (Sweep(Source.DOMAIN, "bulk.test", settings.DOORSTEP.domain_seconds),)
    assert not any(v.suspect for v in flood("gmail.com"))
    list_entry_add(kind="domain", action="allow", value="council.gov.uk", actor=UserFactory())
    assert not any(v.suspect for v in flood("council.gov.uk"))


@pytest.mark.parametrize(
    ("kind", "value", "signer", "reason"),
    [
        ("ip", "198.51.100.0/24", {"ip_address": "198.51.100.200"}, "IP address on the block list"),
        ("domain", "*.spam.test", {"email": "x@mx1.spam.test"}, "email domain on the block list"),
        ("domain", "spam.test", {"email": "x@SPAM.test."}, "email domain on the block list"),
        ("email", "Bad.Actor+1@gmail.com", {"email": "bad.actor+2@googlemail.com"}, "email address on the block list"),
    ],
)
def test_block_lists_hold_signers(kind, value, signer, reason):
    list_entry_add(kind=kind, action="block", value=value, actor=UserFactory())
    assert check(**signer).reason == reason


def test_disposable_domains_and_the_honeypot_are_held():
    assert check(email="x@mailinator.com").reason == "disposable email domain"
    assert check(honeypot="http://spam.example").reason == "filled in the hidden field"


def test_an_ipv6_signer_and_a_missing_address_are_handled():
    list_entry_add(kind="ip", action="block", value="2001:db8::/32", actor=UserFactory())
    assert check(ip_address="2001:db8::5").suspect
    assert not check(ip_address="2001:db9::5").suspect
    assert not check(ip_address=None).suspect
    assert not check(ip_address="not an address").suspect


def test_list_entries_refuse_bad_values_and_duplicates_and_keep_what_is_stored():
    staff = UserFactory()
    list_entry_add(kind="ip", action="block", value="192.0.2.0/24", actor=staff)
    with pytest.raises(ApplicationError, match="already"):
        list_entry_add(kind="ip", action="block", value="192.0.2.77/24", actor=staff)
    with pytest.raises(ApplicationError):
        list_entry_add(kind="email", action="allow", value="a@example.org", actor=staff)
    with pytest.raises(ApplicationError):
        list_entry_add(kind="nonsense", action="block", value="x", actor=staff)
    with pytest.raises(ApplicationError):
        list_entry_add(kind="ip", action="maybe", value="192.0.2.1", actor=staff)
    assert list(ListEntry.objects.values_list("value", flat=True)) == ["192.0.2.0/24"]
    entry = ListEntry.objects.get()
    assert list_entry_remove(entry_id=entry.pk)
    assert not list_entry_remove(entry_id=entry.pk)


def test_switches_start_off_and_are_kept():
    assert not switches_get().signing_stopped
    staff = UserFactory()
    switches_set(actor=staff, signing_stopped=True, emails_stopped=True)
    switches = switches_get()
    assert switches.signing_stopped and switches.emails_stopped and not switches.pack_requests_stopped
    assert switches.updated_by == staff
    switches_set(actor=staff, signing_stopped=False)
    assert Switches.objects.count() == 1 and not switches_get().signing_stopped
    with pytest.raises(TypeError):
        switches_set(actor=staff, everything_stopped=True)


def test_staff_are_alerted_once_when_one_source_reaches_the_threshold(settings, on_commit, petition):
    settings.DOORSTEP = replace(settings.DOORSTEP, alert_per_hour=5)
    UserFactory(role="administrator", email="admin@example.org")
    UserFactory(role="organiser", email="organiser@example.org")
    with on_commit(execute=True):
        for n in range(8):
            check(
                n, petition_id=petition.pk, email=f"p{n}@gmail.com", ip_address=f"192.0.2.{n}", postcode_district="RM10"
            )
    assert len(mail.outbox) == 1  # the district reached 5; no IP address or domain did (gmail.com is exempt)
    assert mail.outbox[0].to == ["admin@example.org"]
    assert "postcode district" in mail.outbox[0].subject
    assert "RM10" in mail.outbox[0].body


def start(n=0, **kwargs):
    values = {"email": f"starter{n}@example.org", "ip_address": "192.0.2.1", "now": NOW, **kwargs}
    return starting_check(**values)


def test_starting_petitions_has_its_own_limits_per_address_and_domain(settings):
    settings.DOORSTEP = replace(settings.DOORSTEP, start_ip_limit=2, start_domain_limit=3)
    assert [start(n).reason for n in range(3)] == ["", "", "too many petitions started from one IP address in a day"]
    assert start(ip_address="192.0.2.2").reason == "too many petitions started from one email domain in a day"
    assert not check().suspect  # signing a petition is counted apart
    assert not start(ip_address="192.0.2.1", now=NOW + timedelta(days=1)).suspect  # the next day
    # The big providers are let past the domain limit, as when signing.
    assert not any(start(n, email=f"s{n}@gmail.com", ip_address=f"192.0.2.{10 + n}").suspect for n in range(5))


def test_starting_from_an_allowed_network_is_not_limited_but_the_lists_still_hold(settings):
    settings.DOORSTEP = replace(settings.DOORSTEP, start_ip_limit=1)
    staff = UserFactory()
    list_entry_add(kind="ip", action="allow", value="203.0.113.0/24", actor=staff)
    assert not any(start(n, ip_address="203.0.113.9").suspect for n in range(4))
    assert start(honeypot="x").reason == "filled in the hidden field"
    assert start(proof_of_work_failed=True).reason == "did not pass the extra check against bots"
    list_entry_add(kind="email", action="block", value="starter9@example.org", actor=staff)
    assert start(9, ip_address="203.0.113.9").reason == "email address on the block list"


# Requests for paper packs from the petition page


def pack_check(n=0, **kwargs):
    values = {"petition_id": 1, "ip_address": "192.0.2.1", "postcode": f"RM10 {n}XX", "now": NOW, **kwargs}
    return pack_request_check(**values)


def test_pack_requests_over_the_ip_limit_are_held(settings):
    settings.DOORSTEP = replace(settings.DOORSTEP, pack_ip_limit=3)
    verdicts = [pack_check(n) for n in range(6)]
    assert [v.reason for v in verdicts] == [""] * 3 + ["too many pack requests from one IP address"] * 3
    assert all(v.sweep == () for v in verdicts)
    # Another IP address, another petition, or the next window: counted afresh.
    assert not pack_check(ip_address="192.0.2.2").suspect
    assert not pack_check(petition_id=2).suspect
    assert not pack_check(now=NOW + timedelta(seconds=settings.DOORSTEP.pack_limit_seconds)).suspect
    # Signing from that address is counted apart.
    assert not check().suspect


def test_pack_requests_over_the_postcode_limit_are_held_from_any_address(settings):
    settings.DOORSTEP = replace(settings.DOORSTEP, pack_postcode_limit=2)
    verdicts = [pack_check(ip_address=f"192.0.2.{n}", postcode="RM10 7XX") for n in range(4)]
    assert [v.reason for v in verdicts] == ["", ""] + ["too many pack requests to one postcode"] * 2
    assert not pack_check(postcode="RM10 8XX").suspect
    assert not pack_check(postcode="").suspect  # no postcode to count (refused later as not one)


def test_an_allowed_network_passes_the_pack_ip_limit_but_not_the_block_list(settings):
    settings.DOORSTEP = replace(settings.DOORSTEP, pack_ip_limit=1)
    staff = UserFactory()
    list_entry_add(kind="ip", action="allow", value="203.0.113.0/24", actor=staff)
    assert not any(pack_check(n, ip_address="203.0.113.9").suspect for n in range(5))
    list_entry_add(kind="ip", action="block", value="203.0.113.9", actor=staff)
    assert pack_check(ip_address="203.0.113.9").reason == "IP address on the block list"


@pytest.mark.parametrize(
    ("request_", "reason"),
    [
        ({"honeypot": "http://spam.example"}, "filled in the hidden field"),
        ({"proof_of_work_failed": True}, "did not pass the extra check against bots"),
        ({"email": "x@spam.test"}, "email domain on the block list"),
        ({"email": "x@mailinator.com"}, "disposable email domain"),
        ({"email": ""}, ""),  # a phone number instead: no email to match
        ({"ip_address": None}, ""),
    ],
)
def test_pack_requests_meet_the_honeypot_the_puzzle_and_the_lists(request_, reason):
    list_entry_add(kind="domain", action="block", value="spam.test", actor=UserFactory())
    assert pack_check(**request_).reason == reason
