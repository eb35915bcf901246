from django.db.models import QuerySet

from .models import Petition, PetitionEvent

STATE_FILTERS = {
    "open": (Petition.State.OPEN,),
    "closed": (Petition.State.CLOSED, Petition.State.HANDED_IN),
    "all": Petition.PUBLIC_STATES,
}


def petition_list_public(*, state: str = "all") -> QuerySet[Petition]:
    """Published petitions, newest opened first. `state` is open, closed or all."""
    states = STATE_FILTERS.get(state, Petition.PUBLIC_STATES)
    return Petition.objects.filter(state__in=states).order_by("-opened_at", "-id")


def petition_get_public(*, petition_id: int) -> Petition | None:
    return Petition.objects.filter(pk=petition_id, state__in=Petition.PUBLIC_STATES).first()


def petition_closing_date_changes(*, petition: Petition) -> QuerySet[PetitionEvent]:
    return petition.events.filter(kind=PetitionEvent.Kind.CLOSING_DATE_CHANGED).order_by("created_at")


def petition_list_staff() -> QuerySet[Petition]:
    """Every petition, drafts too, newest first."""
    return Petition.objects.order_by("-created_at")


def petition_get(*, petition_id: int) -> Petition | None:
    return Petition.objects.filter(pk=petition_id).first()
