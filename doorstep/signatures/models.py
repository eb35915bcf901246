import re
import secrets

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from doorstep.core.languages import Language
from doorstep.petitions.models import Petition
from doorstep.trust.models import Invalidation


def new_token() -> str:
    return secrets.token_urlsafe(24)


# The shape of new_token()'s tokens: anything else in a link is refused before it is compared
# or looked up (a non-ASCII one upsets hmac.compare_digest, a NUL byte PostgreSQL).
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")


class Signature(models.Model):
    class Channel(models.TextChoices):
        ONLINE = "online", _("Online")
        PAPER = "paper", _("Paper")
        DOOR = "door", _("Door to door")

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        INVALIDATED = "invalidated", _("Invalidated")
        # Held by the trust checks: the signer sees nothing different and may confirm
        # it (confirmed_at is set), but it counts only once staff release it.
        SUSPECT = "suspect", _("Held as suspect")

    # Only these count.
    COUNTED_STATES = (State.CONFIRMED,)
    # Still waiting for the signer's click: a confirmation email may be (re)sent.
    AWAITING_CONFIRMATION = (State.PENDING, State.SUSPECT)

    NAME_MAX = 100

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="signatures")
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    state = models.CharField(max_length=12, choices=State.choices, default=State.PENDING)
    name = models.CharField(max_length=NAME_MAX)
    email = models.EmailField(blank=True)
    # One inbox signs once: see core.emails.email_normalise.
    email_normalised = models.CharField(max_length=254, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    postcode_district = models.CharField(max_length=4, blank=True)
    country = models.CharField(max_length=2, default="GB")
    # Where the postcode lies, from the postcode directory (empty until it is imported).
    constituency_code = models.CharField(max_length=12, blank=True)
    local_authority_code = models.CharField(max_length=12, blank=True)
    ward_code = models.CharField(max_length=12, blank=True)
    region_code = models.CharField(max_length=12, blank=True)
    updates_consent = models.BooleanField(default=False)
    # The exact words shown beside the consent box, kept as evidence of consent.
    consent_wording = models.TextField(blank=True)
    # The language the signer signed in: every email they get is written in it.
    language = models.CharField(max_length=8, choices=Language.choices, default=Language.ENGLISH)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    token = models.CharField(max_length=40, default=new_token)
    confirmation_emails_sent = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    invalidated_at = models.DateTimeField(null=True, blank=True)
    # Why the trust checks held it (for staff; never shown to the signer).
    suspect_reason = models.CharField(max_length=100, blank=True)
    # The bulk invalidation that took it out, and its state before, so it can be put back.
    invalidation = models.ForeignKey(
        Invalidation, null=True, blank=True, on_delete=models.SET_NULL, related_name="signatures"
    )
    state_before_invalidation = models.CharField(max_length=12, choices=State.choices, blank=True)
    # A keyed hash of the IP address, kept once the address itself is dropped (see trust).
    ip_hash = models.CharField(max_length=64, blank=True)
    # When the name, email, postcode and IP were removed under the retention policy.
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "email_normalised"],
                condition=~Q(email_normalised=""),
                name="one_signature_per_email",
            )
        ]
        indexes = [
            models.Index(fields=["petition", "state", "created_at"]),
            # For "what is happening now" across every petition.
            models.Index(fields=["created_at"], name="signature_created_at"),
            # Finding who else signed at a postcode, when checking paper rows for duplicates.
            models.Index(fields=["petition", "postcode"], name="signature_petition_postcode"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_state_display()})"


class Tally(models.Model):
    """A running count of a petition's counted signatures, by channel and by one
    dimension (the total, a country, a constituency, a day...).

    Each count is spread over a few shard rows, so concurrent confirmations
    seldom wait on the same row; the count is the sum of its shards.
    """

    class Dimension(models.TextChoices):
        TOTAL = "total", _("Total")
        COUNTRY = "country", _("Country")
        REGION = "region", _("Region")
        CONSTITUENCY = "constituency", _("Constituency")
        LOCAL_AUTHORITY = "local_authority", _("Local authority")
        WARD = "ward", _("Ward")
        DISTRICT = "district", _("Postcode district")
        DAY = "day", _("Day")

    # Signature field each area dimension is counted by.
    AREA_FIELDS = {
        Dimension.COUNTRY: "country",
        Dimension.REGION: "region_code",
        Dimension.CONSTITUENCY: "constituency_code",
        Dimension.LOCAL_AUTHORITY: "local_authority_code",
        Dimension.WARD: "ward_code",
        Dimension.DISTRICT: "postcode_district",
    }

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="tallies")
    channel = models.CharField(max_length=10, choices=Signature.Channel.choices)
    dimension = models.CharField(max_length=20, choices=Dimension.choices)
    key = models.CharField(max_length=40, blank=True)
    shard = models.PositiveSmallIntegerField(default=0)
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["petition", "dimension", "key", "channel", "shard"], name="one_tally_row")
        ]

    def __str__(self) -> str:
        return f"{self.petition_id} {self.channel} {self.dimension}={self.key}#{self.shard}: {self.count}"


class SignatureExport(models.Model):
    """Every download of signers' personal data: who, when, how many rows."""

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="+")
    exported_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    exported_at = models.DateTimeField(default=timezone.now)
    row_count = models.PositiveIntegerField(default=0)
    finished = models.BooleanField(default=False)

    class Meta:
        ordering = ["-exported_at"]

    def __str__(self) -> str:
        return f"{self.row_count} rows of petition {self.petition_id} by {self.exported_by_id}"


class DataRequest(models.Model):
    """A signer asked, by email link, to see what is held about their inbox (and to
    withdraw). The link holds this random token, never the address itself."""

    LIFETIME_HOURS = 24

    email_normalised = models.CharField(max_length=254)
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"data request {self.pk} at {self.created_at:%Y-%m-%d %H:%M}"
