"""The campaign on the public petition page, a hot path: a fixed number of queries."""

from datetime import date

import pytest

from doorstep.campaigns.services.consultation import consultation_set
from doorstep.campaigns.services.milestones import milestones_set
from doorstep.campaigns.services.updates import reply_create, update_create
from doorstep.core.memo import local_copies_clear
from tests.factories import sign

pytestmark = pytest.mark.django_db

# The whole page as measured: the petition, its counts and breakdowns, the map layer and its
# counts (a UK map ships with Doorstep), the paper tally, then five for the campaign (hand-in,
# consultation, milestones, replies, updates), two for the evidence (its series, its facts), and
# whether signing is paused.
PETITION_PAGE_QUERIES = 15


def add_campaign(petition, organiser, n: int) -> None:
    for k in range(n):
        update_create(petition=petition, actor=organiser, title=f"Update {k}", body="News.")
        reply_create(
            petition=petition,
            actor=organiser,
            responder=f"Minister {k}",
            responded_on=date(2026, 9, 1),
            summary="Summary.",
            details="Details.",
        )


def test_campaign_adds_no_query_per_update_reply_or_milestone(
    client, petition, organiser, django_assert_max_num_queries
):
    sign(petition)
    sign(petition)
    add_campaign(petition, organiser, 1)
    milestones_set(petition=petition, actor=organiser, counts=[1])
    consultation_set(
        petition=petition,
        actor=organiser,
        run_by="the Home Office",
        title="Review",
        url="https://example.org/c",
        closes_on=date(2026, 12, 1),
    )
    with django_assert_max_num_queries(PETITION_PAGE_QUERIES):
        html = client.get(f"/petitions/{petition.pk}").content.decode()
    assert "Minister 0" in html and "1 signature on" in html and "is consulting on" in html

    add_campaign(petition, organiser, 5)
    milestones_set(petition=petition, actor=organiser, counts=[1, 2])
    local_copies_clear()  # later: the copies of public pages kept a few seconds (core.pages) are out of date
    with django_assert_max_num_queries(PETITION_PAGE_QUERIES):
        html = client.get(f"/petitions/{petition.pk}").content.decode()
    assert "Minister 4" in html and "2 signatures on" in html
