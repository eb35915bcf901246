from dataclasses import replace
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from doorstep.core.errors import ApplicationError
from doorstep.petitions.models import Petition
from doorstep.signatures.models import Signature, Tally
from doorstep.signatures.selectors.counts import (
    petition_counts,
    petition_counts_many,
    petition_tally,
    signatures_by_country,
)
from doorstep.signatures.services.confirmation import signature_confirm
from doorstep.signatures.services.counts import counts_rebuild
from doorstep.signatures.services.export import signature_export_stream
from doorstep.signatures.services.invalidation import signature_invalidate
from doorstep.signatures.services.signing import Signer, signature_create
from tests.factories import PetitionFactory, sign

pytestmark = pytest.mark.django_db


def test_sign_makes_a_pending_signature_and_emails_a_link(petition, on_commit):
    with on_commit(execute=True):
        result = signature_create(
            petition=petition,
            signer=Signer(
                name="  Jane   Smith ",
                email="Jane@Example.com",
                postcode="rm107xx",
                updates_consent=True,
                consent_wording="Email me updates.",
            ),
            ip_address="192.0.2.1",
        )
    signature = result.signature
    assert result.created and result.email_queued
    assert signature.state == Signature.State.PENDING
    assert signature.name == "Jane Smith"
    assert signature.postcode == "RM10 7XX"
    assert signature.postcode_district == "RM10"
    assert signature.email_normalised == "jane@example.com"
    assert signature.consent_wording == "Email me updates."
    assert petition_counts(petition=petition).total == 0
    assert len(mail.outbox) == 1
    assert f"/signatures/{signature.pk}/confirm/{signature.token}" in mail.outbox[0].body
    assert mail.outbox[0].to == ["Jane@Example.com"]


def test_consent_wording_is_kept_only_with_consent(petition):
    signature = sign(petition, updates_consent=False, consent_wording="Email me updates.", confirm=False)
    assert signature.consent_wording == ""


def test_confirm_counts_once(petition):
    signature = sign(petition, confirm=False)
    assert signature_confirm(signature=signature, token=signature.token) is True
    assert signature_confirm(signature=signature, token=signature.token) is False
    counts = petition_counts(petition=petition)
    assert (counts.online, counts.paper, counts.total) == (1, 0, 1)


def test_confirm_with_a_wrong_token_is_refused(petition):
    signature = sign(petition, confirm=False)
    with pytest.raises(ApplicationError):
        signature_confirm(signature=signature, token="not-the-token")
    signature.refresh_from_db()
    assert signature.state == Signature.State.PENDING
    assert petition_counts(petition=petition).total == 0


@pytest.mark.parametrize("email", ["JANE@example.com", "jane+again@example.com", " jane@example.com"])
def test_same_inbox_signs_once_and_gets_the_email_again(petition, on_commit, email):
    with on_commit(execute=True):
        first = signature_create(petition=petition, signer=Signer("Jane", "jane@example.com", "RM10 7XX"))
        again = signature_create(petition=petition, signer=Signer("Jane S", email, "RM10 7XX"))
    assert not again.created
    assert again.email_queued
    assert again.signature.pk == first.signature.pk
    assert Signature.objects.count() == 1
    assert len(mail.outbox) == 2


def test_confirmation_email_resent_only_a_few_times(petition, on_commit, settings):
    settings.DOORSTEP = replace(settings.DOORSTEP, max_confirmation_emails=3)
    with on_commit(execute=True):
        results = [
            signature_create(petition=petition, signer=Signer("Jane", "jane@gmail.com", "RM10 7XX")) for _ in range(6)
        ]
    assert [r.email_queued for r in results] == [True, True, True, False, False, False]
    assert len(mail.outbox) == 3


def test_no_email_again_once_confirmed(petition, on_commit):
    sign(petition, email="jane@example.com")
    with on_commit(execute=True):
        again = signature_create(petition=petition, signer=Signer("Jane", "jane@example.com", "RM10 7XX"))
    assert not again.email_queued
    assert len(mail.outbox) == 0
    assert petition_counts(petition=petition).total == 1


def test_the_same_email_may_sign_other_petitions(petition):
    other = PetitionFactory()
    sign(petition, email="jane@example.com")
    sign(other, email="jane@example.com")
    assert petition_counts(petition=other).total == 1


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "x" * 101}, "name"),
        ({"name": "Bad\x00Name"}, "name"),
        ({"email": ""}, "email"),
        ({"postcode": "NOT A CODE"}, "postcode"),
        ({"postcode": ""}, "postcode"),
    ],
)
def test_bad_input_is_refused_and_nothing_stored(petition, fields, field):
    values = {"name": "Jane", "email": "jane@example.com", "postcode": "RM10 7XX", **fields}
    with pytest.raises(ApplicationError) as error:
        signature_create(petition=petition, signer=Signer(**values))
    assert error.value.field == field
    assert not Signature.objects.exists()


