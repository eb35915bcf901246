from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from doorstep.core.languages import Language, text_in
from doorstep.core.models import TimeStampedModel
from doorstep.paper.totals import Figures
from doorstep.petitions.models import Petition


class Update(TimeStampedModel):
    """A dated campaign update, shown on the petition's timeline."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="campaign_updates")
    published_on = models.DateField(_("date"), default=timezone.localdate)
    # In English, in Welsh (`_cy`) or in both (campaigns.services.updates).
    title = models.CharField(max_length=120, blank=True)
    body = models.TextField(_("text"), max_length=5000, blank=True)
    title_cy = models.CharField(_("title, in Welsh"), max_length=120, blank=True)
    body_cy = models.TextField(_("text, in Welsh"), max_length=5000, blank=True)
    link = models.URLField(_("link (optional)"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-published_on", "-id"]

    def __str__(self) -> str:
        return text_in(self, "title")


class Reply(TimeStampedModel):
    """A reply from the body the petition is addressed to, or another official."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="replies")
    responder = models.CharField(_("who replied"), max_length=200)
    responded_on = models.DateField(_("date of the reply"))
    # In English, in Welsh (`_cy`) or in both (campaigns.services.updates).
    summary = models.TextField(max_length=500, blank=True)
    details = models.TextField(_("full text"), max_length=20000, blank=True)
    summary_cy = models.TextField(_("summary, in Welsh"), max_length=500, blank=True)
    details_cy = models.TextField(_("full text, in Welsh"), max_length=20000, blank=True)
    document = models.FileField(_("the reply as a PDF (optional)"), upload_to="replies/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-responded_on", "-id"]
        verbose_name_plural = _("replies")

    def __str__(self) -> str:
        return f"{self.responder}, {self.responded_on}"


class SupporterMailing(TimeStampedModel):
    """One email to a petition's consenting supporters, sent by the worker in batches."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENDING = "sending", _("Sending")
        # Every delivery was tried, but some are in doubt: staff decide whether to send them again.
        IN_DOUBT = "in_doubt", _("Some in doubt")
        SENT = "sent", _("Sent")

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="supporter_mailings")
    # In English, in Welsh (`_cy`) or in both: each supporter gets the one they signed in, if written.
    subject = models.CharField(max_length=150, blank=True)
    body = models.TextField(max_length=20000, blank=True)
    subject_cy = models.CharField(_("subject, in Welsh"), max_length=150, blank=True)
    body_cy = models.TextField(_("text, in Welsh"), max_length=20000, blank=True)
    update = models.ForeignKey(Update, null=True, blank=True, on_delete=models.SET_NULL, related_name="mailings")
    reply = models.ForeignKey(Reply, null=True, blank=True, on_delete=models.SET_NULL, related_name="mailings")
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    # Set once every recipient has a delivery row, so a restarted worker does not list them again.
    recipients_listed = models.BooleanField(default=False)
    recipient_count = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject

    @staticmethod
    def lease_key(mailing_id: int) -> str:
        """The job lease held by the worker sending a batch of a mailing (see core.leases)."""
        return f"mailing:{mailing_id}"


class Delivery(models.Model):
    """One supporter's copy of a mailing. Claimed before it is sent and marked sent after,
    each in its own transaction, so a worker killed mid-batch never sends it twice: the
    delivery it held is in doubt (it may or may not have gone), and staff decide."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting")
        CLAIMED = "claimed", _("Being sent")
        # Claimed by a worker that stopped mid-send: never sent again unless staff say so.
        IN_DOUBT = "in_doubt", _("In doubt: the worker stopped while sending it")
        UNSENT = "unsent", _("In doubt, and marked not sent by staff")
        SENT = "sent", _("Sent")
        SUPPRESSED = "suppressed", _("Not sent: unsubscribed, bounced or complained")
        FAILED = "failed", _("Failed")

    mailing = models.ForeignKey(SupporterMailing, on_delete=models.CASCADE, related_name="deliveries")
    name = models.CharField(max_length=100)
    email = models.EmailField()
    email_normalised = models.CharField(max_length=254)
    # The language the supporter signed in: the email is written in it.
    language = models.CharField(max_length=8, choices=Language.choices, default=Language.ENGLISH)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["mailing", "email_normalised"], name="one_delivery_per_inbox"),
        ]
        indexes = [models.Index(fields=["mailing", "state", "id"])]

    def __str__(self) -> str:
        return f"{self.mailing_id} → {self.email} ({self.state})"


