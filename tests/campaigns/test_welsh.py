"""Campaigns in Welsh: updates and replies written in English, Welsh or both; emails to
supporters in the language each signed in, from the texts staff wrote in it."""

import pytest

from doorstep.campaigns.models import Delivery, Reply, SupporterMailing, Update
from doorstep.campaigns.services.mailings import mailing_create, mailing_create_for_update, mailing_start
from doorstep.campaigns.services.updates import update_create
from doorstep.core.errors import ApplicationError
from tests.factories import PetitionFactory, supporter
from tests.smtp import body_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def bilingual(db):
    return PetitionFactory(action="Keep the library open", action_cy="Cadwch y llyfrgell ar agor")


def test_an_update_needs_its_texts_in_one_language_at_least(petition, organiser):
    with pytest.raises(ApplicationError, match="Give the update a title"):
        update_create(petition=petition, actor=organiser, title=" ", title_cy="", body="News")
    update = update_create(petition=petition, actor=organiser, title_cy="Newyddion", body_cy="Aeth yn dda.")
    assert (update.title, update.title_cy, update.body, update.body_cy) == ("", "Newyddion", "", "Aeth yn dda.")
    assert str(update) == "Newyddion"


def test_staff_post_an_update_in_both_languages_and_email_it(staff_client, bilingual):
    response = staff_client.post(
        f"/staff/petitions/{bilingual.pk}/updates/new",
        {
            "published_on": "2026-10-01",
            "title": "Rally",
            "body": "Join us.",
            "title_cy": "Rali",
            "body_cy": "Ymunwch â ni.",
            "email_supporters": "on",
        },
    )
    update = Update.objects.get()
    assert (update.title_cy, update.body_cy) == ("Rali", "Ymunwch â ni.")
    mailing = SupporterMailing.objects.get()
    assert response["Location"] == f"/staff/mailings/{mailing.pk}"
    assert (mailing.subject, mailing.subject_cy) == ("Update: Rally", "Diweddariad: Rali")
    assert mailing.body_cy == "Ymunwch â ni."
    page = staff_client.get(f"/staff/mailings/{mailing.pk}").content.decode()
    assert 'id="mailing-preview"' in page and 'id="mailing-preview-cy"' in page
    assert "Ymunwch â ni." in page and "Annwyl Alex Enghraifft," in page


def test_staff_record_a_reply_in_welsh_only(staff_client, petition):
    response = staff_client.post(
        f"/staff/petitions/{petition.pk}/replies/new",
        {"responder": "Llywodraeth Cymru", "responded_on": "2026-10-01", "summary_cy": "Byr.", "details_cy": "Hir."},
    )
    assert response.status_code == 302
    reply = Reply.objects.get()
    assert (reply.summary, reply.summary_cy, reply.details_cy) == ("", "Byr.", "Hir.")


def test_staff_update_without_a_title_in_either_language(staff_client, petition):
    response = staff_client.post(
        f"/staff/petitions/{petition.pk}/updates/new", {"published_on": "2026-10-01", "body": "Join us."}
    )
    assert "Give the update a title" in response.content.decode()
    assert not Update.objects.exists()


def test_each_supporter_gets_the_email_in_the_language_they_signed_in(bilingual, organiser, smtp_server, on_commit):
    supporter(bilingual, email="sian@example.com", name="Siân", language="cy")
    supporter(bilingual, email="kim@example.com", name="Kim")
    update = update_create(
        petition=bilingual, actor=organiser, title="Rally", body="Join us.", title_cy="Rali", body_cy="Ymunwch â ni."
    )
    mailing = mailing_create_for_update(update=update, actor=organiser)
    with on_commit(execute=True):
        mailing_start(mailing=mailing, actor=organiser)
    messages = {message["To"]: message for message in smtp_server.inbox.wait_for(2)}
    assert set(Delivery.objects.values_list("email", "language")) == {
        ("sian@example.com", "cy"),
        ("kim@example.com", "en-gb"),
    }
    welsh, english = messages["sian@example.com"], messages["kim@example.com"]
    assert welsh["Subject"] == "Diweddariad: Rali"
    assert "Annwyl Siân," in body_text(welsh) and "Ymunwch â ni." in body_text(welsh)
    assert "Y ddeiseb: Cadwch y llyfrgell ar agor" in body_text(welsh)
    assert f"/cy/petitions/{bilingual.pk}" in body_text(welsh) and "/cy/unsubscribe/" in body_text(welsh)
    assert english["Subject"] == "Update: Rally" and "Join us." in body_text(english)
    assert "/cy/" not in body_text(english)


def test_an_email_written_only_in_english_reaches_welsh_signers_in_english(petition, organiser, smtp_server, on_commit):
    supporter(petition, email="sian@example.com", name="Siân", language="cy")
    mailing = mailing_create(petition=petition, actor=organiser, subject="News", body="We met the minister.")
    with on_commit(execute=True):
        mailing_start(mailing=mailing, actor=organiser)
    [message] = smtp_server.inbox.wait_for(1)
    assert message["Subject"] == "News" and "We met the minister." in body_text(message)
    assert "Annwyl Siân," in body_text(message)  # the rest in Welsh, as they signed
