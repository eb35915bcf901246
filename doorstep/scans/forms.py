from django import forms
from django.utils.translation import gettext_lazy as _

from doorstep.core.forms import GovukForm


class MatchForm(GovukForm):
    code = forms.CharField(
        label=_("Sheet code printed on the page"),
        max_length=20,
        error_messages={"required": _("Type the sheet code printed on the page")},
    )
