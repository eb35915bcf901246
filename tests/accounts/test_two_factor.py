import pytest
import segno
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def code_for(device, offset=0):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time += offset * device.step
    return f"{totp.token():06d}"


def sign_in(client, username, code=""):
    return client.post("/staff/sign-in", {"username": username, "password": "correct horse battery", "code": code})


@pytest.fixture
def kim_with_app():
    user = UserFactory(username="kim")
    client = Client()
    client.force_login(user)
    page = client.get(reverse("accounts:two_factor"))
    assert "Turn on" in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert device.config_url.startswith("otpauth://totp/")
    wrong = client.post(
        reverse("accounts:two_factor"), {"code": "000000" if code_for(device) != "000000" else "111111"}
    )
    assert "Enter the 6-digit code" in wrong.content.decode()
    assert client.post(reverse("accounts:two_factor"), {"code": code_for(device)}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    return user, device


def test_staff_without_an_app_sign_in_with_a_password_alone():
    UserFactory(username="sam")
    assert sign_in(Client(), "sam").status_code == 302


def test_with_an_app_the_code_is_needed_and_checked(kim_with_app):
    _, device = kim_with_app
    for code in ["", "12345", "abcdef", "9" * 10, "' OR 1=1"]:
        response = sign_in(Client(), "kim", code)
        assert response.status_code == 200 and "Enter the 6-digit code" in response.content.decode(), code
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    client = Client()
    assert sign_in(client, "kim", code_for(device, offset=1)).status_code == 302
    assert client.get(reverse("backoffice:home")).status_code == 200


def test_a_session_without_the_code_is_sent_back_to_sign_in(kim_with_app):
    user, _ = kim_with_app
    client = Client()
    client.force_login(user)  # a password-only session, as if made before the app was set up
    response = client.get(reverse("backoffice:home"))
    assert response.status_code == 302 and "/staff/sign-in" in response["Location"]


def test_turning_the_app_off_needs_a_current_code(kim_with_app):
    user, device = kim_with_app
    client = Client()
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    sign_in(client, "kim", code_for(device, offset=1))
    assert "Turn off" in client.get(reverse("accounts:two_factor")).content.decode()
    client.post(reverse("accounts:two_factor"), {"code": "not a code"})
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    # A code is good once; let this test use the current one again.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=0, throttling_failure_timestamp=None, last_t=-1
    )
    device.refresh_from_db()
    client.post(reverse("accounts:two_factor"), {"code": code_for(device)})
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_set_up_page_shows_a_qr_code_of_the_apps_link():
    user = UserFactory(username="lee")
    client = Client()
    client.force_login(user)
    page = client.get(reverse("accounts:two_factor")).content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    expected = segno.make(device.config_url, error="m").svg_inline(scale=4, title="Authenticator set-up code")
    assert expected in page
