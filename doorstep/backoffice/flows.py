"""The two shapes of a staff page that changes something, written once.

- A form: on POST, validate it and call a service; a service's ApplicationError shows as
  a form error, success adds a message (the view then redirects).
- A button (a POST without a form): call a service; its ApplicationError becomes an error
  message, success a success message (the view redirects either way).
"""

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.http import HttpRequest, QueryDict

from doorstep.core.errors import ApplicationError
from doorstep.core.forms import ApplicationErrorMixin

T = TypeVar("T")
Success = str | Callable[[T], str]


def posted(request: HttpRequest) -> QueryDict | None:
    """The data a form is bound to: what was posted, or None to show it empty."""
    return request.POST if request.method == "POST" else None


def _message(success: "Success[T]", result: T) -> str:
    return success(result) if callable(success) else success


def form_saved(
    request: HttpRequest, form: ApplicationErrorMixin, save: Callable[[dict[str, Any]], T], *, success: "Success[T]"
) -> T | None:
    """What `save(form.cleaned_data)` made (a service that makes or changes something, never
    None), once a posted form is valid and the service agreed, with `success` as a message;
    None to show the form again, with its errors."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = save(form.cleaned_data)
    except ApplicationError as error:
        form.add_application_error(error)
        return None
    messages.success(request, _message(success, result))
    return result


def action_done(request: HttpRequest, act: Callable[[], T], *, success: "Success[T]") -> bool:
    """Run `act`; say how it went in a message. True if the service agreed."""
    try:
        result = act()
    except ApplicationError as error:
        messages.error(request, error.message)
        return False
    messages.success(request, _message(success, result))
    return True
