"""Forms for the trust pages: lists, switches, bulk invalidation, retention, signer search."""

from collections.abc import Callable
from enum import StrEnum
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from doorstep.core.errors import ApplicationError
from doorstep.core.forms import GovukForm
from doorstep.signatures.models import Signature
from doorstep.trust.lists import domain_value_clean, email_value_clean, ip_value_clean
from doorstep.trust.models import ListEntry


class HeldDecision(StrEnum):
    """What staff decide about a held signature (the buttons' values)."""

    RELEASE = "release"
    INVALIDATE = "invalidate"


class InvalidationStep(StrEnum):
    """The two steps of a bulk invalidation (the buttons' values)."""

    PREVIEW = "preview"
    CONFIRM = "confirm"


def _cleaned(clean: Callable[[str], str], value: str) -> str:
    """Run a trust value cleaner, turning its ApplicationError into a form error."""
    if not value:
        return ""
    try:
        return clean(value)
    except ApplicationError as error:
        raise forms.ValidationError(error.message) from error


class ListEntryForm(GovukForm):
    kind = forms.ChoiceField(label=_("What to list"), choices=ListEntry.Kind.choices)
    action = forms.ChoiceField(label=_("Block or allow"), choices=ListEntry.Action.choices)
    value = forms.CharField(
        label=_("Address, range or domain"),
        max_length=254,
        help_text=_("For example 192.0.2.10, 192.0.2.0/24, spam.example, *.spam.example or name@spam.example."),
        error_messages={"required": _("Enter the address, range or domain")},
    )
    note = forms.CharField(label=_("Note (optional)"), max_length=200, required=False)


class SwitchesForm(GovukForm):
    signing_stopped = forms.BooleanField(label=_("Pause signing on every petition"), required=False)
    pack_requests_stopped = forms.BooleanField(
        label=_("Pause requests for paper packs on the website (the office can still take them by phone)"),
        required=False,
    )
    emails_stopped = forms.BooleanField(label=_("Pause confirmation emails"), required=False)
    proof_of_work_required = forms.BooleanField(
        label=_(
            "Extra check against bots: each signer's browser works on a small sum for about a second before the "
            "form is sent (signers without JavaScript are held for you to check)"
        ),
        required=False,
    )


DATE_TIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"]


class InvalidationForm(GovukForm):
    """The filters of a bulk invalidation; every one given must match."""

    ip = forms.CharField(
        label=_("IP address or range"), required=False, max_length=50, help_text=_("Like 192.0.2.0/24")
    )
    domain = forms.CharField(
        label=_("Email domain"), required=False, max_length=254, help_text=_("Like *.spam.example")
    )
    email = forms.CharField(label=_("Email address"), required=False, max_length=254)
    name = forms.CharField(label=_("Name"), required=False, max_length=100, help_text=_("Use * for any characters"))
    postcode = forms.CharField(
        label=_("Postcode"), required=False, max_length=8, help_text=_("A district like RM10, or a full postcode")
    )
    since = forms.DateTimeField(
        label=_("Signed at or after"),
        required=False,
        input_formats=DATE_TIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("Like 2026-05-01 14:00"),
        error_messages={"invalid": _("Enter a date and time like 2026-05-01 14:00")},
    )
    until = forms.DateTimeField(
        label=_("Signed before"),
        required=False,
        input_formats=DATE_TIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        error_messages={"invalid": _("Enter a date and time like 2026-05-01 14:00")},
    )
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", _("Online and paper")), *Signature.Channel.choices]
    )
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[
            ("", _("Any")),
            *[(state.value, state.label) for state in Signature.State if state != Signature.State.INVALIDATED],
        ],
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept with the record of this invalidation."),
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
            raise forms.ValidationError(_("A name pattern needs some letters as well as *"))
        return name

    def clean_postcode(self) -> str:
        return " ".join(self.cleaned_data.get("postcode", "").upper().split())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(name) for name in self.FILTERS if name not in ("channel", "state")) and not self.errors:
            raise forms.ValidationError(
                _("Give at least one filter: an address, a domain, a name, a postcode or a time")
            )
        since, until = data.get("since"), data.get("until")
        if since and until and until <= since:
            self.add_error("until", _("The end must be after the start"))
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
        label=_("Months to keep signers' personal data after hand-in (or close)"),
        min_value=1,
        max_value=120,
        error_messages={"required": _("Enter a number of months")},
    )
    exempt = forms.BooleanField(label=_("Exempt this petition: keep its personal data"), required=False)
    exempt_reason = forms.CharField(
        label=_("Reason for the exemption"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class SignerSearchForm(GovukForm):
    q = forms.CharField(
        label=_("Email address or name"),
        max_length=254,
        help_text=_("An email address finds every variant of the same inbox."),
        error_messages={"required": _("Enter an email address or a name")},
    )