def test_signers_abroad_give_a_country(petition):
    signature = sign(petition, postcode="", country="FR")
    assert (signature.postcode, signature.country) == ("", "FR")
    assert signatures_by_country(petition=petition) == [{"name": "France", "code": "FR", "signature_count": 1}]


@pytest.mark.parametrize("state", [Petition.State.DRAFT, Petition.State.CLOSED, Petition.State.HANDED_IN])
def test_signing_refused_unless_open(state):
    petition = PetitionFactory(state=state)
    with pytest.raises(ApplicationError, match="not open"):
        sign(petition)


def test_signing_refused_after_the_closing_time(petition):
    with pytest.raises(ApplicationError):
        signature_create(
            petition=petition, signer=Signer("Late", "late@example.com", "RM10 7XX"), now=petition.closes_at
        )


def test_confirmation_allowed_shortly_after_close_but_not_later(petition, settings):
    early = sign(petition, confirm=False, now=petition.closes_at - timedelta(minutes=1))
    late = sign(petition, confirm=False, now=petition.closes_at - timedelta(minutes=1))
    Petition.objects.filter(pk=petition.pk).update(state=Petition.State.CLOSED)
    early.petition.refresh_from_db()
    grace = timedelta(hours=settings.DOORSTEP.confirmation_grace_hours)
    assert signature_confirm(signature=early, token=early.token, now=petition.closes_at + timedelta(hours=1))
    late.petition.refresh_from_db()
    with pytest.raises(ApplicationError, match="closed"):
        signature_confirm(signature=late, token=late.token, now=petition.closes_at + grace + timedelta(seconds=1))


def test_invalidate_takes_a_signature_out_of_the_counts(petition):
    counted = sign(petition, postcode="IG11 7QJ")
    sign(petition)
    assert signature_invalidate(signature=counted)
    assert not signature_invalidate(signature=counted)
    assert petition_counts(petition=petition).total == 1
    assert dict(petition_tally(petition=petition, dimension=Tally.Dimension.DISTRICT)) == {"RM10": 1}
    with pytest.raises(ApplicationError):
        signature_confirm(signature=counted, token=counted.token)


def test_counts_are_spread_over_shards_and_summed(petition, settings):
    settings.DOORSTEP = replace(settings.DOORSTEP, count_shards=4)
    for _ in range(40):
        sign(petition)
    assert Tally.objects.filter(petition=petition, dimension=Tally.Dimension.TOTAL).count() > 1
    assert petition_counts(petition=petition).online == 40


def test_rebuild_repairs_drift(petition):
    for _ in range(5):
        sign(petition)
    sign(petition, confirm=False)
    Tally.objects.filter(petition=petition, dimension=Tally.Dimension.TOTAL).update(count=999)
    drift = counts_rebuild(petition=petition)
    assert petition_counts(petition=petition).online == 5
    assert drift["online"] < 0
    assert petition.events.filter(kind="recounted").exists()
    assert counts_rebuild(petition=petition) == {"online": 0, "paper": 0, "door": 0}


def test_counts_many_in_one_query(django_assert_num_queries):
    petitions = [PetitionFactory() for _ in range(3)]
    for petition in petitions[:2]:
        sign(petition)
    with django_assert_num_queries(1):
        counts = petition_counts_many(petition_ids=[p.pk for p in petitions])
    assert counts[petitions[0].pk].total == 1
    assert petitions[2].pk not in counts


def test_export_rows_and_log(petition, organiser):
    sign(petition, name='=HYPERLINK("#evil")', email="a@example.com")
    lines = list(signature_export_stream(petition=petition, actor=organiser))
    text = "".join(lines)
    assert text.splitlines()[0].startswith("Signature ID,Channel,State,Name")
    assert "'=HYPERLINK" in text
    from doorstep.signatures.models import SignatureExport

    export = SignatureExport.objects.get()
    assert (export.exported_by, export.row_count, export.finished) == (organiser, 1, True)
    assert petition.events.filter(kind="exported").exists()


def test_signed_at_is_recorded(petition):
    before = timezone.now()
    signature = sign(petition)
    assert signature.created_at >= before
    signature.refresh_from_db()
    assert signature.confirmed_at >= signature.created_at
