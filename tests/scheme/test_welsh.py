"""Residents' petitions in Welsh: the start journey, the creator's and supporters' pages under
/cy/, and every email to the creator in the language they started it in."""

import html
import re

import pytest
from django.core import mail

from doorstep.petitions.models import Petition
from doorstep.scheme.models import Proposal
from doorstep.scheme.tasks import send_published_email
from doorstep.signatures.models import Signature
from tests.factories import start_petition

pytestmark = pytest.mark.django_db


def _text(response):
    return html.unescape(response.content.decode())


def test_a_petition_started_in_welsh_is_confirmed_and_shared_in_welsh(client, on_commit):
    assert "Dechrau deiseb" in _text(client.get("/cy/petitions/start"))
    answers = [
        ("what", {"action": "Croesfan sebra ar Ffordd yr Orsaf"}),
        ("why", {"background": "Mae plant yn croesi yma ar y ffordd i'r ysgol."}),
        ("more", {"additional_details": ""}),
        ("you", {"name": "Siân", "email": "sian@example.com", "postcode": "CF10 1AA"}),
    ]
    for path, data in answers:
        assert client.post(f"/cy/petitions/start/{path}", data)["Location"].startswith("/cy/petitions/start/")
    assert "Gwiriwch eich deiseb" in _text(client.get("/cy/petitions/start/check"))
    with on_commit(execute=True):
        done = client.post("/cy/petitions/start/check", {"website": ""})
    assert done["Location"] == "/cy/petitions/start/check-your-email"
    proposal = Proposal.objects.get()
    assert proposal.language == "cy"
    [confirm] = mail.outbox
    assert confirm.subject == "Cadarnhewch eich deiseb: Croesfan sebra ar Ffordd yr Orsaf"
    link = re.search(r"https?://\S+(/cy/petitions/start/\S+)", confirm.body).group(1)
    assert "Cadarnhau fy neiseb" in _text(client.get(link))
    with on_commit(execute=True):
        confirmed = client.post(link)
    assert confirmed["Location"].startswith("/cy/petitions/start/")
    assert Signature.objects.get(email="sian@example.com").language == "cy"  # the creator's own signature
    share = mail.outbox[-1]
    assert share.subject.startswith("Dewch o hyd i gefnogwyr i'ch deiseb")
    assert f"/cy/petitions/{proposal.petition_id}/support/{proposal.share_token}" in share.body


def test_a_later_email_from_the_worker_is_in_the_creators_language():
    proposal = start_petition(language="cy")
    Petition.objects.filter(pk=proposal.petition_id).update(state=Petition.State.OPEN)
    mail.outbox.clear()
    send_published_email.call(proposal_id=proposal.pk)  # from the worker, where English is active
    [email] = mail.outbox
    assert email.subject.startswith("Mae eich deiseb wedi'i chyhoeddi: ")
    assert f"/cy/petitions/{proposal.petition_id}" in email.body


def test_a_creator_who_started_in_english_is_written_to_in_english():
    proposal = start_petition()
    assert proposal.language == "en-gb"
    Petition.objects.filter(pk=proposal.petition_id).update(state=Petition.State.OPEN)
    send_published_email.call(proposal_id=proposal.pk)
    assert mail.outbox[-1].subject.startswith("Your petition is published: ")


def test_a_supporter_on_the_welsh_page_signs_in_welsh(client, on_commit):
    proposal = start_petition()
    url = f"/cy/petitions/{proposal.petition_id}/support/{proposal.share_token}"
    page = _text(client.get(url))
    assert '<html lang="cy"' in page
    assert "Cefnogi'r ddeiseb hon" in page
    with on_commit(execute=True):
        response = client.post(
            url, {"name": "Bea", "email": "bea@example.com", "country": "GB", "postcode": "RM10 7XX", "website": ""}
        )
    assert response["Location"] == f"{url}/check-your-email"
    signature = Signature.objects.get(email="bea@example.com")
    assert signature.language == "cy"
    assert f"/cy/signatures/{signature.pk}/confirm/{signature.token}" in mail.outbox[-1].body
    assert "Diolch am gefnogi" in _text(client.post(f"/cy/signatures/{signature.pk}/confirm/{signature.token}"))
