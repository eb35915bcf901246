"""Subject access and erasure by email link."""

import re
from dataclasses import replace
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from doorstep.petitions.models import Petition
from doorstep.signatures.models import DataRequest, Signature
from doorstep.signatures.selectors.counts import petition_counts
from tests.factories import PetitionFactory, sign

pytestmark = pytest.mark.django_db

REQUEST_URL = "/your-data"


def ask(client, email, ip="192.0.2.1"):
    return client.post(REQUEST_URL, {"email": email}, REMOTE_ADDR=ip)


def emailed_link():
    return re.search(r"https?://\S+(/your-data/\S+)", mail.outbox[-1].body).group(1)


def test_a_signer_sees_what_is_held_and_withdraws_from_an_open_petition(client, petition, on_commit):
    closed = PetitionFactory()
    sign(petition, email="Jo.Bloggs@gmail.com", name="Jo Bloggs", ip_address="192.0.2.77")
    sign(closed, email="jobloggs+x@googlemail.com", name="Jo Bloggs")
    Petition.objects.filter(pk=closed.pk).update(state=Petition.State.CLOSED)
    sign(petition, email="someone.else@example.org", name="Someone Else")
    with on_commit(execute=True):
        response = ask(client, "JOBLOGGS@gmail.com")
    assert response.status_code == 200 and "Check your email" in response.content.decode()
    assert mail.outbox[-1].to == ["jobloggs+x@googlemail.com"]  # the address last signed with
    link = emailed_link()

    page = client.get(link)
    assert page["Cache-Control"] == "no-store"
    content = page.content.decode()
    assert content.count("Jo Bloggs") == 2 and "Someone Else" not in content
    assert "192.0.2.77" in content
    assert content.count("Withdraw my signature") == 1  # only the open petition

    mine = Signature.objects.get(petition=petition, name="Jo Bloggs")
    withdrawn = client.post(f"{link}/withdraw/{mine.pk}")
    assert withdrawn.status_code == 200 and "has been withdrawn" in withdrawn.content.decode()
    mine.refresh_from_db()
    assert mine.state == Signature.State.INVALIDATED and mine.name == "" and mine.ip_address is None
    assert petition_counts(petition=petition).total == 1

    # Someone else's signature cannot be withdrawn with this link; nor one of a closed petition.
    other = Signature.objects.get(name="Someone Else")
    assert client.post(f"{link}/withdraw/{other.pk}").status_code == 404
    on_closed = Signature.objects.get(petition=closed)
    refused = client.post(f"{link}/withdraw/{on_closed.pk}")
    assert refused.status_code == 400 and "closed" in refused.content.decode()
    assert Signature.objects.get(pk=on_closed.pk).state == Signature.State.CONFIRMED


def test_the_page_tells_no_one_whether_an_address_has_signed(client, petition, on_commit):
    sign(petition, email="signed@example.org")
    with on_commit(execute=True):
        signed = ask(client, "signed@example.org")
        unknown = ask(client, "never@example.org")

    def main(response, email):
        content = response.content.decode()
        return content[content.index("<main") : content.index("</main>")].replace(email, "X")

    assert main(signed, "signed@example.org") == main(unknown, "never@example.org")
    assert [m.to for m in mail.outbox] == [["signed@example.org"]]


def test_links_expire_and_made_up_links_fail(client, petition, on_commit):
    sign(petition, email="jo@example.org")
    with on_commit(execute=True):
        ask(client, "jo@example.org")
    link = emailed_link()
    DataRequest.objects.update(created_at=timezone.now() - timedelta(hours=25))
    assert client.get(link).status_code == 404
    for fake in [
        "/your-data/guess",
        "/your-data/" + "A" * 500,
        "/your-data/%00",
        "/your-data/ab%00cd",
        "/your-data/' OR 1=1 --",
    ]:
        assert client.get(fake).status_code == 404
    assert client.post(f"/your-data/guess/withdraw/{Signature.objects.get().pk}").status_code == 404
    assert Signature.objects.get().state == Signature.State.CONFIRMED


def test_requests_are_limited_so_no_one_is_flooded_with_email(client, petition, on_commit):
    sign(petition, email="jo@example.org")
    with on_commit(execute=True):
        for n in range(6):
            assert ask(client, "jo@example.org", ip=f"192.0.2.{n}").status_code == 200
    assert len(mail.outbox) == 3
    for n in range(20):
        sign(petition, email=f"p{n}@example.org")
    with on_commit(execute=True):
        for n in range(20):
            ask(client, f"p{n}@example.org", ip="198.51.100.1")
    assert len(mail.outbox) == 3 + 10


@pytest.mark.parametrize("bad", ["", "not-an-email", "a@", "@b.com", "x" * 300 + "@example.org"])
def test_bad_addresses_get_a_clear_error(client, bad):
    response = client.post(REQUEST_URL, {"email": bad})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not DataRequest.objects.exists()


def test_the_privacy_notice_states_the_retention_policy(client, settings):
    settings.DOORSTEP = replace(settings.DOORSTEP, retention_months=9, ip_retention_days=45)
    page = client.get(reverse("website:privacy")).content.decode()
    assert "kept for 45 days" in page and "deleted 9 months after" in page
    assert reverse("signatures:your_data_request") in page
