from typing import Any

from django import forms

from .errors import ApplicationError


class ApplicationErrorMixin(forms.BaseForm):
    """A form that can take an ApplicationError from a service as a field error,
    so the GOV.UK error summary shows business-rule failures like any other."""

    def add_application_error(self, error: ApplicationError) -> None:
        field = error.field if error.field in self.fields else None
        self.add_error(field, error.message)


class GovukForm(ApplicationErrorMixin, forms.Form):
    pass


class GovukModelForm(ApplicationErrorMixin, forms.ModelForm):
    pass


class GovukDateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"class": "govuk-input govuk-input--width-10", **(attrs or {})}, format="%Y-%m-%d")
