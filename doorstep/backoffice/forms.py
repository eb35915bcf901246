import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from doorstep.core.forms import GovukDateInput, GovukForm, GovukModelForm
from doorstep.petitions.models import Petition
from doorstep.petitions.services import PETITION_FIELDS

# The petition form's fields about who runs it, shown together (each empty one is the site's).
ORGANISER_FIELDS = ("organiser_name", "organiser_address", "organiser_phone", "organiser_email", "organiser_logo")


class PetitionForm(GovukModelForm):
    class Meta:
        model = Petition
        fields = PETITION_FIELDS
        labels = {
            "action": _("What the petition asks for"),
            "background": _("Background"),
            "additional_details": _("More details"),
            "addressed_to": _("Who it is addressed to"),
            "creator_name": _("Who launched it"),
            "target": _("Signature target"),
            "opening_date": _("Opening date (optional)"),
            "closing_date": _("Closing date"),
            "home_area_kind": _("The organiser's own area is a"),
            "home_area_code": _("Its ONS code"),
            "organiser_name": _("Organiser's name"),
            "organiser_address": _("Office address"),
            "organiser_phone": _("Phone number"),
            "organiser_email": _("Email address"),
            "organiser_logo": _("Logo"),
        }
        help_texts = {
            "action": _("The action, in 80 characters or fewer, like 'Keep our police station open'."),
            "addressed_to": _("For example, the Home Office."),
            "creator_name": _("For example, the MP for Dagenham and Rainham."),
            "opening_date": _("Leave empty to take signatures as soon as the petition is opened."),
            "closing_date": _("Signatures are taken until midnight at the end of this day."),
            "home_area_code": _(
                "For example E14001190 for Dagenham and Rainham. The public page shows the share of "
                "signers from this area. Optional."
            ),
            "organiser_name": _("For example, Councillor Sam Tarry. Emails, letters and sheets come from this name."),
            "organiser_address": _("One line of the address on each line."),
            "organiser_phone": _("Residents can call it to ask for a paper pack."),
            "organiser_logo": _("A PNG or JPEG of 1 MB or less."),
        }
        widgets = {
            "opening_date": GovukDateInput(),
            "closing_date": GovukDateInput(),
            "organiser_address": forms.Textarea(attrs={"rows": 4}),
        }

    def clean_home_area_code(self) -> str:
        code = self.cleaned_data.get("home_area_code", "").strip().upper()
        if code and not re.fullmatch(r"[EWSN]\d{8}", code):
            raise forms.ValidationError(_("Enter an ONS code: a letter E, W, S or N and 8 digits, like E14001190"))
        return code

    def clean_organiser_logo(self) -> Any:
        # False when "Remove it" is ticked, None when there never was one: both mean none.
        return self.cleaned_data.get("organiser_logo") or ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("home_area_kind")) != bool(data.get("home_area_code")):
            self.add_error("home_area_code", _("Give both the kind of area and its code, or neither"))
        return data

    def petition_fields(self) -> list[forms.BoundField]:
        return [field for field in self if field.name not in ORGANISER_FIELDS]

    def organiser_fields(self) -> list[forms.BoundField]:
        return [field for field in self if field.name in ORGANISER_FIELDS]

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
