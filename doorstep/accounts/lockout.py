"""Locking staff sign-in after failed attempts (django-axes, counted in the database).

An account is locked for one address after AXES_FAILURE_LIMIT failures from it, so one
person guessing cannot lock out everyone behind the same address (an office, a VPN); and
for every address after DOORSTEP_LOGIN_ACCOUNT_FAILURE_LIMIT failures from anywhere, so
guessing from many addresses is stopped too.
"""

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


def lockout_parameters(request_or_attempt: object, credentials: dict[str, Any] | None = None) -> list[str | list[str]]:
    """AXES_LOCKOUT_PARAMETERS: the failures counted, in the order LockoutHandler reads them."""
    return [["username", "ip_address"], "username"]


class LockoutHandler(AxesDatabaseHandler):
    """Axes counts failures once, as the most over any of the lockout parameters, against one
    limit: this gives the account on its own a limit of its own."""

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        by_account_and_address, by_account = (
            attempts.aggregate(failures=Sum("failures_since_start"))["failures"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        if by_account >= settings.DOORSTEP.login_account_failure_limit:
            return max(by_account_and_address, get_failure_limit(request, credentials))
        return by_account_and_address
