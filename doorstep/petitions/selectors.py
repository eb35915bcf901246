from datetime import date

from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from doorstep.core.memo import Memo
from doorstep.core.organiser import Organiser, organiser_site

from .models import Petition, PetitionEvent


class Listing(models.TextChoices):
    """Which published petitions a public list shows."""

    OPEN = "open", _("Open petitions")
    CLOSED = "closed", _("Closed petitions")
    ALL = "all", _("All petitions")


def petition_list_public(*, state: str = Listing.ALL, today: date | None = None) -> QuerySet[Petition]:
    """Published petitions, newest opened first. `state` is a Listing: open (never one past its
    closing date, even before the closing task has run), closed (closed, handed in, or past its
    closing date) or all."""
    published = Petition.objects.filter(state__in=Petition.PUBLIC_STATES).order_by("-opened_at", "-id")
    open_ = Q(state=Petition.State.OPEN, closing_date__gte=today or timezone.localdate())
    if state == Listing.OPEN:
        return published.filter(open_)
    if state == Listing.CLOSED:
        return published.exclude(open_)
    return published


# Words of a search past this many are ignored (each is one more LIKE over the petitions).
SEARCH_WORDS_MAX = 8


def petitions_matching(*, petitions: QuerySet[Petition], query: str) -> QuerySet[Petition]:
    """Those of `petitions` whose words (what they ask for, their background, who they are to)
    include every word of `query`, in any case."""
    for word in query.split()[:SEARCH_WORDS_MAX]:
        petitions = petitions.filter(
            Q(action__icontains=word) | Q(background__icontains=word) | Q(addressed_to__icontains=word)
        )
    return petitions


def petition_get_public(*, petition_id: int) -> Petition | None:
    return Petition.objects.filter(pk=petition_id, state__in=Petition.PUBLIC_STATES).first()


def petition_get_visible(*, petition_id: int) -> Petition | None:
    """A published petition, or a rejected one (whose page and JSON say why); never a hidden one."""
    return Petition.objects.filter(pk=petition_id, state__in=Petition.VISIBLE_STATES).first()


PUBLIC_KEPT: "Memo[int, Petition | None]" = Memo(lambda petition_id: petition_get_public(petition_id=petition_id))


def petition_get_public_cached(*, petition_id: int) -> Petition | None:
    """The published petition as this process read it at most DOORSTEP_LOCAL_CACHE_SECONDS ago,
    for the signer's hot paths; a change saved in this process is seen at once. Never its counts."""
    return PUBLIC_KEPT.get(petition_id)


def petition_closing_date_changes(*, petition: Petition) -> QuerySet[PetitionEvent]:
    return petition.events.filter(kind=PetitionEvent.Kind.CLOSING_DATE_CHANGED).order_by("created_at")


def petition_events(*, petition: Petition, limit: int = 200) -> list[PetitionEvent]:
    """The petition's history, newest first, with who did each thing."""
    return list(petition.events.select_related("actor")[:limit])


def petition_list_staff() -> QuerySet[Petition]:
    """Every petition, drafts too, newest first."""
    return Petition.objects.order_by("-created_at")


def petition_get(*, petition_id: int) -> Petition | None:
    if not 0 < petition_id < 2**63:  # a number no database column holds: no such petition
        return None
    return Petition.objects.filter(pk=petition_id).first()


def petition_for_staff(*, petition_id: int) -> Petition:
    """Any petition, drafts too, for a staff page: a 404 if there is none with this id."""
    petition = petition_get(petition_id=petition_id)
    if petition is None:
        raise Http404("No such petition")
    return petition


def petition_organiser(*, petition: Petition) -> Organiser:
    """Whose petition this is: the petition's own organiser, each field it leaves empty the site's."""
    site = organiser_site()
    address = tuple(line.strip() for line in petition.organiser_address.splitlines() if line.strip())
    return Organiser(
        name=petition.organiser_name or site.name,
        named=bool(petition.organiser_name) or site.named,
        address=address or site.address,
        phone=petition.organiser_phone or site.phone,
        email=petition.organiser_email or site.email,
        logo=petition.organiser_logo.path if petition.organiser_logo else site.logo,
        logo_petition_id=petition.pk if petition.organiser_logo else None,
    )
