from django import forms
from django.utils.translation import gettext_lazy as _

from doorstep.core.forms import GovukForm
from doorstep.places.countries import UNITED_KINGDOM, country_choices
from doorstep.places.postcodes import InvalidPostcode, postcode_normalise
from doorstep.trust.forms import ProtectedForm

from .models import Signature


class SharedChoiceField(forms.ChoiceField):
    """A choice field whose (long, never changed) list is shared by every form
    instead of deep-copied into each: the country list is on every signer's path."""

    def __deepcopy__(self, memo: dict) -> "SharedChoiceField":
        result = super(forms.ChoiceField, self).__deepcopy__(memo)  # type: ignore[misc]
        result._choices = self._choices  # type: ignore[attr-defined]
        return result  # type: ignore[return-value]


def consent_wording(*, creator_name: str) -> str:
    """The exact words beside the updates box; they are stored with each consent."""
    return _("Email me updates about this campaign from %(creator_name)s. I can unsubscribe at any time.") % {
        "creator_name": creator_name
    }


EMAIL_ERRORS = {
    "required": _("Enter your email address"),
    "invalid": _("Enter an email address in the correct format, like name@example.com"),
}


class SignForm(ProtectedForm):
    name = forms.CharField(
        label=_("Full name"),
        max_length=Signature.NAME_MAX,
        error_messages={
            "required": _("Enter your full name"),
            "max_length": _("Your name must be 100 characters or fewer"),
        },
    )
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("We'll send you an email to confirm your signature."),
        max_length=254,
        error_messages=EMAIL_ERRORS,
    )
    country = SharedChoiceField(
        label=_("Where do you live?"),
        choices=[(UNITED_KINGDOM, _("United Kingdom")), *country_choices()],
        initial=UNITED_KINGDOM,
    )
    postcode = forms.CharField(
        label=_("UK postcode"),
        required=False,
        max_length=20,
        help_text=_("For example, RM10 7XX. Leave empty if you live outside the UK."),
    )
    updates_consent = forms.BooleanField(required=False)

    def __init__(self, *args, creator_name: str, proof_of_work: bool = False, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, proof_of_work=proof_of_work, **kwargs)
        self.consent_text = consent_wording(creator_name=creator_name)
        self.fields["updates_consent"].label = self.consent_text

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean() or {}
        if data.get("country") == UNITED_KINGDOM:
            postcode = data.get("postcode", "")
            if not postcode:
                self.add_error("postcode", _("Enter your postcode, or choose the country you live in"))
            else:
                try:
                    data["postcode"] = postcode_normalise(postcode)
                except InvalidPostcode as exc:
                    self.add_error("postcode", str(exc))
        else:
            data["postcode"] = ""
        return data


class DataRequestForm(GovukForm):
    email = forms.EmailField(
        label=_("Email address you signed with"),
        max_length=254,
        error_messages=EMAIL_ERRORS,
    )
