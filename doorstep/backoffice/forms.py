import re

from django import forms

from doorstep.core.forms import GovukDateInput, GovukForm, GovukModelForm
from doorstep.petitions.models import Petition
from doorstep.petitions.services import PETITION_FIELDS


class PetitionForm(GovukModelForm):
    class Meta:
        model = Petition
        fields = PETITION_FIELDS
        labels = {
            "action": "What the petition asks for",
            "background": "Background",
            "additional_details": "More details",
            "addressed_to": "Who it is addressed to",
            "creator_name": "Who launched it",
            "target": "Signature target",
            "opening_date": "Opening date (optional)",
            "closing_date": "Closing date",
            "home_area_kind": "The organiser's own area is a",
            "home_area_code": "Its ONS code",
        }
        help_texts = {
            "action": "The action, in 80 characters or fewer, like 'Keep our police station open'.",
            "addressed_to": "For example, the Home Office.",
            "creator_name": "For example, the MP for Dagenham and Rainham.",
            "opening_date": "Leave empty to take signatures as soon as the petition is opened.",
            "closing_date": "Signatures are taken until midnight at the end of this day.",
            "home_area_code": "For example E14001190 for Dagenham and Rainham. The public page shows the share of "
            "signers from this area. Optional.",
        }
        widgets = {
            "opening_date": GovukDateInput(),
            "closing_date": GovukDateInput(),
        }

    def clean_home_area_code(self) -> str:
        code = self.cleaned_data.get("home_area_code", "").strip().upper()
        if code and not re.fullmatch(r"[EWSN]\d{8}", code):
            raise forms.ValidationError("Enter an ONS code: a letter E, W, S or N and 8 digits, like E14001190")
        return code

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean() or {}
        if bool(data.get("home_area_kind")) != bool(data.get("home_area_code")):
            self.add_error("home_area_code", "Give both the kind of area and its code, or neither")
        return data

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.state == Petition.State.OPEN:
            # Changed through "Change closing date", which keeps a reason.
            for name in ("opening_date", "closing_date"):
                self.fields[name].disabled = True


class ClosingDateForm(GovukForm):
    closing_date = forms.DateField(
        label="New closing date",
        widget=GovukDateInput(),
        error_messages={"required": "Enter the new closing date", "invalid": "Enter a real date"},
    )
    reason = forms.CharField(
        label="Reason for the change",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept in the petition's history, which staff can see.",
        error_messages={"required": "Give the reason for changing the closing date"},
    )


class CloseForm(GovukForm):
    reason = forms.CharField(
        label="Why close it before its closing date? (optional)",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
