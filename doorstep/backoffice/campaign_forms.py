import re

from django import forms
from django.utils import timezone

from doorstep.campaigns.models import HandIn, Reply, Update
from doorstep.core.forms import GovukDateInput, GovukForm


class UpdateForm(GovukForm):
    published_on = forms.DateField(
        label="Date",
        widget=GovukDateInput(),
        initial=timezone.localdate,
        error_messages={"invalid": "Enter a real date"},
    )
    title = forms.CharField(label="Title", max_length=Update._meta.get_field("title").max_length)
    body = forms.CharField(label="Text", max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))
    link = forms.URLField(label="Link (optional)", required=False, assume_scheme="https")
    email_supporters = forms.BooleanField(
        label="Email this update to supporters (you can check it and send a test first)", required=False
    )


class ReplyForm(GovukForm):
    responder = forms.CharField(
        label="Who replied", max_length=200, help_text="For example, the Home Office or the Policing Minister."
    )
    responded_on = forms.DateField(
        label="Date of the reply", widget=GovukDateInput(), error_messages={"invalid": "Enter a real date"}
    )
    summary = forms.CharField(label="Summary", max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
    details = forms.CharField(
        label="Full text", max_length=Reply._meta.get_field("details").max_length or 20000, widget=forms.Textarea
    )
    document = forms.FileField(label="The reply as a PDF (optional)", required=False)
    email_supporters = forms.BooleanField(
        label="Email this reply to supporters (you can check it and send a test first)", required=False
    )


class HandInForm(GovukForm):
    detail = forms.ChoiceField(label="The schedule of signatures shows", choices=HandIn.Detail.choices)
    privacy_allows_postcode = forms.BooleanField(
        label="The privacy notice told signers their full postcode may be handed in", required=False
    )
    covering_letter = forms.CharField(
        label="Covering letter or consultation response (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Figures are filled in where you write {total}, {online}, {paper_keyed}, {paper_tallied}, "
        "{action}, {addressed_to}, {creator_name} or {closing_date}.",
    )


class DeliveryForm(GovukForm):
    delivered_to = forms.CharField(label="Handed in to", max_length=200, help_text="For example, the Home Office.")
    delivered_on = forms.DateField(
        label="Date", widget=GovukDateInput(), error_messages={"invalid": "Enter a real date"}
    )
    delivery_method = forms.ChoiceField(label="How", choices=HandIn.Method.choices)
    delivered_count = forms.IntegerField(label="Signatures delivered", min_value=0)
    delivery_notes = forms.CharField(label="Notes (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class MilestonesForm(GovukForm):
    counts = forms.CharField(
        label="Milestones",
        required=False,
        max_length=200,
        help_text="Numbers of signatures, separated by commas, like 1,000; 2,500; 5,000 or 1000 2500 5000.",
    )

    def clean_counts(self) -> list[int]:
        counts = []
        for part in re.split(r"[;\s]+", self.cleaned_data["counts"].replace(", ", " ")):
            # "1,000" is a thousand; "1000,2500" is two milestones.
            pieces = [part.replace(",", "")] if re.fullmatch(r"\d{1,3}(,\d{3})+", part) else part.split(",")
            for piece in filter(None, pieces):
                if not piece.isdigit():
                    raise forms.ValidationError("Enter whole numbers, like 1000, 2500, 5000")
                counts.append(int(piece))
        return counts


class ConsultationForm(GovukForm):
    run_by = forms.CharField(label="Who runs it", max_length=200, help_text="For example, the Home Office.")
    title = forms.CharField(label="Title", max_length=200)
    url = forms.URLField(label="Link", assume_scheme="https")
    closes_on = forms.DateField(
        label="Closing date", widget=GovukDateInput(), error_messages={"invalid": "Enter a real date"}
    )
