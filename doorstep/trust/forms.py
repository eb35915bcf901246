"""The signing protections a public form carries, for trust to check: a honeypot field and,
when staff switch it on, the proof-of-work puzzle. The sign form and the pack request form use them."""

from typing import Any

from django import forms
from django.conf import settings
from django_altcha import AltchaField

from doorstep.core.forms import GovukForm


class QuietAltchaField(AltchaField):
    """A proof-of-work answer that is missing, wrong or replayed is noted, not refused:
    the attempt is held quietly like any other suspect one, so a bot learns nothing."""

    failed = False

    def validate(self, value: Any) -> None:
        try:
            super().validate(value)
        except forms.ValidationError:
            self.failed = True


class ProtectedForm(GovukForm):
    """A public form a bot may fill. Its template includes includes/bot_checks.html. The
    cleaned data leaves the checks out: `honeypot` and `proof_of_work_failed` say how they went."""

    # Hidden from people (bot_checks.html writes its input by hand, as id_website: no widget
    # rendering on the hot path); a bot filling every field fills this too.
    # Such attempts are held, not refused, so the bot sees no difference.
    website = forms.CharField(required=False, strip=False)

    def __init__(self, *args: Any, proof_of_work: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.honeypot = ""
        if proof_of_work:
            # Staff switched on the proof-of-work puzzle during an attack: the browser
            # solves it while the person types (see django-altcha).
            self.fields["altcha"] = QuietAltchaField(
                required=False,
                label="",
                auto="onload",
                hidefooter=True,
                maxnumber=settings.DOORSTEP.proof_of_work_max_number,
            )

    @property
    def proof_of_work_failed(self) -> bool:
        field = self.fields.get("altcha")
        return isinstance(field, QuietAltchaField) and field.failed

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.honeypot = data.pop("website", "") or ""
        data.pop("altcha", None)
        return data
