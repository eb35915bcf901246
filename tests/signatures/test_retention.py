"""The retention policy: personal data anonymised on time, every count left exact."""

from dataclasses import replace
from datetime import timedelta

import pytest
from django.utils import timezone

from doorstep.core.errors import ApplicationError
from doorstep.petitions.models import Petition
from doorstep.signatures.models import Signature, Tally
from doorstep.signatures.selectors.counts import petition_counts
from doorstep.signatures.services.counts import counts_rebuild
from doorstep.signatures.services.invalidation import signature_invalidate
from doorstep.signatures.services.retention import signatures_anonymise, signatures_apply_retention
from doorstep.trust.selectors import petitions_due_for_anonymising, retention_due_at
from doorstep.trust.services import retention_set
from tests.factories import DAGENHAM, ILFORD, PetitionFactory, UserFactory, postcode_directory, sign

pytestmark = pytest.mark.django_db


def counts_by_key(petition):
    totals: dict = {}
    for row in Tally.objects.filter(petition=petition):
        key = (row.channel, row.dimension, row.key)
        totals[key] = totals.get(key, 0) + row.count
    return {key: n for key, n in totals.items() if n}


def test_anonymising_keeps_every_count_and_breakdown_exact_even_after_a_recount(petition):
    postcode_directory({"RM10 7XX": DAGENHAM, "IG1 2AA": ILFORD})
    for n in range(6):
        sign(petition, postcode="RM10 7XX" if n % 2 else "IG1 2AA", ip_address="192.0.2.1")
    sign(petition, country="FR", postcode="")
    sign(petition, confirm=False)
    sign(petition, suspect_reason="x")
    signature_invalidate(signature=sign(petition))
    before = counts_by_key(petition)
    assert petition_counts(petition=petition).total == 7

    assert signatures_anonymise(petition=petition) == 10
    assert counts_by_key(petition) == before
    counts_rebuild(petition=petition)
    assert counts_by_key(petition) == before
    for signature in Signature.objects.filter(petition=petition):
        assert (signature.name, signature.email, signature.email_normalised, signature.postcode) == ("", "", "", "")
        assert signature.ip_address is None and signature.token == "" and signature.anonymised_at
    # The areas stay, for the breakdowns.
    assert set(Signature.objects.values_list("constituency_code", flat=True)) >= {"E14001190", "E14001301"}
    assert signatures_anonymise(petition=petition) == 0


def finished(*, state=Petition.State.HANDED_IN, days_ago=0):
    when = timezone.now() - timedelta(days=days_ago)
    return PetitionFactory(
        state=state,
        closing_date=timezone.localdate() - timedelta(days=days_ago + 1),
        closed_at=when,
        handed_in_at=when if state == Petition.State.HANDED_IN else None,
    )


def test_the_daily_job_anonymises_petitions_past_their_period_unless_exempt(settings):
    settings.DOORSTEP = replace(settings.DOORSTEP, retention_months=6)
    open_petition = PetitionFactory()
    recent = finished(days_ago=30)
    due = finished(days_ago=200)
    closed_due = finished(state=Petition.State.CLOSED, days_ago=200)
    exempt = finished(days_ago=400)
    short = finished(days_ago=40)
    staff = UserFactory()
    retention_set(petition=exempt, months=6, exempt=True, exempt_reason="Judicial review pending", actor=staff)
    retention_set(petition=short, months=1, actor=staff)
    with pytest.raises(ApplicationError):
        retention_set(petition=recent, months=6, exempt=True, exempt_reason=" ", actor=staff)
    with pytest.raises(ApplicationError):
        retention_set(petition=recent, months=0, actor=staff)
    for p in (open_petition, recent, due, closed_due, exempt, short):
        Signature.objects.create(
            petition=p, name="Jo", email=f"jo{p.pk}@example.org", email_normalised=f"jo{p.pk}@example.org"
        )

    assert {p.pk for p in petitions_due_for_anonymising()} == {due.pk, closed_due.pk, short.pk}
    assert retention_due_at(petition=open_petition) is None and retention_due_at(petition=exempt) is None
    result = signatures_apply_retention()
    assert result["anonymised"] == 3
    named = set(Signature.objects.exclude(name="").values_list("petition_id", flat=True))
    assert named == {open_petition.pk, recent.pk, exempt.pk}
    assert petitions_due_for_anonymising() == []


def test_old_ip_addresses_are_replaced_by_a_hash(petition, settings):
    settings.DOORSTEP = replace(settings.DOORSTEP, ip_retention_days=30)
    old = sign(petition, ip_address="192.0.2.1")
    new = sign(petition, ip_address="192.0.2.1")
    Signature.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=31))
    assert signatures_apply_retention()["ips_hashed"] == 1
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.ip_address is None and len(old.ip_hash) == 32
    assert new.ip_address == "192.0.2.1"


def test_the_retention_command_reports_what_it_did(petition):
    from io import StringIO

    from django.core.management import call_command

    sign(petition, ip_address="192.0.2.1")
    Signature.objects.update(created_at=timezone.now() - timedelta(days=400))
    out = StringIO()
    call_command("apply_retention", stdout=out)
    assert "hashed 1 IP addresses" in out.getvalue()
