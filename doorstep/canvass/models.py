import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from doorstep.core.languages import Language
from doorstep.paper.models import DuplicateReview
from doorstep.petitions.models import Petition


class Phone(models.Model):
    """A canvasser's phone, known by a secret it keeps. Signed out (lost, stolen, handed
    back), it can send nothing more, and its session is ended."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    label = models.CharField(max_length=100, blank=True)
    # A hash of the secret the phone keeps: the secret itself is never stored.
    token_hash = models.CharField(max_length=64, unique=True)
    # The session the phone was signed in with, ended when staff sign the phone out.
    session_key = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)
    signed_out_at = models.DateTimeField(null=True, blank=True)
    signed_out_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Phone {self.pk} of user {self.user_id}"


class DoorSignature(models.Model):
    """A signature as it came from a canvasser's phone: counted at once (it then has its
    signature) or held when it looks like someone who signed already, for staff to decide."""

    Review = DuplicateReview

    # The phone's own key for this signature: sending it again adds nothing.
    key = models.UUIDField(unique=True, default=uuid.uuid4)
    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="+")
    canvasser = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    phone = models.ForeignKey(Phone, on_delete=models.PROTECT, related_name="door_signatures")
    name = models.CharField(max_length=100)
    address = models.CharField(max_length=200)
    postcode = models.CharField(max_length=8)
    email = models.EmailField(blank=True)
    updates_consent = models.BooleanField(default=False)
    consent_wording = models.TextField(blank=True)
    # The canvass page's language when it was collected: its thank-you email is in it.
    language = models.CharField(max_length=8, choices=Language.choices, default=Language.ENGLISH)
    collected_at = models.DateTimeField()
    received_at = models.DateTimeField(default=timezone.now)
    signature = models.OneToOneField(
        "signatures.Signature", null=True, blank=True, on_delete=models.PROTECT, related_name="door_record"
    )
    review = models.CharField(max_length=10, choices=Review.choices, default=Review.NONE, blank=True)
    matched_signature = models.ForeignKey(
        "signatures.Signature", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    match_reason = models.CharField(max_length=200, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["collected_at", "pk"]
        indexes = [
            models.Index(fields=["petition", "canvasser", "collected_at"], name="door_by_canvasser"),
            models.Index(fields=["petition", "postcode"], name="door_petition_postcode"),
        ]

    def __str__(self) -> str:
        return f"Door signature {self.pk} ({self.get_review_display()})"
