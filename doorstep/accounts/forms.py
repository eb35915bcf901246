from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from doorstep.core.errors import ApplicationError
from doorstep.core.forms import GovukForm

from .services import totp_device_confirmed, totp_device_verify


class SignInForm(AuthenticationForm):
    """Username and password, and a code from the authenticator app for staff who set one up."""

    code = forms.CharField(
        label=_("Code from your authenticator app"),
        required=False,
        max_length=10,
        help_text=_("Only if you have set one up."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        user = self.get_user()
        if user is not None and totp_device_confirmed(user=user) is not None:
            try:
                # django-otp's sign-in receiver marks the session verified by this device.
                user.otp_device = totp_device_verify(user=user, code=data.get("code", ""))  # type: ignore[attr-defined]
            except ApplicationError as error:
                raise forms.ValidationError(error.message, code="otp") from error
        return data


class CodeForm(GovukForm):
    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=10,
        error_messages={"required": _("Enter the 6-digit code your authenticator app shows now")},
    )
