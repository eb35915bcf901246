from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from doorstep.core.forms import GovukDateInput, GovukForm, GovukModelForm
from doorstep.petitions.models import Petition
from doorstep.petitions.services import PETITION_FIELDS, REQUIRED_TEXTS
from doorstep.places.selectors import areas_by_name

# The petition form's fields about who runs it, shown together (each empty one is the site's).
ORGANISER_FIELDS = ("organiser_name", "organiser_address", "organiser_phone", "organiser_email", "organiser_logo")


def _required(what: Any) -> dict[str, Any]:
    return {"required": what}


class PetitionForm(GovukModelForm):
    # The organiser's own area, picked by name: "constituency:E14001189" (see clean).
    home_area = forms.ChoiceField(
        label=_("The organiser's own area (optional)"),
        required=False,
        help_text=_("The public page shows the share of signers from this area."),
    )

    class Meta:
        model = Petition
        fields = [name for name in PETITION_FIELDS if name not in ("home_area_kind", "home_area_code")]
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
            "bilingual_sheets": _("Print paper sheets in Welsh and English"),
            "organiser_name": _("Organiser's name"),
            "organiser_address": _("Office address"),
            "organiser_phone": _("Phone number"),
            "organiser_email": _("Email address"),
            "organiser_logo": _("Logo"),
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
            "bilingual_sheets": _(
                "Both languages on every sheet, Welsh first. Otherwise each pack's sheets are in the language "
                "it was asked for in."
            ),
            "organiser_name": _("For example, Councillor Sam Tarry. Emails, letters and sheets come from this name."),
            "organiser_address": _("One line of the address on each line."),
            "organiser_phone": _("Residents can call it to ask for a paper pack."),
            "organiser_logo": _("A PNG or JPEG of 1 MB or less."),
        }
        # Each error names its field: a list of six "This field is required." helps nobody.
        error_messages = {
            # What it asks for and its background: one language is enough (petitions.services).
            "action": {"max_length": _("Say what the petition asks for in 80 characters or fewer")},
            "action_cy": {"max_length": _("Say what the petition asks for in Welsh in 80 characters or fewer")},
            "background": {"max_length": _("Give the background in 500 characters or fewer")},
            "background_cy": {"max_length": _("Give the background in Welsh in 500 characters or fewer")},
            "additional_details": {"max_length": _("Give more details in 2,000 characters or fewer")},
            "additional_details_cy": {"max_length": _("Give more details in Welsh in 2,000 characters or fewer")},
            "addressed_to": _required(_("Enter who the petition is addressed to")),
            "creator_name": _required(_("Enter who launched it")),
            "target": {
                **_required(_("Enter the signature target")),
                "invalid": _("Enter the signature target as a number, like 5000"),
                "min_value": _("The signature target must be 0 or more"),
            },
            "opening_date": {"invalid": _("Enter the opening date as a real date")},
            "closing_date": {
                **_required(_("Enter the closing date")),
                "invalid": _("Enter the closing date as a real date"),
            },
            "organiser_email": {"invalid": _("Enter the organiser's email address, like office@example.org")},
        }
        widgets = {
            "opening_date": GovukDateInput(),
            "closing_date": GovukDateInput(),
            "organiser_address": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["home_area"].choices = [  # type: ignore[attr-defined]
            ("", _("None")),
            (_("Westminster constituencies"), _area_choices(Petition.HomeAreaKind.CONSTITUENCY)),
            (_("Local authorities (boroughs)"), _area_choices(Petition.HomeAreaKind.LOCAL_AUTHORITY)),
        ]
        if self.instance.home_area_kind:
            self.initial["home_area"] = f"{self.instance.home_area_kind}:{self.instance.home_area_code}"
        if self.instance.pk and self.instance.state == Petition.State.OPEN:
            # Changed through "Change closing date", which keeps a reason.
            for name in ("opening_date", "closing_date"):
                self.fields[name].disabled = True

    def petition_fields(self) -> list[forms.BoundField]:
        return [field for field in self if field.name not in ORGANISER_FIELDS]

    def organiser_fields(self) -> list[forms.BoundField]:
        return [field for field in self if field.name in ORGANISER_FIELDS]

    def clean_organiser_logo(self) -> Any:
        # False when "Remove it" is ticked, None when there never was one: both mean none.
        return self.cleaned_data.get("organiser_logo") or ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # Said with the other missing fields, not after them: each required text in one language at least.
        for name, message in REQUIRED_TEXTS.items():
            texts = (data.get(name) or "", data.get(f"{name}_cy") or "")
            if name in self.fields and not any(text.strip() for text in texts):
                self.add_error(name, message)
        kind, _sep, code = data.pop("home_area", "").partition(":")
        data["home_area_kind"], data["home_area_code"] = kind, code
        return data


def _area_choices(kind: str) -> list[tuple[str, str]]:
    return [(f"{kind}:{code}", name) for code, name in areas_by_name(kind=kind)]


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
