from django import forms

from doorstep.core.forms import GovukForm

from .models import Pack


class PackRequestForm(GovukForm):
    """A resident's request for a pack. The rules are checked again by pack_request."""

    name = forms.CharField(label="Full name", max_length=100, error_messages={"required": "Enter your full name"})
    address_line_1 = forms.CharField(
        label="Address line 1", max_length=100, error_messages={"required": "Enter the first line of your address"}
    )
    address_line_2 = forms.CharField(label="Address line 2 (optional)", max_length=100, required=False)
    town = forms.CharField(label="Town or city", max_length=60, error_messages={"required": "Enter your town or city"})
    postcode = forms.CharField(label="Postcode", max_length=10, error_messages={"required": "Enter your postcode"})
    email = forms.EmailField(
        label="Email address",
        required=False,
        max_length=254,
        help_text="Give an email address, a phone number, or both.",
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
    )
    phone = forms.CharField(label="Phone number", max_length=30, required=False)
    sheets = forms.TypedChoiceField(
        label="How many sheets?",
        help_text="Each sheet has room for 15 signatures.",
        choices=[(n, str(n)) for n in range(Pack.SHEETS_MIN, Pack.SHEETS_MAX + 1)],
        coerce=int,
        initial=2,
        error_messages={"invalid_choice": "Ask for between 1 and 10 sheets"},
    )
    contact_consent = forms.BooleanField(
        label="You may contact me about this pack (to post it, and to remind me to send the sheets back)",
        required=False,
    )
    updates_consent = forms.BooleanField(
        label="Also send me updates about this campaign (optional)",
        required=False,
    )


class StaffPackRequestForm(PackRequestForm):
    source = forms.ChoiceField(
        label="How did the request come in?",
        choices=[(Pack.Source.PHONE, "Phone call"), (Pack.Source.EMAIL, "Email")],
    )


class SheetCodeForm(GovukForm):
    code = forms.CharField(
        label="Sheet code",
        max_length=20,
        help_text="Type the code printed at the top right of the sheet, or scan its QR code.",
        error_messages={"required": "Enter the sheet code, printed at the top right of the sheet"},
    )


class TallyForm(GovukForm):
    count = forms.IntegerField(
        label="Signatures on the sheet",
        min_value=0,
        max_value=15,
        error_messages={
            "required": "Enter how many signatures the sheet holds",
            "invalid": "Enter a number, like 12",
            "min_value": "A sheet holds between 0 and 15 signatures",
            "max_value": "A sheet holds between 0 and 15 signatures",
        },
    )


class DecisionForm(GovukForm):
    outcome = forms.ChoiceField(
        choices=[("count", "Count it: a different person"), ("reject", "Do not count it: the same person")],
        error_messages={"required": "Choose whether to count the row"},
    )
    note = forms.CharField(max_length=300, required=False)


class PackMoveForm(GovukForm):
    to = forms.ChoiceField(choices=Pack.State.choices)
    note = forms.CharField(max_length=300, required=False)
