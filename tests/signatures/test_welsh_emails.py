"""A signer's language goes with them: the emails they get are written in it, their links
open the pages in it."""

import html
import re

import pytest
from django.core import mail

from doorstep.signatures.tasks import send_signature_confirmation
from tests.factories import PetitionFactory, sign

pytestmark = pytest.mark.django_db


def test_asking_for_your_data_on_a_welsh_page_gets_a_welsh_email(client, petition, on_commit):
    sign(petition, email="sian@example.com")
    with on_commit(execute=True):
        page = client.post("/cy/your-data", {"email": "sian@example.com"})
    assert "Gwiriwch eich e-bost" in html.unescape(page.content.decode())
    [email] = mail.outbox
    assert email.subject == "Beth mae Doorstep yn ei gadw amdanoch"
    link = re.search(r"https?://\S+(/cy/your-data/\S+)", email.body).group(1)
    assert "Beth sy'n cael ei gadw amdanoch" in html.unescape(client.get(link).content.decode())


def test_a_confirmation_sent_again_later_is_still_in_the_signers_language(on_commit):
    petition = PetitionFactory(action="Save the bridge", action_cy="Achubwch y bont")
    signature = sign(petition, confirm=False, language="cy", name="Siân")
    send_signature_confirmation.call(signature_id=signature.pk)  # from the worker: English is active
    [email] = mail.outbox
    assert email.subject == "Cadarnhewch eich llofnod: Achubwch y bont"
    assert f"/cy/signatures/{signature.pk}/confirm/" in email.body


def test_a_signature_made_with_an_unknown_language_is_english(petition):
    assert sign(petition, language="fr").language == "en-gb"
