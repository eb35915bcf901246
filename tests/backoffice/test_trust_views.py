"""Staff trust pages: who may see what, and each page doing its job."""

import pytest
from django.test import Client
from django.urls import reverse

from doorstep.accounts.models import User
from doorstep.signatures.models import Signature
from doorstep.signatures.selectors.counts import petition_counts
from doorstep.trust.models import Invalidation, ListEntry, PersonalDataAccess
from doorstep.trust.selectors import switches_get
from doorstep.trust.services import invalidation_create
from tests.factories import UserFactory, sign

pytestmark = pytest.mark.django_db

ROLES = [User.Role.ADMINISTRATOR, User.Role.ORGANISER, User.Role.CASEWORKER, User.Role.DATA_ENTRY]


def client_for(role) -> Client:
    client = Client()
    client.force_login(UserFactory(role=role))
    return client


def pages(petition, signature, invalidation):
    """(url, method, roles allowed) for every trust page."""
    managers = {User.Role.ADMINISTRATOR, User.Role.ORGANISER}
    readers = managers | {User.Role.CASEWORKER}
    return [
        (reverse("backoffice:trust"), "get", managers),
        (reverse("backoffice:trust_switches"), "post", managers),
        (reverse("backoffice:trust_list_add"), "get", managers),
        (reverse("backoffice:trust_list_remove", args=[999]), "post", managers),
        (reverse("backoffice:trust_activity"), "get", managers),
        (reverse("backoffice:petition_held", args=[petition.pk]), "get", managers),
        (reverse("backoffice:petition_held_decide", args=[petition.pk, signature.pk]), "post", managers),
        (reverse("backoffice:petition_invalidate", args=[petition.pk]), "get", managers),
        (reverse("backoffice:invalidation", args=[invalidation.pk]), "get", managers),
        (reverse("backoffice:invalidation_cancel", args=[invalidation.pk]), "post", managers),
        (reverse("backoffice:invalidation_reverse", args=[invalidation.pk]), "post", managers),
        (reverse("backoffice:invalidation_resume", args=[invalidation.pk]), "post", managers),
        (reverse("backoffice:petition_retention", args=[petition.pk]), "get", managers),
        (reverse("backoffice:petition_export", args=[petition.pk]), "get", readers),
        (reverse("backoffice:signers") + "?q=jo@example.org", "get", readers),
        (reverse("backoffice:signer_withdraw", args=[signature.pk]), "post", readers),
        (reverse("backoffice:audit"), "get", {User.Role.ADMINISTRATOR}),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_each_role_is_refused_what_it_should_not_see(petition, role):
    signature = sign(petition, email="jo@example.org", suspect_reason="x")
    invalidation = Invalidation.objects.create(petition=petition, description="x", reason="x")
    client = client_for(role)
    for url, method, allowed in pages(petition, signature, invalidation):
        response = getattr(client, method)(url)
        if role in allowed:
            assert response.status_code in (200, 302), (role, url, response.status_code)
        else:
            assert response.status_code == 403, (role, url, response.status_code)
    # Refused requests changed nothing.
    if role == User.Role.DATA_ENTRY:
        assert Signature.objects.get().state == Signature.State.SUSPECT
        assert not PersonalDataAccess.objects.exists()


def test_signed_out_visitors_are_sent_to_sign_in(client, petition):
    response = client.get(reverse("backoffice:trust"))
    assert response.status_code == 302 and "/staff/sign-in" in response["Location"]


def test_switches_and_lists_are_edited_by_staff(staff_client):
    staff_client.post(reverse("backoffice:trust_switches"), {"signing_stopped": "on", "emails_stopped": "on"})
    switches = switches_get()
    assert switches.signing_stopped and switches.emails_stopped and not switches.pack_requests_stopped
    assert "Signing is paused" in staff_client.get(reverse("backoffice:trust")).content.decode()

    add = reverse("backoffice:trust_list_add")
    assert staff_client.post(add, {"kind": "ip", "action": "block", "value": "198.51.100.0/24"}).status_code == 302
    for bad in [
        {"kind": "ip", "action": "block", "value": "0.0.0.0/0"},
        {"kind": "ip", "action": "block", "value": "198.51.100.9/24"},  # already listed
        {"kind": "domain", "action": "block", "value": "*"},
        {"kind": "email", "action": "allow", "value": "a@example.org"},
        {"kind": "sql", "action": "block", "value": "x"},
        {"kind": "ip", "action": "block", "value": ""},
        {"kind": "domain", "action": "block", "value": "spam\x00.test"},
        {"kind": "email", "action": "block", "value": "a@b.test", "note": "\x00"},
    ]:
        response = staff_client.post(add, bad)
        assert response.status_code == 200 and "There is a problem" in response.content.decode(), bad
    assert list(ListEntry.objects.values_list("value", flat=True)) == ["198.51.100.0/24"]
    page = staff_client.get(reverse("backoffice:trust")).content.decode()
    assert "198.51.100.0/24" in page
    entry = ListEntry.objects.get()
    staff_client.post(reverse("backoffice:trust_list_remove", args=[entry.pk]))
    assert not ListEntry.objects.exists()


def test_held_signatures_are_reviewed_and_the_view_is_logged(staff_client, petition, organiser):
    held = sign(petition, name="Maybe Real", suspect_reason="too many signatures from one IP address in a short time")
    detail = staff_client.get(reverse("backoffice:petition", args=[petition.pk])).content.decode()
    assert "1 held as suspect, not counted" in detail and "Held signatures (1)" in detail
    page = staff_client.get(reverse("backoffice:petition_held", args=[petition.pk])).content.decode()
    assert "Maybe Real" in page and "too many signatures" in page
    decide = reverse("backoffice:petition_held_decide", args=[petition.pk, held.pk])
    staff_client.post(decide, {"decision": "nonsense"})
    assert petition_counts(petition=petition).total == 0
    staff_client.post(decide, {"decision": "release"})
    assert petition_counts(petition=petition).total == 1
    access = PersonalDataAccess.objects.filter(user=organiser, action="viewed").get()
    assert access.what == "held signatures" and access.petition == petition and access.rows == 1


def test_bulk_invalidation_previews_then_runs_then_reverses(staff_client, petition, on_commit):
    for n in range(3):
        sign(petition, email=f"b{n}@bot.test", ip_address="198.51.100.1")
    sign(petition, email="jane@gmail.com", ip_address="192.0.2.1")
    url = reverse("backoffice:petition_invalidate", args=[petition.pk])
    preview = staff_client.post(url, {"domain": "bot.test", "step": "preview"})
    content = preview.content.decode()
    assert "3 signatures match" in content and "Take 3 out" in content
    assert petition_counts(petition=petition).total == 4  # nothing changed yet

    missing_reason = staff_client.post(url, {"domain": "bot.test", "step": "confirm"})
    assert "Give the reason" in missing_reason.content.decode()
    assert not Invalidation.objects.exists()

    with on_commit(execute=True):
        response = staff_client.post(url, {"domain": "bot.test", "reason": "Bot attack", "step": "confirm"})
    invalidation = Invalidation.objects.get()
    assert response["Location"] == reverse("backoffice:invalidation", args=[invalidation.pk])
    assert (invalidation.state, invalidation.done, invalidation.matched) == ("done", 3, 3)
    assert petition_counts(petition=petition).total == 1
    page = staff_client.get(response["Location"]).content.decode()
    assert "3 of 3 taken out" in page and "Reverse" in page

    staff_client.post(reverse("backoffice:invalidation_reverse", args=[invalidation.pk]))
    assert petition_counts(petition=petition).total == 4
    assert "3 put back" in staff_client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Give at least one filter"),
        ({"ip": "not-an-ip"}, "Enter an IP address"),
        ({"ip": "0.0.0.0/0"}, "too wide"),
        ({"domain": "*.*"}, "Enter a domain"),
        ({"email": "nobody"}, "Enter an email address"),
        ({"name": "***"}, "needs some letters"),
        ({"since": "yesterday"}, "Enter a date and time"),
        ({"since": "2026-05-02 10:00", "until": "2026-05-01 10:00"}, "The end must be after the start"),
        ({"channel": "carrier-pigeon", "name": "x"}, "Select a valid choice"),
        ({"name": "x" * 101}, "at most 100 characters"),
        ({"name": "Mickey\x00"}, "Null characters are not allowed"),
        ({"postcode": "RM10\x00"}, "Null characters are not allowed"),
    ],
)
def test_bulk_invalidation_refuses_bad_filters(staff_client, petition, data, message):
    sign(petition)
    response = staff_client.post(
        reverse("backoffice:petition_invalidate", args=[petition.pk]), {**data, "reason": "x", "step": "confirm"}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Invalidation.objects.exists()
    assert petition_counts(petition=petition).total == 1


def test_a_signer_is_found_by_any_variant_of_their_inbox_and_withdrawn_on_request(petition):
    sign(petition, email="jo.bloggs@gmail.com", name="Jo Bloggs")
    caseworker = UserFactory(role=User.Role.CASEWORKER)
    client = Client()
    client.force_login(caseworker)
    page = client.get(reverse("backoffice:signers"), {"q": "JoBloggs+petitions@googlemail.com"}).content.decode()
    assert "Jo Bloggs" in page and "jo.bloggs@gmail.com" in page and "Withdraw" in page
    signature = Signature.objects.get()
    client.post(reverse("backoffice:signer_withdraw", args=[signature.pk]))
    signature.refresh_from_db()
    assert signature.state == Signature.State.INVALIDATED and signature.name == "" and signature.email == ""
    assert petition_counts(petition=petition).total == 0
    actions = list(PersonalDataAccess.objects.filter(user=caseworker).values_list("action", flat=True))
    assert sorted(actions) == ["changed", "searched"]
    # The log keeps no search terms.
    assert not PersonalDataAccess.objects.filter(path__contains="gmail").exists()


def test_exports_are_in_the_audit_log_which_only_administrators_read(staff_client, petition, organiser):
    sign(petition)
    b"".join(staff_client.get(reverse("backoffice:petition_export", args=[petition.pk])).streaming_content)
    assert PersonalDataAccess.objects.filter(user=organiser, action="exported", petition=petition).exists()
    admin = client_for(User.Role.ADMINISTRATOR)
    page = admin.get(reverse("backoffice:audit")).content.decode()
    assert "Exported: signatures CSV" in page and organiser.username in page


def test_retention_policy_is_set_with_a_reason_for_an_exemption(staff_client, petition):
    url = reverse("backoffice:petition_retention", args=[petition.pk])
    response = staff_client.post(url, {"months": "12", "exempt": "on", "exempt_reason": ""})
    assert "Give the reason" in response.content.decode()
    for bad in ["0", "121", "twelve", "-1"]:
        assert "There is a problem" in staff_client.post(url, {"months": bad}).content.decode()
    assert staff_client.post(url, {"months": "12", "exempt": "on", "exempt_reason": "Legal hold"}).status_code == 302
    petition.retention.refresh_from_db()
    assert petition.retention.exempt and petition.retention.months == 12


def test_activity_shows_the_last_hour_by_source(staff_client, petition):
    for n in range(3):
        sign(petition, ip_address="198.51.100.1", email=f"b{n}@bot.test")
    page = staff_client.get(reverse("backoffice:trust_activity")).content.decode()
    assert "198.51.100.1" in page and "bot.test" in page and "RM10" in page
    assert PersonalDataAccess.objects.filter(what__startswith="signing activity").exists()


def test_a_running_invalidation_is_followed_without_a_reload(staff_client, petition, on_commit):
    sign(petition, ip_address="198.51.100.1")
    with on_commit(execute=False):
        invalidation = invalidation_create(
            petition=petition,
            criteria={"ip": "198.51.100.1"},
            description="test",
            reason="bot attack",
            matched=1,
            actor=UserFactory(),
        )
    page = staff_client.get(reverse("backoffice:invalidation", args=[invalidation.pk])).content.decode()
    assert 'http-equiv="refresh"' not in page
    assert f'data-poll-url="/staff/invalidations/{invalidation.pk}/progress"' in page
    assert "Taking out a group of signatures:" in page
    data = staff_client.get(reverse("backoffice:invalidation_progress", args=[invalidation.pk])).json()
    assert data["active"] is True and "Cancel" in data["html"]
