import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from doorstep.paper.models import Sheet
from doorstep.petitions.models import Petition


def scan_path(scan: "Scan", filename: str) -> str:
    # A random name: nothing about the sheet or the signers in a file name.
    return f"scans/{scan.petition_id}/{uuid.uuid4().hex}.jpg"


class Upload(models.Model):
    """One upload of returned sheets: a PDF from a scanner, or photos. A few pages are read
    as they arrive; more are kept for the worker to read (`incoming`), the page showing how
    far it has got."""

    class State(models.TextChoices):
        READ = "", _("Read")
        QUEUED = "queued", _("Waiting for the worker")
        READING = "reading", _("Being read")
        FAILED = "failed", _("Not kept")

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="+")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    files = models.CharField(max_length=300, blank=True)  # the names of the files uploaded
    pages = models.PositiveIntegerField(default=0)
    matched = models.PositiveIntegerField(default=0)
    state = models.CharField(max_length=10, choices=State.choices, default=State.READ, blank=True)
    pages_read = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)
    # The files as uploaded, kept privately for the worker until read: [[stored name, file name], ...].
    incoming = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return f"Upload {self.pk}: {self.pages} pages, {self.matched} matched"

    @staticmethod
    def lease_key(upload_id: int) -> str:
        return f"scans-upload-{upload_id}"

    @property
    def in_progress(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.READING)


class Scan(models.Model):
    """One scanned page: its image (private), and the sheet it shows once matched."""

    class Match(models.TextChoices):
        NONE = "", _("Not matched")
        QR = "qr", _("Read from its QR code")
        TYPED = "typed", _("Sheet code typed at upload")
        BY_HAND = "by_hand", _("Matched by hand")

    upload = models.ForeignKey(Upload, on_delete=models.CASCADE, related_name="scans")
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="+")
    sheet = models.ForeignKey(Sheet, null=True, blank=True, on_delete=models.CASCADE, related_name="scans")
    source = models.CharField(max_length=200)  # "returns.pdf, page 3"
    image = models.FileField(upload_to=scan_path)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    match = models.CharField(max_length=10, choices=Match.choices, default=Match.NONE, blank=True)
    matched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["petition", "match"], name="scan_petition_match")]

    def __str__(self) -> str:
        return self.source
