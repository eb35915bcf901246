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
    """One upload of returned sheets: a PDF from a scanner, or photos."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="+")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    files = models.CharField(max_length=300, blank=True)  # the names of the files uploaded
    pages = models.PositiveIntegerField(default=0)
    matched = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return f"Upload {self.pk}: {self.pages} pages, {self.matched} matched"


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
