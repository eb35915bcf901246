from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from doorstep.core.forms import GovukForm
from doorstep.core.languages import Language
from doorstep.places.postcodes import InvalidPostcode, postcode_normalise
from doorstep.signatures.forms import GuardedForm

from .models import DuplicateDecision, Pack, Sheet
from .services.requests import PHONE


class PackRequestFields(GovukForm):
    """What a request for a pack asks. The rules are checked again by pack_request."""

    name = forms.CharField(label=_("Full name"), max_length=100, error_messages={"required": _("Enter your full name")})
    address_line_1 = forms.CharField(
        label=_("Address line 1"),
        max_length=100,
        error_messages={"required": _("Enter the first line of your address")},
    )
    address_line_2 = forms.CharField(label=_("Address line 2 (optional)"), max_length=100, required=False)
    town = forms.CharField(
        label=_("Town or city"), max_length=60, error_messages={"required": _("Enter your town or city")}
    )
    postcode = forms.CharField(
        label=_("Postcode"), max_length=10, error_messages={"required": _("Enter your postcode")}
    )
    email = forms.EmailField(
        label=_("Email address"),
        required=False,
        max_length=254,
        help_text=_("Give an email address, a phone number, or both."),
        error_messages={"invalid": _("Enter an email address in the correct format, like name@example.com")},
    )
    phone = forms.CharField(label=_("Phone number"), max_length=30, required=False)
    sheets = forms.TypedChoiceField(
        label=_("How many sheets?"),
        help_text=format_lazy(_("Each sheet has room for {rows} signatures."), rows=Sheet.ROWS),
        choices=[(n, str(n)) for n in range(Pack.SHEETS_MIN, Pack.SHEETS_MAX + 1)],
        coerce=int,
        initial=2,
        error_messages={
            "invalid_choice": format_lazy(
                _("Ask for between {min} and {max} sheets"), min=Pack.SHEETS_MIN, max=Pack.SHEETS_MAX
            )
        },
    )
    contact_consent = forms.BooleanField(
        label=_("Use my details to post me this pack and to remind me to send the sheets back"),
        help_text=_("We need this to send a pack. We use your details for nothing else unless you tick the next box."),
        error_messages={"required": _("We can only send a pack if we may contact you about it")},
    )
    updates_consent = forms.BooleanField(
        label=_("Also send me updates about this campaign (optional)"),
        required=False,
    )

    # Every rule the form can check is checked here, so a resident sees every problem at once;
    # pack_request checks them all again (and the ones only it knows, such as a pause).
    def clean_postcode(self) -> str:
        try:
            return postcode_normalise(self.cleaned_data["postcode"])
        except InvalidPostcode as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean_phone(self) -> str:
        phone = " ".join(self.cleaned_data.get("phone", "").split())
        if phone and not PHONE.fullmatch(phone):
            raise forms.ValidationError(_("Enter a phone number, like 01632 960 001"))
        return phone

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            not data.get("email")
            and not data.get("phone")
            and not self.has_error("email")
            and not self.has_error("phone")
        ):
            self.add_error("email", _("Give an email address or a phone number, so we can contact you about the pack"))
        return data


class PackRequestForm(GuardedForm, PackRequestFields):
    """A resident's request on the petition page, guarded as the sign form is: the honeypot,
    and the puzzle when staff switch it on."""

    def __init__(self, *args: Any, proof_of_work: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if proof_of_work:
            self.puzzle_add()

    def answers(self) -> dict[str, Any]:
        """The request a valid form describes (pack_request's fields), without its guards."""
        return {name: self.cleaned_data[name] for name in PackRequestFields.base_fields}


class StaffPackRequestForm(PackRequestFields):
    """A request made by phone or email, logged by the office (not limited)."""

    source = forms.ChoiceField(
        label=_("How did the request come in?"),
        choices=[(Pack.Source.PHONE, _("Phone call")), (Pack.Source.EMAIL, _("Email"))],
    )
    language = forms.ChoiceField(
        label=_("Language of the letter, sheets and emails"),
        choices=Language.choices,
        initial=Language.ENGLISH,
        required=False,  # English when not given
    )


class SheetCodeForm(GovukForm):
    code = forms.CharField(
        label=_("Sheet code"),
        max_length=20,
        help_text=_("Type the code printed at the top right of the sheet, or scan its QR code."),
        error_messages={"required": _("Enter the sheet code, printed at the top right of the sheet")},
    )


SHEET_HOLDS = format_lazy(_("A sheet holds between 0 and {rows} signatures"), rows=Sheet.ROWS)


class CountOnlyForm(GovukForm):
    """A sheet entered as a count only (shown to staff as "tallied")."""

    count = forms.IntegerField(
        label=_("Signatures on the sheet"),
        min_value=0,
        max_value=Sheet.ROWS,
        error_messages={
            "required": _("Enter how many signatures the sheet holds"),
            "invalid": _("Enter a number, like 12"),
            "min_value": SHEET_HOLDS,
            "max_value": SHEET_HOLDS,
        },
    )


class DecisionForm(GovukForm):
    outcome = forms.ChoiceField(
        choices=DuplicateDecision.Outcome.choices,
        error_messages={"required": _("Choose whether to count the row")},
    )
    note = forms.CharField(max_length=300, required=False)


class PackMoveForm(GovukForm):
    to = forms.ChoiceField(choices=Pack.State.choices)
    note = forms.CharField(max_length=300, required=False)
