from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from doorstep.petitions.models import Petition


class Source(models.TextChoices):
    """Where signatures come from, as the limits, the holds and the staff alerts see it."""

    IP = "ip", _("IP address")
    DOMAIN = "domain", _("email domain")
    DISTRICT = "district", _("postcode district")
    COUNTRY = "country", _("country")


class ListEntry(models.Model):
    """One line of the staff's block and allow lists.

    Blocked signatures are held as suspect, never refused, so a bot learns nothing.
    Allowed IP addresses (a university, a library) and mail domains (the big
    providers) are let past the rate limits, not past the block list.
    """

    class Kind(models.TextChoices):
        IP = "ip", _("IP address or range")
        DOMAIN = "domain", _("Email domain")
        EMAIL = "email", _("Email address")

    class Action(models.TextChoices):
        BLOCK = "block", _("Block")
        ALLOW = "allow", _("Allow")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    action = models.CharField(max_length=10, choices=Action.choices)
    # An IP address or CIDR range, a domain (wildcards allowed: *.example.com) or a normalised address.
    value = models.CharField(max_length=254)
    note = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "action", "value"], name="one_list_entry")]
        ordering = ["kind", "action", "value"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.get_kind_display().lower()} {self.value}"


class Switches(models.Model):
    """The kill switches: one row, changed by staff during an attack."""

    signing_stopped = models.BooleanField(default=False)
    pack_requests_stopped = models.BooleanField(default=False)
    emails_stopped = models.BooleanField(default=False)
    # Signers' browsers must solve a small self-hosted proof-of-work puzzle (ALTCHA).
    proof_of_work_required = models.BooleanField(default=False)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = _("switches")

    def __str__(self) -> str:
        return f"signing stopped={self.signing_stopped} emails stopped={self.emails_stopped}"


class RateCounter(models.Model):
    """A rate-limit counter in the database, for the embedded mode (no Redis)."""

    key = models.CharField(max_length=300)
    window = models.BigIntegerField()  # the window's number: seconds since the epoch // window length
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window"], name="one_rate_counter")]

    def __str__(self) -> str:
        return f"{self.key}@{self.window}: {self.count}"


class Invalidation(models.Model):
    """A bulk invalidation: what staff asked to take out, and how it went. Reversible."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")
        REVERSING = "reversing", _("Being reversed")
        REVERSED = "reversed", _("Reversed")

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="+")
    # The filters, as the staff member gave them (see signatures.selectors.matching.signature_match_ids).
    criteria = models.JSONField(default=dict)
    description = models.CharField(max_length=500)
    reason = models.CharField(max_length=500)
    state = models.CharField(max_length=12, choices=State.choices, default=State.QUEUED)
    matched = models.PositiveIntegerField(default=0)  # as previewed
    done = models.PositiveIntegerField(default=0)  # signatures invalidated so far
    counted_removed = models.PositiveIntegerField(default=0)  # of those, how many were counted
    restored = models.PositiveIntegerField(default=0)
    cancel_requested = models.BooleanField(default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    reversed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reversed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.description} ({self.get_state_display()})"

    @staticmethod
    def lease_key(invalidation_id: int) -> str:
        """The job lease held by the worker running a bulk invalidation (see core.leases)."""
        return f"invalidation:{invalidation_id}"


class RetentionPolicy(models.Model):
    """How long a petition keeps its signers' personal data after hand-in or close."""

    petition = models.OneToOneField(Petition, on_delete=models.CASCADE, related_name="retention")
    months = models.PositiveSmallIntegerField()
    exempt = models.BooleanField(default=False)
    exempt_reason = models.CharField(max_length=500, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = _("retention policies")

    def __str__(self) -> str:
        return f"petition {self.petition_id}: {self.months} months{' (exempt)' if self.exempt else ''}"


class PersonalDataAccess(models.Model):
    """The audit log: every time staff saw or exported signers' personal data."""

    class Action(models.TextChoices):
        VIEWED = "viewed", _("Viewed")
        EXPORTED = "exported", _("Exported")
        SEARCHED = "searched", _("Searched")
        CHANGED = "changed", _("Changed")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=10, choices=Action.choices)
    what = models.CharField(max_length=200)  # "suspect signatures", "signer search"...
    petition = models.ForeignKey(Petition, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    rows = models.PositiveIntegerField(default=0)
    path = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.action} {self.what} at {self.at:%Y-%m-%d %H:%M}"
