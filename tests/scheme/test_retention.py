"""A creator's personal data is kept no longer than a signer's."""

from datetime import timedelta

import pytest
from django.utils import timezone

from doorstep.scheme.models import Proposal
from doorstep.scheme.services.retention import proposals_apply_retention
from doorstep.trust.services import retention_mark_anonymised
from tests.factories import start_petition

pytestmark = pytest.mark.django_db


def test_old_ip_addresses_go():
    old, new = start_petition(ip_address="10.0.0.1"), start_petition(ip_address="10.0.0.2")
    Proposal.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=31))
    assert proposals_apply_retention() == {"ips_dropped": 1, "creators_anonymised": 0}
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.ip_address, new.ip_address) == (None, "10.0.0.2")


def test_the_creator_is_anonymised_with_the_signers():
    proposal, other = start_petition(), start_petition()
    retention_mark_anonymised(petition=proposal.petition, now=timezone.now())
    assert proposals_apply_retention()["creators_anonymised"] == 1
    proposal.refresh_from_db()
    other.refresh_from_db()
    assert (proposal.creator_email, proposal.creator_postcode) == ("", "")
    assert other.creator_email.endswith("@example.com")
    assert proposals_apply_retention()["creators_anonymised"] == 0
