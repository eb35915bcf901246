from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from doorstep.core.errors import ApplicationError
from doorstep.petitions import services
from doorstep.petitions.models import Petition, PetitionEvent
from tests.factories import DraftPetitionFactory, PetitionFactory

pytestmark = pytest.mark.django_db


def petition_fields(**overrides):
    return {
        "action": "Keep our police station open",
        "background": "It is closing.",
        "additional_details": "",
        "addressed_to": "the Home Office",
        "creator_name": "the MP for Dagenham and Rainham",
        "target": 5000,
        "opening_date": None,
        "closing_date": timezone.localdate() + timedelta(days=60),
        **overrides,
    }


def test_create_makes_a_draft_and_records_it(organiser):
    petition = services.petition_create(actor=organiser, **petition_fields())
    assert petition.state == Petition.State.DRAFT
    assert petition.created_by == organiser
    assert list(petition.events.values_list("kind", flat=True)) == [PetitionEvent.Kind.CREATED]


def test_create_refuses_an_overlong_action(organiser):
    with pytest.raises(ValidationError):
        services.petition_create(actor=organiser, **petition_fields(action="x" * 81))
    assert not Petition.objects.exists()


def test_create_refuses_a_closing_date_in_the_past(organiser):
    with pytest.raises(ApplicationError) as error:
        services.petition_create(
            actor=organiser, **petition_fields(closing_date=timezone.localdate() - timedelta(days=1))
        )
    assert error.value.field == "closing_date"


def test_open_a_draft(organiser, on_commit):
    petition = DraftPetitionFactory()
    with on_commit(execute=False) as callbacks:
        petition = services.petition_open(petition=petition, actor=organiser)
    assert petition.state == Petition.State.OPEN
    assert petition.opened_at is not None
    assert petition.original_closing_date == petition.closing_date
    assert petition.is_signable()
    assert len(callbacks) == 1  # the closing task is queued


@pytest.mark.parametrize("state", [Petition.State.OPEN, Petition.State.CLOSED, Petition.State.HANDED_IN])
def test_only_drafts_open(organiser, state):
    petition = PetitionFactory(state=state)
    with pytest.raises(ApplicationError):
        services.petition_open(petition=petition, actor=organiser)


def test_close_stops_signing(organiser):
    petition = PetitionFactory()
    petition = services.petition_close(petition=petition, actor=organiser, reason="Target reached")
    assert petition.state == Petition.State.CLOSED
    assert not petition.is_signable()
    assert petition.events.filter(kind=PetitionEvent.Kind.CLOSED, description__contains="Target reached").exists()
    with pytest.raises(ApplicationError):
        services.petition_close(petition=petition, actor=organiser)


def test_extend_keeps_an_audit_trail(organiser):
    petition = PetitionFactory()
    old = petition.closing_date
    new = old + timedelta(days=30)
    petition = services.petition_change_closing_date(
        petition=petition, actor=organiser, closing_date=new, reason="The consultation was extended"
    )
    assert petition.closing_date == new
    assert petition.is_extended
    event = petition.events.get(kind=PetitionEvent.Kind.CLOSING_DATE_CHANGED)
    assert event.actor == organiser
    assert event.data == {"old": old.isoformat(), "new": new.isoformat(), "reason": "The consultation was extended"}
    assert event.description.startswith("Extended from")


def test_bring_forward(organiser):
    petition = PetitionFactory()
    new = timezone.localdate() + timedelta(days=2)
    petition = services.petition_change_closing_date(
        petition=petition, actor=organiser, closing_date=new, reason="Council meeting moved"
    )
    assert petition.events.get(kind=PetitionEvent.Kind.CLOSING_DATE_CHANGED).description.startswith("Brought forward")


@pytest.mark.parametrize(
    ("days", "reason", "field"),
    [(10, "", "reason"), (10, "   ", "reason"), (-1, "Oops", "closing_date"), (None, "Same date", "closing_date")],
)
def test_closing_date_change_refusals(organiser, days, reason, field):
    petition = PetitionFactory()
    new = petition.closing_date if days is None else timezone.localdate() + timedelta(days=days)
    with pytest.raises(ApplicationError) as error:
        services.petition_change_closing_date(petition=petition, actor=organiser, closing_date=new, reason=reason)
    assert error.value.field == field
    assert not petition.events.exists()


def test_closed_petition_closing_date_cannot_change(organiser):
    petition = PetitionFactory(state=Petition.State.CLOSED)
    with pytest.raises(ApplicationError):
        services.petition_change_closing_date(
            petition=petition, actor=organiser, closing_date=petition.closing_date + timedelta(days=5), reason="x"
        )


def test_open_petition_closing_date_only_changes_with_a_reason(organiser):
    petition = PetitionFactory()
    with pytest.raises(ApplicationError):
        services.petition_update(
            petition=petition, actor=organiser, closing_date=petition.closing_date + timedelta(days=5)
        )


def test_update_records_what_changed(organiser):
    petition = DraftPetitionFactory()
    services.petition_update(petition=petition, actor=organiser, target=7500, action="Save the station")
    petition.refresh_from_db()
    assert petition.target == 7500
    event = petition.events.get(kind=PetitionEvent.Kind.EDITED)
    assert "signature target" in event.description
    assert event.data["changes"]["target"] == ["5000", "7500"]


def test_closed_petition_cannot_be_edited(organiser):
    petition = PetitionFactory(state=Petition.State.CLOSED)
    with pytest.raises(ApplicationError):
        services.petition_update(petition=petition, actor=organiser, target=1)


def test_signing_stops_at_midnight_after_the_closing_date():
    petition = PetitionFactory()
    closes_at = petition.closes_at
    assert timezone.localtime(closes_at).hour == 0
    assert petition.is_signable(closes_at - timedelta(seconds=1))
    assert not petition.is_signable(closes_at)
    assert petition.public_state(closes_at) == Petition.State.CLOSED


def test_close_if_due_closes_only_when_due():
    petition = PetitionFactory()
    assert not services.petition_close_if_due(petition_id=petition.pk)
    assert services.petition_close_if_due(petition_id=petition.pk, now=petition.closes_at)
    petition.refresh_from_db()
    assert petition.state == Petition.State.CLOSED
    assert petition.closed_at == petition.closes_at
    assert petition.events.get(kind=PetitionEvent.Kind.CLOSED).actor is None


def test_close_expired_repairs_missed_closes():
    overdue = PetitionFactory()
    Petition.objects.filter(pk=overdue.pk).update(closing_date=timezone.localdate() - timedelta(days=1))
    running = PetitionFactory()
    assert services.petitions_close_expired() == 1
    overdue.refresh_from_db()
    running.refresh_from_db()
    assert overdue.state == Petition.State.CLOSED
    assert running.state == Petition.State.OPEN


def test_opening_date_in_the_future_delays_signing(organiser):
    petition = DraftPetitionFactory(opening_date=timezone.localdate() + timedelta(days=3))
    petition = services.petition_open(petition=petition, actor=organiser)
    assert petition.state == Petition.State.OPEN
    assert not petition.is_signable()
    assert petition.is_signable(petition.opens_at)
