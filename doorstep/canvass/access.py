"""Who may use the canvass pages: signed-in canvassers (and the staff who run petitions)."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase, JsonResponse
from django.utils.translation import gettext as _
from django_otp import user_has_device

from doorstep.accounts.models import User

from .selectors import can_canvass

View = Callable[..., HttpResponseBase]


def canvasser_only(*, api: bool = False) -> Callable[[View], View]:
    """Signed-in canvassers only. For the phone's background calls (`api`), a JSON 401 or
    403 instead of the sign-in page, so the phone keeps its signatures and says why."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            user = request.user
            signed_in = user.is_authenticated and not (
                user_has_device(user) and not user.is_verified()  # type: ignore[attr-defined] # OTPMiddleware
            )
            if not signed_in:
                if api:
                    return JsonResponse({"error": _("Sign in again to send the signatures")}, status=401)
                return redirect_to_login(request.get_full_path())
            if not isinstance(user, User) or not can_canvass(user):
                if api:
                    return JsonResponse({"error": _("Your account cannot collect signatures")}, status=403)
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def canvasser(request: HttpRequest) -> User:
    """The signed-in canvasser of a view wrapped in `canvasser_only`."""
    assert isinstance(request.user, User)
    return request.user
