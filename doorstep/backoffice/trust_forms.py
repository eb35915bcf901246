"""Forms for the trust pages: lists, switches, bulk invalidation, retention, signer search."""

from typing import Any

from django import forms

from doorstep.core.errors import ApplicationError
from doorstep.core.forms import GovukForm
from doorstep.trust.lists import domain_value_clean, email_value_clean, ip_value_clean


def _cleaned(clean: Any, value: str) -> str:
    """Run a trust value cleaner, turning its ApplicationError into a form error."""
    if not value:
        return ""
    try:
        return clean(value)
    except ApplicationError as error:
        raise forms.ValidationError(error.message) from error


class ListEntryForm(GovukForm):
    kind = forms.ChoiceField(
        label="What to list",
        choices=[("ip", "IP address or range"), ("domain", "Email domain"), ("email", "Email address")],
    )
    action = forms.ChoiceField(label="Block or allow", choices=[("block", "Block"), ("allow", "Allow")])
    value = forms.CharField(
        label="Address, range or domain",
        max_length=254,
        help_text="For example 192.0.2.10, 192.0.2.0/24, spam.example, *.spam.example or name@spam.example.",
        error_messages={"required": "Enter the address, range or domain"},
    )
    note = forms.CharField(label="Note (optional)", max_length=200, required=False)


class SwitchesForm(GovukForm):
    signing_stopped = forms.BooleanField(label="Stop signing on every petition", required=False)
    pack_requests_stopped = forms.BooleanField(label="Stop requests for paper packs", required=False)
    emails_stopped = forms.BooleanField(label="Stop sending confirmation emails", required=False)
    proof_of_work_required = forms.BooleanField(
        label="Ask signers' browsers to solve a proof-of-work puzzle (needs JavaScript; those without are held)",
        required=False,
    )


class InvalidationForm(GovukForm):
    """The filters of a bulk invalidation; every one given must match."""

    ip = forms.CharField(label="IP address or range", required=False, max_length=50, help_text="Like 192.0.2.0/24")
    domain = forms.CharField(label="Email domain", required=False, max_length=254, help_text="Like *.spam.example")
    email = forms.CharField(label="Email address", required=False, max_length=254)
    name = forms.CharField(label="Name", required=False, max_length=100, help_text="Use * for any characters")
    postcode = forms.CharField(
        label="Postcode", required=False, max_length=8, help_text="A district like RM10, or a full postcode"
    )
    since = forms.DateTimeField(
        label="Signed at or after",
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text="Like 2026-05-01 14:00",
        error_messages={"invalid": "Enter a date and time like 2026-05-01 14:00"},
    )
    until = forms.DateTimeField(
        label="Signed before",
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        error_messages={"invalid": "Enter a date and time like 2026-05-01 14:00"},
    )
    channel = forms.ChoiceField(
        label="Channel", required=False, choices=[("", "Online and paper"), ("online", "Online"), ("paper", "Paper")]
    )
    state = forms.ChoiceField(
        label="State",
        required=False,
        choices=[
            ("", "Any"),
            ("pending", "Waiting for confirmation"),
            ("confirmed", "Confirmed"),
            ("suspect", "Held as suspect"),
        ],
    )
    reason = forms.CharField(
        label="Reason",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Kept with the record of this invalidation.",
    )

    FILTERS = ("ip", "domain", "email", "name", "postcode", "since", "until", "channel", "state")

    def clean_ip(self) -> str:
        return _cleaned(ip_value_clean, self.cleaned_data.get("ip", "").strip())

    def clean_domain(self) -> str:
        return _cleaned(domain_value_clean, self.cleaned_data.get("domain", "").strip())

    def clean_email(self) -> str:
        return _cleaned(email_value_clean, self.cleaned_data.get("email", "").strip())

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data.get("name", "").split())
        if name and not name.replace("*", "").strip():
            raise forms.ValidationError("A name pattern needs some letters as well as *")
        return name

    def clean_postcode(self) -> str:
        return " ".join(self.cleaned_data.get("postcode", "").upper().split())

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean() or {}
        if not any(data.get(name) for name in self.FILTERS if name not in ("channel", "state")) and not self.errors:
            raise forms.ValidationError("Give at least one filter: an address, a domain, a name, a postcode or a time")
        since, until = data.get("since"), data.get("until")
        if since and until and until <= since:
            self.add_error("until", "The end must be after the start")
        return data

    def criteria(self) -> dict[str, str]:
        """The filters given, as stored with the invalidation."""
        criteria = {}
        for name in self.FILTERS:
            value = self.cleaned_data.get(name)
            if value:
                criteria[name] = value.isoformat() if hasattr(value, "isoformat") else str(value)
        return criteria

    def describe(self) -> str:
        labels = {name: str(self.fields[name].label).lower() for name in self.FILTERS}
        return "; ".join(f"{labels[name]}: {value}" for name, value in self.criteria().items())


class RetentionForm(GovukForm):
    months = forms.IntegerField(
        label="Months to keep signers' personal data after hand-in (or close)",
        min_value=1,
        max_value=120,
        error_messages={"required": "Enter a number of months"},
    )
    exempt = forms.BooleanField(label="Exempt this petition: keep its personal data", required=False)
    exempt_reason = forms.CharField(
        label="Reason for the exemption", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class SignerSearchForm(GovukForm):
    q = forms.CharField(
        label="Email address or name",
        max_length=254,
        help_text="An email address finds every variant of the same inbox.",
        error_messages={"required": "Enter an email address or a name"},
    )
