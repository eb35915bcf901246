"""The start pages' questions (one a page, as GOV.UK asks them), the last page's checks, and
the creator's answer to new words."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from doorstep.core.forms import GovukForm
from doorstep.petitions.models import Petition
from doorstep.places.postcodes import InvalidPostcode, postcode_normalise
from doorstep.signatures.forms import EMAIL_ERRORS, NAME_ERRORS, GuardedForm
from doorstep.signatures.models import Signature


class ActionForm(GovukForm):
    action = forms.CharField(
        label=_("What do you want us to do?"),
        help_text=_("Say what you are asking for in one line, such as “Put a zebra crossing on Station Road”."),
        max_length=Petition.ACTION_MAX,
        error_messages={
            "required": _("Enter what you want us to do"),
            "max_length": _("What you want us to do must be 80 characters or fewer"),
        },
    )


class BackgroundForm(GovukForm):
    background = forms.CharField(
        label=_("Why do you want us to do it?"),
        help_text=_("Say why it matters, in a short paragraph. This is shown under your petition's title."),
        max_length=Petition.BACKGROUND_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Enter why you want us to do it"),
            "max_length": _("Why you want us to do it must be 500 characters or fewer"),
        },
    )


class DetailsForm(GovukForm):
    additional_details = forms.CharField(
        label=_("Is there anything else you want to tell us?"),
        help_text=_("Optional. More details people can read if they want to."),
        required=False,
        max_length=Petition.DETAILS_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"max_length": _("More details must be 2,000 characters or fewer")},
    )


class CreatorForm(GovukForm):
    name = forms.CharField(
        label=_("Full name"),
        help_text=_("Your name is published with the petition."),
        max_length=Signature.NAME_MAX,
        error_messages=NAME_ERRORS,
    )
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("We'll email you a link to confirm your petition, and news of it. It is never published."),
        max_length=254,
        error_messages=EMAIL_ERRORS,
    )
    postcode = forms.CharField(
        label=_("Postcode"),
        help_text=_("Where you live, for example RM10 7XX. It is never published."),
        max_length=20,
        error_messages={"required": _("Enter your postcode")},
    )

    def clean_postcode(self) -> str:
        try:
            return postcode_normalise(self.cleaned_data["postcode"])
        except InvalidPostcode as exc:
            raise forms.ValidationError(str(exc)) from exc


class CheckForm(GuardedForm):
    """The check-your-answers page's button, guarded as the sign form is (the honeypot, the puzzle)."""

    def __init__(self, *args: Any, proof_of_work: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if proof_of_work:
            self.puzzle_add()


class RewordingAnswerForm(GovukForm):
    answer = forms.ChoiceField(
        label=_("Do you accept the new words?"),
        choices=[("accept", _("Yes, use the new words")), ("decline", _("No, keep my words"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether you accept the new words")},
    )
