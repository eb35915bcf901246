import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from doorstep.core.languages import Language
from doorstep.core.models import TimeStampedModel
from doorstep.petitions.models import Petition


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Flag(models.TextChoices):
    """What in a new petition's text needs a moderator's eye before it can be published."""

    LINK = "link", _("A link")
    EMAIL = "email", _("An email address")
    PHONE = "phone", _("A phone number")
    WORD = "word", _("A word on the install's list")
    HELD = "held", _("Started over a limit or from a blocked source")


class Proposal(TimeStampedModel):
    """A petition a resident started under the petition scheme: who started it, the links they
    were sent, what flagged its text, and the times it moved on. Its words and state are the
    petition's."""

    petition = models.OneToOneField(Petition, on_delete=models.CASCADE, related_name="proposal")
    creator_email = models.EmailField(_("creator's email address"))
    creator_postcode = models.CharField(_("creator's postcode"), max_length=8)
    # The language they started it in: every email they get about it is written in it.
    language = models.CharField(max_length=8, choices=Language.choices, default=Language.ENGLISH)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    # The creator's own signature, made when they confirm their email address: the petition's first.
    # Named, not imported: the public API reads this app's figures and never the signatures' models.
    creator_signature = models.OneToOneField(
        "signatures.Signature", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # In the creator's links (confirming, their page with the share link); never shown to anyone else.
    token = models.CharField(max_length=40, default=new_token)
    # In the link the creator shares with supporters.
    share_token = models.CharField(max_length=40, default=new_token)
    # What flagged it for moderators: [{"kind": Flag, "text": what matched}].
    flags = models.JSONField(default=list, blank=True)
    # Why trust's checks held the start (for moderators; never shown to the creator).
    held_reason = models.CharField(max_length=100, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # When enough supporters had signed and confirmed: it went to moderation.
    supported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["supported_at"], name="proposal_supported_at")]

    def __str__(self) -> str:
        return f"Proposal of petition {self.petition_id}"

    @property
    def flagged(self) -> bool:
        return bool(self.flags)


class RejectionReason(models.Model):
    """A standard reason moderators give when they turn a petition down, published with it
    (its code is the JSON's rejection.code). Staff may add and reword them."""

    class Asks(models.TextChoices):
        NOTHING = "", _("Nothing more")
        DUPLICATE = "duplicate", _("The open petition it duplicates")
        ELSEWHERE = "elsewhere", _("Where to go instead")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("reason"), max_length=150)
    description = models.TextField(_("what the public page says"), max_length=1000)
    asks = models.CharField(_("the moderator also gives"), max_length=10, choices=Asks.choices, blank=True)
    # Offensive, defamatory, personal: a petition turned down for this has no public page.
    hides = models.BooleanField(_("hide the petition (no public page)"), default=False)
    active = models.BooleanField(_("offered to moderators"), default=True)
    position = models.PositiveSmallIntegerField(default=100)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class Decision(models.Model):
    """One moderator's decision on a resident's petition; every one is kept."""

    class Outcome(models.TextChoices):
        PUBLISH = "publish", _("Publish")
        REJECT = "reject", _("Reject")
        HIDE = "hide", _("Hide")

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="decisions")
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    reason = models.ForeignKey(RejectionReason, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # The moderator's own explanation, published with a rejection.
    details = models.TextField(blank=True)
    duplicate_of = models.ForeignKey(Petition, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    elsewhere = models.CharField(max_length=500, blank=True)
    # The moderator said they had read the flagged text.
    flags_seen = models.BooleanField(default=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} petition {self.petition_id}"


class Rewording(models.Model):
    """New words a moderator proposed for a resident's petition: they replace the old ones
    only if the creator accepts (by the link emailed to them)."""

    class State(models.TextChoices):
        WAITING = "waiting", _("Waiting for the creator")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Replaced by a later proposal")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="rewordings")
    action = models.CharField(_("what the petition asks for"), max_length=Petition.ACTION_MAX)
    background = models.TextField(_("background"), max_length=Petition.BACKGROUND_MAX)
    additional_details = models.TextField(_("additional details"), max_length=Petition.DETAILS_MAX, blank=True)
    note = models.TextField(_("why, for the creator"), max_length=1000, blank=True)
    token = models.CharField(max_length=40, default=new_token)
    state = models.CharField(max_length=10, choices=State.choices, default=State.WAITING)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-proposed_at", "-id"]

    def __str__(self) -> str:
        return f"Rewording of petition {self.proposal_id} ({self.state})"


class ThresholdReached(models.Model):
    """A petition reached one of the install's thresholds: recorded once, with the date."""

    class Kind(models.TextChoices):
        RESPONSE = "response", _("Response")
        DEBATE = "debate", _("Debate")

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="thresholds_reached")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # The threshold as it stood then (an install may change it later).
    signatures = models.PositiveIntegerField()
    reached_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["petition", "kind"], name="one_threshold_reached_per_kind")]

    def __str__(self) -> str:
        return f"{self.kind} threshold of petition {self.petition_id}"


class Debate(TimeStampedModel):
    """A petition's debate: scheduled for a day, then debated (with what was said) or not."""

    class Outcome(models.TextChoices):
        NONE = "", _("Not yet")
        DEBATED = "debated", _("Debated")
        NOT_DEBATED = "not_debated", _("Not debated")

    petition = models.OneToOneField(Petition, on_delete=models.CASCADE, related_name="debate")
    scheduled_on = models.DateField(_("debate date"), null=True, blank=True)
    scheduled_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, blank=True)
    outcome_at = models.DateTimeField(null=True, blank=True)
    debated_on = models.DateField(_("debated on"), null=True, blank=True)
    overview = models.TextField(_("what was decided, or why it was not debated"), max_length=5000, blank=True)
    transcript_url = models.URLField(_("transcript or minutes (link)"), blank=True)
    video_url = models.URLField(_("video (link)"), blank=True)
    debate_pack_url = models.URLField(_("papers for the meeting (link)"), blank=True)

    def __str__(self) -> str:
        return f"Debate of petition {self.petition_id}"


class CreatorEmail(models.TextChoices):
    """The emails a resident who started a petition is sent, one task each (see tasks)."""

    CONFIRM = "confirm", _("Confirm your email address")
    SHARE = "share", _("Your link for supporters")
    SUPPORTED = "supported", _("Enough supporters: waiting for moderation")
    REWORDING = "rewording", _("A moderator proposes new words")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")
    RESPONSE = "response", _("A response")
    DEBATE_SCHEDULED = "debate_scheduled", _("A debate scheduled")
    DEBATE_OUTCOME = "debate_outcome", _("The debate's outcome")
    CLOSED = "closed", _("Closed")
