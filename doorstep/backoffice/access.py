from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase
from django_otp import user_has_device

from doorstep.accounts.models import User
from doorstep.petitions.models import Petition
from doorstep.trust.models import PersonalDataAccess
from doorstep.trust.services import personal_data_access_record

View = Callable[..., HttpResponseBase]


def staff_only(permission: str | None = None, *, data_entry: bool = False) -> Callable[[View], View]:
    """Signed-in staff only; `permission` names a User property such as can_manage_petitions.
    Data-entry volunteers see only the views marked `data_entry=True` (keying in sheets)."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            user = staff_user(request)
            if user_has_device(user) and not user.is_verified():  # type: ignore[attr-defined] # OTPMiddleware
                # Staff who set up an authenticator app must have given a code this session.
                logout(request)
                return redirect_to_login(request.get_full_path())
            if not user.is_staff or (permission and not getattr(user, permission)):
                raise PermissionDenied
            if user.is_data_entry_only and not data_entry:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def staff_user(request: HttpRequest) -> User:
    """The signed-in member of staff of a view wrapped in `staff_only` (signed-in users are staff accounts)."""
    assert isinstance(request.user, User)
    return request.user


def personal_data_audit(
    request: HttpRequest,
    action: PersonalDataAccess.Action,
    what: str,
    *,
    petition: Petition | None = None,
    rows: int = 0,
) -> None:
    """Note in the audit log that the signed-in member of staff saw or exported signers' personal data."""
    personal_data_access_record(
        user=staff_user(request), action=action, what=what, petition=petition, rows=rows, path=request.path
    )
