import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from doorstep.core.forms import GovukDateInput, GovukForm, GovukModelForm
from doorstep.petitions.models import Petition
from doorstep.petitions.services import PETITION_FIELDS


class PetitionForm(GovukModelForm):
    class Meta:
        model = Petition
        fields = PETITION_FIELDS
        labels = {
            "action": _("What the petition asks for"),
            "action_cy": _("What the petition asks for, in Welsh"),
            "background": _("Background"),
            "background_cy": _("Background, in Welsh"),
            "additional_details": _("More details"),
            "additional_details_cy": _("More details, in Welsh"),
            "addressed_to": _("Who it is addressed to"),
            "creator_name": _("Who launched it"),
            "target": _("Signature target"),
            "opening_date": _("Opening date (optional)"),
            "closing_date": _("Closing date"),
            "home_area_kind": _("The organiser's own area is a"),
            "home_area_code": _("Its ONS code"),
            "bilingual_sheets": _("Print paper sheets in Welsh and English"),
        }
        help_texts = {
            "action": _("The action, in 80 characters or fewer, like 'Keep our police station open'."),
            "action_cy": _(
                "Give each text in English, in Welsh, or in both. Visitors read the one in their language, "
                "and are told when a text is only in the other."
            ),
            "addressed_to": _("For example, the Home Office."),
            "creator_name": _("For example, the MP for Dagenham and Rainham."),
            "opening_date": _("Leave empty to take signatures as soon as the petition is opened."),
            "closing_date": _("Signatures are taken until midnight at the end of this day."),
            "home_area_code": _(
                "For example E14001190 for Dagenham and Rainham. The public page shows the share of "
                "signers from this area. Optional."
            ),
            "bilingual_sheets": _(
                "Both languages on every sheet, Welsh first. Otherwise each pack's sheets are in the language "
                "it was asked for in."
            ),
        }
        widgets = {
            "opening_date": GovukDateInput(),
            "closing_date": GovukDateInput(),
        }

    def clean_home_area_code(self) -> str:
        code = self.cleaned_data.get("home_area_code", "").strip().upper()
        if code and not re.fullmatch(r"[EWSN]\d{8}", code):
            raise forms.ValidationError(_("Enter an ONS code: a letter E, W, S or N and 8 digits, like E14001190"))
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("home_area_kind")) != bool(data.get("home_area_code")):
            self.add_error("home_area_code", _("Give both the kind of area and its code, or neither"))
        return data

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.state == Petition.State.OPEN:
            # Changed through "Change closing date", which keeps a reason.
            for name in ("opening_date", "closing_date"):
                self.fields[name].disabled = True


class ClosingDateForm(GovukForm):
    closing_date = forms.DateField(
        label=_("New closing date"),
        widget=GovukDateInput(),
        error_messages={"required": _("Enter the new closing date"), "invalid": _("Enter a real date")},
    )
    reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the petition's history, which staff can see."),
        error_messages={"required": _("Give the reason for changing the closing date")},
    )


class CloseForm(GovukForm):
    reason = forms.CharField(
        label=_("Why close it before its closing date? (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
