from django import forms
from django.utils.translation import gettext_lazy as _

from doorstep.core.forms import GovukForm


class SeriesForm(GovukForm):
    title = forms.CharField(label=_("Title"), max_length=150, help_text=_("Like: Police officers in the Met"))
    unit = forms.CharField(
        label=_("What is counted (optional)"), max_length=60, required=False, help_text=_("Like: officers")
    )
    figures = forms.CharField(
        label=_("Figures"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One a line: a year, month or day, a colon, then the figure. Like: 2010: 33,367"),
    )
    source = forms.CharField(label=_("Source"), max_length=300)
    source_url = forms.URLField(label=_("Link to the source (optional)"), required=False, assume_scheme="https")


class FactForm(GovukForm):
    text = forms.CharField(label=_("Fact"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))
    source = forms.CharField(label=_("Source"), max_length=300)
    source_url = forms.URLField(label=_("Link to the source (optional)"), required=False, assume_scheme="https")
