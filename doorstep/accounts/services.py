"""Staff accounts: the optional second factor, a code from an authenticator app (TOTP)."""

from base64 import b32encode

from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from doorstep.core.errors import ApplicationError

from .models import User

DEVICE_NAME = "Authenticator app"


def totp_device_confirmed(*, user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def totp_device_start(*, user: User) -> TOTPDevice:
    """The device being set up (made once, until confirmed with a code)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def totp_secret(*, device: TOTPDevice) -> str:
    """The key in the form authenticator apps accept when typed in."""
    return b32encode(device.bin_key).decode()


def _check(device: TOTPDevice, code: str) -> None:
    code = "".join((code or "").split())
    if not (code.isascii() and code.isdigit() and len(code) == device.digits) or not device.verify_token(code):
        raise ApplicationError(_("Enter the 6-digit code your authenticator app shows now"), field="code")


@transaction.atomic
def totp_device_confirm(*, user: User, code: str) -> TOTPDevice:
    """Turn the second factor on, once the app shows it has the key."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None:
        raise ApplicationError(_("Start setting up the authenticator app again"))
    _check(device, code)
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return device


def totp_device_verify(*, user: User, code: str) -> TOTPDevice:
    """A code at sign-in. Wrong codes slow down further tries (django-otp's throttling)."""
    device = totp_device_confirmed(user=user)
    if device is None:
        raise ApplicationError(_("This account has no authenticator app"))
    _check(device, code)
    return device


@transaction.atomic
def totp_device_remove(*, user: User, code: str) -> None:
    """Turn the second factor off; a current code proves the app is at hand."""
    totp_device_verify(user=user, code=code)
    TOTPDevice.objects.filter(user=user).delete()
