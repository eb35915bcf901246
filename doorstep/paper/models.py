from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from doorstep.core.languages import Language
from doorstep.petitions.models import Petition


class PrintBatch(models.Model):
    """Packs printed together: one PDF of letters and sheets, one page of labels."""

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="+")
    printed_at = models.DateTimeField(default=timezone.now)
    printed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-printed_at"]

    def __str__(self) -> str:
        return f"Batch {self.pk} of petition {self.petition_id}"


class Pack(models.Model):
    """A resident's request for a paper petition pack, and the pack as it goes out and comes back."""

    class State(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        PRINTED = "printed", _("Printed")
        POSTED = "posted", _("Posted")
        PARTLY_RETURNED = "partly_returned", _("Partly returned")
        RETURNED = "returned", _("Returned")
        LOST = "lost", _("Lost")
        CANCELLED = "cancelled", _("Cancelled")

    class Source(models.TextChoices):
        WEBSITE = "website", _("Petition page")
        PHONE = "phone", _("Phone call to the office")
        EMAIL = "email", _("Email to the office")

    # Packs whose sheets are with a resident.
    OUT_STATES = (State.PRINTED, State.POSTED, State.PARTLY_RETURNED)
    SHEETS_MIN = 1
    SHEETS_MAX = 10

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="paper_packs")
    state = models.CharField(max_length=20, choices=State.choices, default=State.REQUESTED, db_index=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.WEBSITE)
    name = models.CharField(max_length=100)
    address_line_1 = models.CharField(max_length=100)
    address_line_2 = models.CharField(max_length=100, blank=True)
    town = models.CharField(max_length=60)
    postcode = models.CharField(max_length=8)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    sheets_requested = models.PositiveSmallIntegerField()
    # Consent to be contacted about this pack (required to send one)...
    contact_consent = models.BooleanField(default=False)
    # ...and, separately, to hear about the campaign; without it the address serves the pack only.
    updates_consent = models.BooleanField(default=False)
    # The language the pack was asked for in: its letter, sheets and emails are in it.
    language = models.CharField(max_length=8, choices=Language.choices, default=Language.ENGLISH)
    # Postcode plus first address line, squeezed: two requests from one address match.
    address_key = models.CharField(max_length=120, db_index=True)
    possible_duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Why a request from the petition page is held for staff (over a limit, on a block list, the
    # honeypot...: trust.services.pack_request_check); "" when it is not. Not printed until released.
    held_reason = models.CharField(max_length=200, blank=True)
    batch = models.ForeignKey(PrintBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="packs")
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The last day the holder was last given (in the pack, or told since: a new closing date, or the
    # day it closed early), to tell them of a change (Petition.last_day).
    told_closing_date = models.DateField(null=True, blank=True)
    # That day, when this holder (who gave no email) is to be sent it by letter.
    letter_closing_date = models.DateField(null=True, blank=True)
    requested_at = models.DateTimeField(default=timezone.now)
    state_changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["requested_at", "pk"]
        indexes = [models.Index(fields=["petition", "state"])]

    def __str__(self) -> str:
        return f"Pack {self.pk} for {self.name}"

    @property
    def address_lines(self) -> list[str]:
        return [
            line for line in (self.name, self.address_line_1, self.address_line_2, self.town, self.postcode) if line
        ]


class PackEvent(models.Model):
    """Each step of a pack, dated and by whom."""

    pack = models.ForeignKey(Pack, on_delete=models.CASCADE, related_name="events")
    state = models.CharField(max_length=20, choices=Pack.State.choices)
    note = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"Pack {self.pack_id} {self.state} at {self.at:%Y-%m-%d %H:%M}"


class Sheet(models.Model):
    """One printed signature sheet, known by its code."""

    class State(models.TextChoices):
        OUT = "out", _("Not returned")
        COUNT_ONLY = "count_only", _("Tallied (count only)")
        KEYING = "keying", _("Being keyed")
        KEYED = "keyed", _("Keyed")

    ROWS = 15

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="paper_sheets")
    pack = models.ForeignKey(Pack, null=True, blank=True, on_delete=models.PROTECT, related_name="sheets")
    number = models.PositiveSmallIntegerField(default=1)
    code = models.CharField(max_length=7, unique=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OUT)
    returned_at = models.DateTimeField(null=True, blank=True)
    # How many signatures the volunteer counted on the sheet, to check the rows against.
    declared_count = models.PositiveSmallIntegerField(null=True, blank=True)
    # A count-only entry: the signatures on the sheet, counted before (or instead of) keying its rows.
    count_only = models.PositiveSmallIntegerField(null=True, blank=True)
    count_only_at = models.DateTimeField(null=True, blank=True)
    count_only_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    keyed_at = models.DateTimeField(null=True, blank=True)
    keyed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    second_keying_wanted = models.BooleanField(default=False)
    second_keyed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    second_keying_resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pack_id", "number"]

    def __str__(self) -> str:
        return self.code


class DuplicateReview(models.TextChoices):
    """Where a signature that looks like one already counted stands: held for staff, then
    counted or not. Paper rows and door-to-door signatures are held the same way."""

    NONE = "", _("Not held")
    HELD = "held", _("Held: may be a duplicate")
    COUNTED = "counted", _("Counted after review")
    REJECTED = "rejected", _("Not counted: a duplicate")


class SheetRow(models.Model):
    """One row of a sheet as a volunteer keyed it. The first keying is the one that counts;
    the second is an independent keying, compared with it."""

    class Status(models.TextChoices):
        SIGNED = "signed", _("Signed")
        BLANK = "blank", _("Blank")
        ILLEGIBLE = "illegible", _("Illegible")
        STRUCK_OUT = "struck_out", _("Struck out")
        OUTSIDE_AREA = "outside_area", _("Outside the area")

    class Keying(models.IntegerChoices):
        FIRST = 1, _("First keying")  # the one that counts
        SECOND = 2, _("Second keying")  # an independent check of the first

    Review = DuplicateReview

    sheet = models.ForeignKey(Sheet, on_delete=models.CASCADE, related_name="rows")
    keying = models.PositiveSmallIntegerField(choices=Keying.choices, default=Keying.FIRST)
    number = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.SIGNED)
    name = models.CharField(max_length=100, blank=True)
    address = models.CharField(max_length=200, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    updates_consent = models.BooleanField(default=False)
    # The signature this row counts as (keying 1, signed, not held or rejected).
    signature = models.OneToOneField(
        "signatures.Signature", null=True, blank=True, on_delete=models.PROTECT, related_name="paper_row"
    )
    review = models.CharField(max_length=10, choices=Review.choices, default=Review.NONE, blank=True)
    # What a held row seems to duplicate: a signature, or another paper row not yet counted.
    matched_signature = models.ForeignKey(
        "signatures.Signature", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    match_reason = models.CharField(max_length=200, blank=True)
    keyed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    keyed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["sheet_id", "keying", "number"]
        constraints = [models.UniqueConstraint(fields=["sheet", "keying", "number"], name="one_row_per_keying")]
        indexes = [models.Index(fields=["review"], name="paper_row_review", condition=~Q(review=""))]

    def __str__(self) -> str:
        return f"{self.sheet.code} row {self.number} (keying {self.keying})"


class DuplicateDecision(models.Model):
    """A staff decision on a row held as a possible duplicate; every one is kept."""

    class Outcome(models.TextChoices):
        COUNT = "count", _("Count it: a different person")
        REJECT = "reject", _("Do not count it: the same person")

    row = models.ForeignKey(SheetRow, on_delete=models.CASCADE, related_name="decisions")
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    note = models.CharField(max_length=300, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_at"]

    def __str__(self) -> str:
        return f"{self.row} → {self.outcome}"


class CountOnlyTotal(models.Model):
    """The kept sum of a petition's count-only sheets not yet keyed, so no page adds them up."""

    petition = models.OneToOneField(Petition, on_delete=models.CASCADE, related_name="+")
    signatures = models.IntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.signatures} count-only on petition {self.petition_id}"
