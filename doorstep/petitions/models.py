from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from doorstep.core.languages import text_in
from doorstep.core.models import TimeStampedModel
from doorstep.core.organiser import LOGO_VALIDATORS


def end_of_day(day: date) -> datetime:
    """A petition closing "on 21 September" takes signatures until midnight, UK time."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def start_of_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


class Petition(TimeStampedModel):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        HANDED_IN = "handed_in", _("Handed in")
        # A resident's petition under the petition scheme (see the scheme app), before it opens.
        PENDING = "pending", _("Waiting for its creator to confirm")
        VALIDATED = "validated", _("Gathering supporters")
        SPONSORED = "sponsored", _("Waiting for moderation")
        # Turned down by a moderator: a rejected one has a public page with the reason, a hidden one none.
        REJECTED = "rejected", _("Rejected")
        HIDDEN = "hidden", _("Hidden")

    class HomeAreaKind(models.TextChoices):
        """The kinds of area an organiser's own area may be (as in Tally.Dimension)."""

        CONSTITUENCY = "constituency", _("Constituency")
        LOCAL_AUTHORITY = "local_authority", _("Local authority (borough)")

    # Named groups of states, so rules read as words.
    PUBLIC_STATES = (State.OPEN, State.CLOSED, State.HANDED_IN)
    EDITABLE_STATES = (State.DRAFT, State.OPEN)
    FINISHED_STATES = (State.CLOSED, State.HANDED_IN, State.REJECTED, State.HIDDEN)
    DEADLINE_CHANGEABLE_STATES = (State.DRAFT, State.OPEN)
    # How a petition comes to be: made by staff as a draft, or started by a resident.
    CREATED_STATES = (State.DRAFT, State.PENDING)
    # Started by a resident and not yet moderated; moderators may change its words (with the creator's agreement).
    STARTED_STATES = (State.PENDING, State.VALIDATED, State.SPONSORED)
    # Supporters sign through the creator's share link; their signatures count once it opens.
    SUPPORTED_STATES = (State.VALIDATED, State.SPONSORED)
    TURNED_DOWN_STATES = (State.REJECTED, State.HIDDEN)
    # With a public page: the published ones, and the rejected ones (showing why).
    VISIBLE_STATES = (*PUBLIC_STATES, State.REJECTED)
    OPENABLE_STATES = (State.DRAFT, State.SPONSORED)
    # A signature made in these may still be confirmed (within the grace time after the close).
    CONFIRMABLE_STATES = (State.OPEN, State.CLOSED, *SUPPORTED_STATES)
    # The scheme's moves other than opening and closing: from each state, the states it may become.
    SCHEME_MOVES = {
        State.PENDING: (State.VALIDATED, State.REJECTED, State.HIDDEN),
        State.VALIDATED: (State.SPONSORED, State.REJECTED, State.HIDDEN),
        State.SPONSORED: (State.REJECTED, State.HIDDEN),
        State.REJECTED: (State.HIDDEN,),
        State.HIDDEN: (State.REJECTED,),
    }

    ACTION_MAX = 80
    BACKGROUND_MAX = 500
    DETAILS_MAX = 2000

    # Its texts in English, in Welsh (the `_cy` fields), or both: at least one of each pair
    # of action and background (petitions.services). Readers get theirs: core.languages.text_in.
    action = models.CharField(_("what the petition asks for"), max_length=ACTION_MAX, blank=True)
    background = models.TextField(_("background"), max_length=BACKGROUND_MAX, blank=True)
    additional_details = models.TextField(_("additional details"), max_length=DETAILS_MAX, blank=True)
    action_cy = models.CharField(_("what the petition asks for, in Welsh"), max_length=ACTION_MAX, blank=True)
    background_cy = models.TextField(_("background, in Welsh"), max_length=BACKGROUND_MAX, blank=True)
    additional_details_cy = models.TextField(_("additional details, in Welsh"), max_length=DETAILS_MAX, blank=True)
    # Paper sheets carry both languages (Welsh first), not only the pack holder's.
    bilingual_sheets = models.BooleanField(_("bilingual paper sheets"), default=False)
    addressed_to = models.CharField(_("addressed to"), max_length=200)
    creator_name = models.CharField(_("launched by"), max_length=200)
    target = models.PositiveIntegerField(_("signature target"))
    opening_date = models.DateField(_("opening date"), null=True, blank=True)
    closing_date = models.DateField(_("closing date"))
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT, db_index=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    handed_in_at = models.DateTimeField(null=True, blank=True)
    # When a moderator first rejected or hid it (the petition scheme).
    rejected_at = models.DateTimeField(null=True, blank=True)
    # The organiser's own constituency or borough: the page shows the share of signers from it.
    home_area_kind = models.CharField(_("home area is a"), max_length=20, blank=True, choices=HomeAreaKind.choices)
    home_area_code = models.CharField(_("home area's ONS code"), max_length=9, blank=True)
    # The organiser, where it is not the site's (DOORSTEP_ORGANISER_*): each empty field is the site's.
    organiser_name = models.CharField(_("organiser's name"), max_length=100, blank=True)
    organiser_address = models.TextField(_("organiser's office address"), max_length=300, blank=True)
    organiser_phone = models.CharField(_("organiser's phone number"), max_length=30, blank=True)
    organiser_email = models.EmailField(_("organiser's email address"), blank=True)
    organiser_logo = models.ImageField(
        _("organiser's logo"), upload_to="organisers/", blank=True, validators=LOGO_VALIDATORS
    )
    # The closing date the petition was opened with; a later date means it was extended.
    original_closing_date = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return text_in(self, "action")

    def get_absolute_url(self) -> str:
        return reverse("website:petition", args=[self.pk])

    @property
    def closes_at(self) -> datetime:
        return end_of_day(self.closing_date)

    @property
    def opens_at(self) -> datetime | None:
        if self.opening_date:
            return max(start_of_day(self.opening_date), self.opened_at or start_of_day(self.opening_date))
        return self.opened_at

    def is_signable(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        opens_at = self.opens_at
        return self.state == self.State.OPEN and opens_at is not None and opens_at <= now < self.closes_at

    def takes_signatures(self, now: datetime | None = None) -> bool:
        """Signable, or gathering supporters through its creator's share link (the petition scheme)."""
        return self.state in self.SUPPORTED_STATES or self.is_signable(now)

    def public_state(self, now: datetime | None = None) -> str:
        """The state the public sees: an open petition past its closing time is closed,
        even in the minute before the closing task has run."""
        now = now or timezone.now()
        if self.state == self.State.OPEN and now >= self.closes_at:
            return self.State.CLOSED
        return self.state

    def closed_on(self, now: datetime | None = None) -> date | None:
        """The day it stopped taking signatures, None while it still takes them: its closing
        date if it ran its time, else the day staff closed it (or prepared its hand-in). Pages,
        letters and documents say this, never the closing date, once it has closed."""
        if self.closed_at is not None:
            return self.closing_date if self.closed_at >= self.closes_at else timezone.localdate(self.closed_at)
        if self.state in self.FINISHED_STATES or self.public_state(now) == self.State.CLOSED:
            return self.closing_date
        return None

    def last_day(self, now: datetime | None = None) -> date:
        """The last day it takes (or took) signatures: the day it closed, else its closing date."""
        return self.closed_on(now) or self.closing_date

    @property
    def closed_early(self) -> bool:
        """Closed before its closing time: the closing date is then said only as what it was,
        "was due to close on"."""
        return self.closed_at is not None and self.closed_at < self.closes_at

    @property
    def is_extended(self) -> bool:
        return bool(self.original_closing_date and self.closing_date != self.original_closing_date)

    def days_left(self, now: datetime | None = None) -> int:
        now = now or timezone.now()
        return max(0, (self.closing_date - timezone.localdate(now)).days)


class PetitionEvent(models.Model):
    """The audit trail: every change made to a petition, by whom and when."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Created")
        EDITED = "edited", _("Edited")
        OPENED = "opened", _("Opened")
        CLOSED = "closed", _("Closed")
        CLOSING_DATE_CHANGED = "closing_date_changed", _("Closing date changed")
        EXPORTED = "exported", _("Signatures exported")
        RECOUNTED = "recounted", _("Recounted")
        SIGNATURES_INVALIDATED = "signatures_invalidated", _("A group of signatures taken out")
        SIGNATURES_RESTORED = "signatures_restored", _("A group of signatures put back")
        ANONYMISED = "anonymised", _("Personal data anonymised")
        HANDED_IN = "handed_in", _("Handed in")
        CAMPAIGN = "campaign", _("Campaign")  # updates, replies, mailings, hand-in preparation
        # The petition scheme: a resident's petition confirmed, supported, moderated, reworded; thresholds, debates.
        CONFIRMED = "confirmed", _("Confirmed by its creator")
        SPONSORED = "sponsored", _("Supporters reached")
        MODERATED = "moderated", _("Moderated")
        THRESHOLD_REACHED = "threshold_reached", _("Threshold reached")
        DEBATE = "debate", _("Debate")

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    description = models.TextField()
    data = models.JSONField(default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description}"
