"""The postcode directory: ONS areas by code, and postcodes by edition.

Each import writes a new `PostcodeEdition`; readers only ever see the active
one, so a re-import never leaves a half-loaded directory in view.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from doorstep.core.models import TimeStampedModel


class Area(models.Model):
    """An ONS area (GSS code, like E14001205) and its name."""

    class Kind(models.TextChoices):
        CONSTITUENCY = "constituency", _("Westminster constituency")
        LOCAL_AUTHORITY = "local_authority", _("Local authority")
        WARD = "ward", _("Ward")
        REGION = "region", _("Region")
        COUNTRY = "country", _("Country")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    code = models.CharField(max_length=12)
    name = models.CharField(max_length=200)
    # A constituency's MP, as "Jane Smith MP", and party; not in the ONS files, imported with import-mps.
    mp = models.CharField(_("MP"), max_length=200, blank=True)
    party = models.CharField(_("party"), max_length=100, blank=True)
    # When the area came into use and went out of it; a constituency with a start and no end is a current seat.
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "code"], name="places_area_kind_code_unique")]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class PostcodeEdition(TimeStampedModel):
    """One import of the ONSPD or NSPL; at most one is active at a time."""

    class Status(models.TextChoices):
        IMPORTING = "importing", _("Importing")
        ACTIVE = "active", _("Active")
        REPLACED = "replaced", _("Replaced")
        FAILED = "failed", _("Failed")

    source = models.CharField(max_length=255, help_text=_("The file name it was imported from"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.IMPORTING)
    rows = models.PositiveIntegerField(default=0, help_text=_("Postcodes imported"))
    skipped = models.PositiveIntegerField(default=0, help_text=_("Rows skipped as unreadable"))
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["status"], condition=Q(status="active"), name="places_one_active_postcode_edition"
            )
        ]

    def __str__(self) -> str:
        return f"Postcode edition {self.pk} ({self.status}, {self.source})"


class Postcode(models.Model):
    """One postcode of one edition. Area codes are plain strings (no joins, fast imports)."""

    # No index of its own: the unique (edition, postcode) index serves lookups by edition.
    # No database constraint either: checking it for each of millions of rows slows
    # the import by a third on PostgreSQL, and editions are never deleted.
    edition = models.ForeignKey(
        PostcodeEdition, on_delete=models.CASCADE, db_index=False, db_constraint=False, related_name="+"
    )
    postcode = models.CharField(max_length=8)
    constituency_code = models.CharField(max_length=12, blank=True)
    local_authority_code = models.CharField(max_length=12, blank=True)
    ward_code = models.CharField(max_length=12, blank=True)
    region_code = models.CharField(max_length=12, blank=True)
    country_code = models.CharField(max_length=12, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    terminated = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["edition", "postcode"], name="places_postcode_edition_postcode_unique")
        ]

    def __str__(self) -> str:
        return self.postcode
