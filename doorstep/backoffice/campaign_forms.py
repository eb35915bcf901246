import re

from django import forms
from django.utils import timezone
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


class HandInForm(GovukForm):
    detail = forms.TypedChoiceField(
        label=_("The schedule of signatures shows"), choices=HandIn.Detail.choices, coerce=HandIn.Detail
    )
    privacy_allows_postcode = forms.BooleanField(
        label=_("The privacy notice told signers their full postcode may be handed in"), required=False
    )
    covering_letter = forms.CharField(
        label=_("Covering letter or consultation response (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Figures are filled in where you write {total} (the count), its parts {online}, {paper_keyed} and "
            "{door}, or all of them in words with {breakdown}; {paper_tallied} (on sheets tallied but not yet "
            "keyed in, not in the count); {action}, {addressed_to}, {creator_name} or {closing_date} (the day "
            "it closed)."
        ),
    )


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
