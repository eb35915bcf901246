import json
import uuid

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from doorstep.canvass import services
from doorstep.canvass.models import DoorSignature
from tests.factories import UserFactory

from .helpers import canvasser

pytestmark = pytest.mark.django_db


@pytest.fixture
def phone_client(petition):
    user = canvasser()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    csrf = client.get("/canvass/status").json()["csrf"]
    token = client.post("/canvass/phones", headers={"X-CSRFToken": csrf}).json()["token"]
    client.headers = {"X-CSRFToken": csrf, "X-Doorstep-Phone": token}
    return client


def send(client, petition, **fields):
    body = {
        "key": str(uuid.uuid4()),
        "name": "Ann Lee",
        "address": "1 Elm Road",
        "postcode": "rm107xx",
        "agreed": True,
        "collected_at": timezone.now().isoformat(),
        **fields,
    }
    return client.post(
        f"/canvass/{petition.pk}/signatures", json.dumps(body), content_type="application/json", headers=client.headers
    )


def test_the_canvass_page_is_for_signed_in_canvassers(client, petition):
    assert client.get(f"/canvass/{petition.pk}/").status_code == 302
    client.force_login(UserFactory(role="data_entry"))
    assert client.get(f"/canvass/{petition.pk}/").status_code == 403
    client.force_login(canvasser())
    page = client.get(f"/canvass/{petition.pk}/")
    assert page.status_code == 200
    assert b"I agree to add my name to this petition" in page.content
    assert b'rel="manifest"' in page.content


def test_the_phone_calls_answer_json_not_the_sign_in_page(client, petition):
    answer = client.get("/canvass/status")
    assert answer.status_code == 401 and "Sign in" in answer.json()["error"]


def test_a_signature_is_received_once(phone_client, petition):
    body_key = str(uuid.uuid4())
    first = send(phone_client, petition, key=body_key)
    again = send(phone_client, petition, key=body_key)
    assert (first.status_code, first.json()) == (201, {"outcome": "counted", "created": True})
    assert (again.status_code, again.json()) == (200, {"outcome": "counted", "created": False})
    assert DoorSignature.objects.get().postcode == "RM10 7XX"


@pytest.mark.parametrize(
    "body",
    [b"not json", b"[1, 2]", b"{" + b"x" * 30000, b"[" * 19_000],  # the last nested past the parser's limit
)
def test_unreadable_bodies_get_a_clear_message(phone_client, petition, body):
    answer = phone_client.post(
        f"/canvass/{petition.pk}/signatures", body, content_type="application/json", headers=phone_client.headers
    )
    assert answer.status_code == 400
    assert answer.json()["error"]
    assert not DoorSignature.objects.exists()


def test_bad_fields_say_which(phone_client, petition):
    answer = send(phone_client, petition, postcode="nowhere")
    assert answer.status_code == 400 and answer.json()["field"] == "postcode"


def test_an_unknown_or_signed_out_phone_cannot_send(phone_client, petition, organiser):
    token = phone_client.headers["X-Doorstep-Phone"]
    phone_client.headers = {**phone_client.headers, "X-Doorstep-Phone": "made-up"}
    assert send(phone_client, petition).status_code == 403
    phone_client.headers = {**phone_client.headers, "X-Doorstep-Phone": token}
    from doorstep.canvass.selectors import phone_get_by_token

    services.phone_sign_out(phone=phone_get_by_token(token=token), actor=organiser)
    client = Client()
    user = phone_get_by_token(token=token).user
    client.force_login(user)
    answer = client.post(
        f"/canvass/{petition.pk}/signatures",
        "{}",
        content_type="application/json",
        headers={"X-Doorstep-Phone": token},
    )
    assert answer.status_code == 410
    assert client.get("/canvass/status", headers={"X-Doorstep-Phone": token}).json()["phone"] == "signed_out"


def test_the_manifest_and_the_service_worker(client, petition):
    manifest = client.get(f"/canvass/{petition.pk}/manifest.webmanifest")
    assert manifest["Content-Type"] == "application/manifest+json"
    assert manifest.json()["start_url"] == f"/canvass/{petition.pk}/"
    assert manifest.json()["display"] == "standalone"
    worker = client.get("/canvass/sw.js")
    assert worker["Content-Type"].startswith("text/javascript")
    assert b"caches.match" in worker.content


def test_a_draft_petition_has_no_canvass_page(client, draft_petition):
    client.force_login(canvasser())
    assert client.get(f"/canvass/{draft_petition.pk}/").status_code == 404


def test_the_canvass_page_in_welsh_sends_welsh_thank_yous(client, petition, on_commit):
    """Opened at its Welsh address, the page is in Welsh and the signatures it sends are
    Welsh speakers': their thank-you email is in Welsh."""
    user = canvasser()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    page = client.get(f"/cy/canvass/{petition.pk}/").content.decode()
    assert '<html lang="cy"' in page
    assert f'"receiveUrl": "/cy/canvass/{petition.pk}/signatures"' in page
    csrf = client.get("/cy/canvass/status").json()["csrf"]
    token = client.post("/cy/canvass/phones", headers={"X-CSRFToken": csrf}).json()["token"]
    body = {
        "key": str(uuid.uuid4()),
        "name": "Siân Lee",
        "address": "1 Heol y Llan",
        "postcode": "cf101aa",
        "email": "sian@example.com",
        "agreed": True,
        "collected_at": timezone.now().isoformat(),
    }
    with on_commit(execute=True):
        sent = client.post(
            f"/cy/canvass/{petition.pk}/signatures",
            json.dumps(body),
            content_type="application/json",
            headers={"X-CSRFToken": csrf, "X-Doorstep-Phone": token},
        )
    assert sent.status_code == 201
    record = DoorSignature.objects.get()
    assert (record.language, record.signature.language) == ("cy", "cy")
    [email] = mail.outbox
    assert email.subject.startswith("Diolch am lofnodi")
