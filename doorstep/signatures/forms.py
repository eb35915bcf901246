from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_altcha import AltchaField

from doorstep.core.forms import GovukForm
from doorstep.core.languages import Language
from doorstep.places.countries import UNITED_KINGDOM, country_choices
from doorstep.places.postcodes import InvalidPostcode, postcode_normalise

from .models import Signature
from .services.signing import Signer


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


class QuietAltchaField(AltchaField):
    """A proof-of-work answer that is missing, wrong or replayed is noted, not refused:
    the signature is held quietly like any other suspect one, so a bot learns nothing."""

    failed = False

    def validate(self, value: Any) -> None:
        try:
            super().validate(value)
        except forms.ValidationError:
            self.failed = True


# What the puzzle's widget says (ALTCHA's own words, which it has in no Welsh), in the page's language.
PUZZLE_STRINGS = {
    "label": _("I'm not a robot"),
    "verifying": _("Checking…"),
    "verified": _("Checked"),
    "waitAlert": _("Checking… please wait."),
    "verificationRequired": _("Wait until the check is finished"),
    "error": _("The check failed. Try again later."),
    "expired": _("The check ran out of time. Try again."),
    "loading": _("Loading…"),
    "reload": _("Reload"),
    "verify": _("Check"),
}


class GuardedForm(GovukForm):
    """A public form guarded as signing is: a honeypot (`website`, hidden from people: the template
    writes its input by hand, as id_website; a bot filling every field fills it too) and, when staff
    switch it on during an attack, the proof-of-work puzzle the browser solves while the person types
    (see django-altcha). What they catch is held quietly, never refused, so a bot sees no difference."""

    website = forms.CharField(required=False, strip=False)

    def puzzle_add(self) -> None:
        self.fields["altcha"] = QuietAltchaField(
            required=False,
            label="",
            auto="onload",
            hidefooter=True,
            # No logo link: ALTCHA marks it aria-hidden yet leaves it focusable (an axe failure).
            hidelogo=True,
            maxnumber=settings.DOORSTEP.proof_of_work_max_number,
            strings={key: str(text) for key, text in PUZZLE_STRINGS.items()},
        )

    @property
    def proof_of_work_failed(self) -> bool:
        field = self.fields.get("altcha")
        return isinstance(field, QuietAltchaField) and field.failed

    def guards(self) -> dict[str, Any]:
        """What trust checks besides the answers (a valid form's): the honeypot and the puzzle."""
        return {"honeypot": self.cleaned_data.get("website", ""), "proof_of_work_failed": self.proof_of_work_failed}


NAME_ERRORS = {
    "required": _("Enter your full name"),
    "max_length": _("Your name must be 100 characters or fewer"),
}


class SignForm(GuardedForm):
    name = forms.CharField(
        label=_("Full name"),
        max_length=Signature.NAME_MAX,
        error_messages=NAME_ERRORS,
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
        super().__init__(*args, **kwargs)
        self.consent_text = consent_wording(creator_name=creator_name)
        self.fields["updates_consent"].label = self.consent_text
        if proof_of_work:
            self.puzzle_add()

    def signer(self, *, language: str = Language.ENGLISH) -> Signer:
        """The signer a valid form describes, with the consent wording they were shown and the
        language they signed in."""
        data = self.cleaned_data
        return Signer(
            name=data["name"],
            email=data["email"],
            postcode=data["postcode"],
            country=data["country"],
            updates_consent=data["updates_consent"],
            consent_wording=self.consent_text,
            language=language,
        )

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
