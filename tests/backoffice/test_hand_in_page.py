"""The hand-in page follows the bundle without reloading, and preparing again starts from the
earlier choices and letter, written in words rather than {placeholders}."""

import pytest

from doorstep.campaigns.models import HandIn
from doorstep.campaigns.services.handin import handin_prepare
from tests.factories import sign

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_letter_is_written_with_words_in_square_brackets(staff_client, petition, on_commit):
    page = staff_client.get(f"/staff/petitions/{petition.pk}/hand-in").content.decode()
    assert "[signatures in all]" in page and "[signed on paper]" in page and "{paper_keyed}" not in page
    letter = "Dear Minister,\n[Signatures  in all] residents ask: [what the petition asks for]. [Not a figure]"
    with on_commit(execute=False):
        response = staff_client.post(
            f"/staff/petitions/{petition.pk}/hand-in",
            {"detail": "postcode", "privacy_allows_postcode": "on", "covering_letter": letter},
        )
    assert response.status_code == 302
    hand_in = HandIn.objects.get()
    assert hand_in.covering_letter == "Dear Minister,\n{total} residents ask: {action}. [Not a figure]"
    # Preparing again: the earlier choices and letter, as staff wrote it.
    page = staff_client.get(f"/staff/petitions/{petition.pk}/hand-in").content.decode()
    assert "Prepare again" in page
    assert "[signatures in all] residents ask: [what the petition asks for]. [Not a figure]</textarea>" in page
    assert '<option value="postcode" selected>' in page
    assert 'id="id_privacy_allows_postcode" name="privacy_allows_postcode" type="checkbox" value="on" checked' in page


def test_the_bundle_is_followed_without_a_reload(staff_client, petition, organiser, on_commit):
    sign(petition)
    with on_commit(execute=False):
        handin_prepare(petition=petition, actor=organiser)  # queued, the worker not yet run
    page = staff_client.get(f"/staff/petitions/{petition.pk}/hand-in").content.decode()
    assert 'http-equiv="refresh"' not in page
    assert f'data-poll-url="/staff/petitions/{petition.pk}/hand-in/progress"' in page
    assert "doorstep/poll.js" in page and 'role="status" id="bundle-announce"' in page
    progress = staff_client.get(f"/staff/petitions/{petition.pk}/hand-in/progress")
    assert progress["Cache-Control"] == "no-store"
    data = progress.json()
    assert data["active"] is True and data["announce"] == "Waiting for the worker"
    assert '<p class="govuk-body" id="bundle-state">Waiting for the worker</p>' in data["html"]
    HandIn.objects.update(bundle_state=HandIn.BundleState.READY)
    data = staff_client.get(f"/staff/petitions/{petition.pk}/hand-in/progress").json()
    assert data["active"] is False and data["announce"] == "Ready"
    assert "The bundle (PDF)" in data["html"]
    page = staff_client.get(f"/staff/petitions/{petition.pk}/hand-in").content.decode()
    assert "data-poll-url" not in page


def test_no_progress_before_a_hand_in_is_prepared(staff_client, petition):
    assert staff_client.get(f"/staff/petitions/{petition.pk}/hand-in/progress").status_code == 404
