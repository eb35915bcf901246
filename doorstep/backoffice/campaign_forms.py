import re

from django import forms
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from doorstep.campaigns.models import HandIn, Reply, Update
from doorstep.core.forms import GovukDateInput, GovukForm

REAL_DATE = {"invalid": _("Enter a real date")}
IN_EITHER_LANGUAGE = _("In English, in Welsh (below), or in both: visitors read the one in their language.")


class UpdateForm(GovukForm):
    published_on = forms.DateField(
        label=_("Date"), widget=GovukDateInput(), initial=timezone.localdate, error_messages=REAL_DATE
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=Update._meta.get_field("title").max_length,
        required=False,
        help_text=IN_EITHER_LANGUAGE,
    )
    body = forms.CharField(label=_("Text"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}), required=False)
    title_cy = forms.CharField(
        label=_("Title, in Welsh"), max_length=Update._meta.get_field("title_cy").max_length, required=False
    )
    body_cy = forms.CharField(
        label=_("Text, in Welsh"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    link = forms.URLField(label=_("Link (optional)"), required=False, assume_scheme="https")
    email_supporters = forms.BooleanField(
        label=_("Email this update to supporters (you can check it and send a test first)"), required=False
    )


class ReplyForm(GovukForm):
    responder = forms.CharField(
        label=_("Who replied"), max_length=200, help_text=_("For example, the Home Office or the Policing Minister.")
    )
    responded_on = forms.DateField(label=_("Date of the reply"), widget=GovukDateInput(), error_messages=REAL_DATE)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=IN_EITHER_LANGUAGE,
    )
    details = forms.CharField(
        label=_("Full text"),
        max_length=Reply._meta.get_field("details").max_length or 20000,
        widget=forms.Textarea,
        required=False,
    )
    summary_cy = forms.CharField(
        label=_("Summary, in Welsh"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    details_cy = forms.CharField(
        label=_("Full text, in Welsh"),
        max_length=Reply._meta.get_field("details_cy").max_length or 20000,
        widget=forms.Textarea,
        required=False,
    )
    document = forms.FileField(
        label=_("The reply as a PDF (optional)"),
        required=False,
        widget=forms.FileInput(attrs={"class": "govuk-file-upload", "accept": "application/pdf"}),
    )
    email_supporters = forms.BooleanField(
        label=_("Email this reply to supporters (you can check it and send a test first)"), required=False
    )


# What staff write in a covering letter, in square brackets, for each figure the bundle fills in
# (campaigns.bundle_spec.LETTER_FIELDS, which it stores as {total} and the like).
LETTER_WORDS = {
    "total": _("signatures in all"),
    "online": _("signed online"),
    "paper_keyed": _("signed on paper"),
    "door": _("signed at the door"),
    "breakdown": _("all the figures in words"),
    "paper_tallied": _("on paper, counted but not typed in"),
    "action": _("what the petition asks for"),
    "addressed_to": _("who it is addressed to"),
    "creator_name": _("who launched it"),
    "closing_date": _("closing date"),
}
BRACKETED = re.compile(r"\[([^\[\]]{1,60})\]")


def letter_for_staff(text: str) -> str:
    """A stored covering letter as staff write it: {total} becomes [signatures in all]."""
    for name, words in LETTER_WORDS.items():
        text = text.replace("{" + name + "}", f"[{words}]")
    return text


def _letter_for_bundle(text: str) -> str:
    names = {" ".join(str(words).lower().split()): name for name, words in LETTER_WORDS.items()}

    def figure(match: re.Match[str]) -> str:
        name = names.get(" ".join(match.group(1).lower().split()))
        return "{" + name + "}" if name else match.group(0)

    return BRACKETED.sub(figure, text)


class HandInForm(GovukForm):
    detail = forms.TypedChoiceField(
        label=_("The schedule of signatures shows"), choices=HandIn.Detail.choices, coerce=HandIn.Detail
    )
    privacy_allows_postcode = forms.BooleanField(
        label=_("The privacy notice told signers their full postcode may be handed in"), required=False
    )
    list_scans = forms.BooleanField(
        label=_("List the scans of paper sheets in the index of paper sheets"),
        required=False,
        help_text=_(
            "The index (its CSV, and pages at the end of the PDF) then says for each sheet whether a scan of it is "
            "held and which page of which upload it is. The scans themselves are never put in the bundle."
        ),
    )
    covering_letter = forms.CharField(
        label=_("Covering letter or consultation response (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=format_lazy(
            _("Write a figure's name in square brackets and it is filled in when the bundle is made: {words}."),
            words=lazy(lambda: ", ".join(f"[{words}]" for words in LETTER_WORDS.values()), str)(),
        ),
    )

    def clean_covering_letter(self) -> str:
        return _letter_for_bundle(self.cleaned_data.get("covering_letter", ""))


class DeliveryForm(GovukForm):
    delivered_to = forms.CharField(
        label=_("Handed in to"), max_length=200, help_text=_("For example, the Home Office.")
    )
    delivered_on = forms.DateField(label=_("Date"), widget=GovukDateInput(), error_messages=REAL_DATE)
    delivery_method = forms.TypedChoiceField(label=_("How"), choices=HandIn.Method.choices, coerce=HandIn.Method)
    delivered_count = forms.IntegerField(
        label=_("Signatures delivered"), min_value=0, help_text=_("The frozen count, unless you handed in another.")
    )
    delivered_count_reason = forms.CharField(
        label=_("If that is not the frozen count, why (shown on the petition's page)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: the 11 signatures on tallied sheets were handed in too."),
    )
    delivery_notes = forms.CharField(
        label=_("Notes (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class MilestonesForm(GovukForm):
    counts = forms.CharField(
        label=_("Milestones"),
        required=False,
        max_length=200,
        help_text=_("Numbers of signatures, separated by commas, like 1,000; 2,500; 5,000 or 1000 2500 5000."),
    )

    def clean_counts(self) -> list[int]:
        counts = []
        for part in re.split(r"[;\s]+", self.cleaned_data["counts"].replace(", ", " ")):
            # "1,000" is a thousand; "1000,2500" is two milestones.
            pieces = [part.replace(",", "")] if re.fullmatch(r"\d{1,3}(,\d{3})+", part) else part.split(",")
            for piece in filter(None, pieces):
                if not re.fullmatch(r"[0-9]{1,10}", piece):  # "²" is a digit to str.isdigit
                    raise forms.ValidationError(_("Enter whole numbers, like 1000, 2500, 5000"))
                counts.append(int(piece))
        return counts


class ConsultationForm(GovukForm):
    run_by = forms.CharField(label=_("Who runs it"), max_length=200, help_text=_("For example, the Home Office."))
    title = forms.CharField(label=_("Title"), max_length=200)
    url = forms.URLField(label=_("Link"), assume_scheme="https")
    closes_on = forms.DateField(label=_("Closing date"), widget=GovukDateInput(), error_messages=REAL_DATE)