class Milestone(models.Model):
    """A number of signatures staff want to celebrate; reached_at is set when the count gets there."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="milestones")
    count = models.PositiveIntegerField(_("signatures"))
    reached_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["count"]
        constraints = [models.UniqueConstraint(fields=["petition", "count"], name="one_milestone_per_count")]

    def __str__(self) -> str:
        return f"{self.count} signatures"


class Consultation(TimeStampedModel):
    """A public consultation the petition speaks to."""

    petition = models.OneToOneField(Petition, on_delete=models.CASCADE, related_name="consultation")
    run_by = models.CharField(_("who runs it"), max_length=200)
    title = models.CharField(max_length=200)
    url = models.URLField(_("link"))
    closes_on = models.DateField(_("closing date"))

    def __str__(self) -> str:
        return self.title


class HandIn(TimeStampedModel):
    """The hand-in of a closed petition: its frozen counts, the bundle, and the delivery."""

    class Detail(models.TextChoices):
        DISTRICT = "district", _("Name and postcode district")
        POSTCODE = "postcode", _("Name and full postcode")

    class BundleState(models.TextChoices):
        NONE = "", _("Not made")
        QUEUED = "queued", _("Waiting for the worker")
        BUILDING = "building", _("Being made")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    class Method(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        POST = "post", _("By post")
        EMAIL = "email", _("By email")
        OTHER = "other", _("Another way")

    petition = models.OneToOneField(Petition, on_delete=models.CASCADE, related_name="hand_in")
    # The figures as they stood when frozen (see `figures`); the bundle and the page use these.
    online_count = models.PositiveIntegerField(default=0)
    paper_keyed_count = models.PositiveIntegerField(default=0)
    paper_tallied_count = models.PositiveIntegerField(default=0)
    door_count = models.PositiveIntegerField(default=0)  # door to door (doorstep.canvass)
    frozen_at = models.DateTimeField(default=timezone.now)
    detail = models.CharField(_("schedule shows"), max_length=10, choices=Detail.choices, default=Detail.DISTRICT)
    covering_letter = models.TextField(_("covering letter or consultation response (optional)"), blank=True)
    # The sheet index lists each sheet's scans by reference (doorstep.scans), never the images.
    list_scans = models.BooleanField(_("scans listed in the index of paper sheets"), default=False)

    bundle_state = models.CharField(max_length=10, choices=BundleState.choices, blank=True, default="")
    bundle_rows_done = models.PositiveIntegerField(default=0)
    bundle_rows_total = models.PositiveIntegerField(default=0)
    bundle_error = models.TextField(blank=True)
    bundle_made_at = models.DateTimeField(null=True, blank=True)

    delivered_to = models.CharField(max_length=200, blank=True)
    delivered_on = models.DateField(null=True, blank=True)
    delivery_method = models.CharField(max_length=10, choices=Method.choices, blank=True)
    delivered_count = models.PositiveIntegerField(null=True, blank=True)
    # Why the number handed in is not the frozen count (shown on the public page beside both).
    delivered_count_reason = models.TextField(blank=True, max_length=500)
    delivery_notes = models.TextField(blank=True)
    delivery_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(delivered_on__isnull=True) | ~Q(delivered_to=""), name="delivery_says_to_whom"
            )
        ]

    def __str__(self) -> str:
        return f"Hand-in of petition {self.petition_id}"

    @property
    def figures(self) -> Figures:
        """The frozen figures: the count (`total`) and the tallied beside it, never in it."""
        return Figures(
            online=self.online_count,
            paper=self.paper_keyed_count,
            door=self.door_count,
            tallied=self.paper_tallied_count,
        )

    @property
    def delivered_differs(self) -> bool:
        """A number handed in other than the frozen count (with its reason)."""
        return self.delivered_count is not None and self.delivered_count != self.figures.total

    @staticmethod
    def lease_key(hand_in_id: int) -> str:
        """The job lease held by the worker making a hand-in's bundle (see core.leases)."""
        return f"handin:{hand_in_id}"

    @property
    def bundle_percent(self) -> int:
        if not self.bundle_rows_total:
            return 100 if self.bundle_state == self.BundleState.READY else 0
        return min(100, round(100 * self.bundle_rows_done / self.bundle_rows_total))
