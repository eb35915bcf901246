from django import forms
from django.utils.translation import gettext_lazy as _

from doorstep.core.forms import GovukForm


class TakeOutForm(GovukForm):
    reason = forms.CharField(
        label=_("Why are these signatures being taken out?"),
        max_length=300,
        error_messages={"required": _("Give the reason for taking these signatures out")},
    )
