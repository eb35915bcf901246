"""Signatures placed in constituencies, boroughs, wards and regions, and the kept breakdowns."""

from dataclasses import replace
from datetime import timedelta

import pytest
from django.utils import timezone

from doorstep.signatures.models import Signature, Tally
from doorstep.signatures.selectors.counts import petition_areas, petition_counts, petition_days, petition_where_from
from doorstep.signatures.services import placing
from doorstep.signatures.services.confirmation import signature_confirm
from doorstep.signatures.services.counts import counts_rebuild
from doorstep.signatures.services.invalidation import signature_invalidate
from doorstep.signatures.services.paper import signature_create_paper
from doorstep.signatures.services.placing import PLACING_LEASE_KEY, signatures_place
from doorstep.signatures.tasks import place_signatures
from tests.factories import DAGENHAM, ILFORD, PetitionFactory, postcode_directory, sign
from tests.jobs import killed, killed_at_call, lease_expire

pytestmark = pytest.mark.django_db


def breakdown(petition, dimension):
    return {(a.code, a.online, a.paper) for a in petition_areas(petition=petition, dimension=dimension)}


def test_signatures_are_placed_as_they_sign(petition):
    postcode_directory({"RM10 7XX": DAGENHAM, "IG1 2AA": ILFORD})
    sign(petition, postcode="RM10 7XX")
    sign(petition, postcode="rm107xx")
    sign(petition, postcode="IG1 2AA")
    sign(petition, postcode="E6 1AA")  # not in the directory: placed by district only
    sign(petition, postcode="", country="FR")
    areas = petition_areas(petition=petition, dimension=Tally.Dimension.CONSTITUENCY)
    assert [(a.name, a.code, a.total) for a in areas] == [
        ("Dagenham and Rainham", "E14001190", 2),
        ("Ilford South", "E14001301", 1),
    ]
    assert breakdown(petition, Tally.Dimension.LOCAL_AUTHORITY) == {("E09000002", 2, 0), ("E09000026", 1, 0)}
    assert breakdown(petition, Tally.Dimension.REGION) == {("E12000007", 3, 0)}
    assert breakdown(petition, Tally.Dimension.DISTRICT) == {("RM10", 2, 0), ("IG1", 1, 0), ("E6", 1, 0)}
    assert breakdown(petition, Tally.Dimension.COUNTRY) == {("GB", 4, 0), ("FR", 1, 0)}


def test_unconfirmed_and_invalidated_signatures_are_not_in_breakdowns(petition):
    postcode_directory({"RM10 7XX": DAGENHAM})
    sign(petition, postcode="RM10 7XX", confirm=False)
    removed = sign(petition, postcode="RM10 7XX")
    signature_invalidate(signature=removed)
    assert petition_areas(petition=petition, dimension=Tally.Dimension.CONSTITUENCY) == []


def test_signatures_made_before_the_import_are_placed_after_it(petition):
    early = [sign(petition, postcode="RM10 7XX") for _ in range(3)]
    sign(petition, postcode="IG1 2AA", confirm=False)
    assert petition_areas(petition=petition, dimension=Tally.Dimension.CONSTITUENCY) == []
    postcode_directory({"RM10 7XX": DAGENHAM, "IG1 2AA": ILFORD})
    assert signatures_place() == 4
    assert breakdown(petition, Tally.Dimension.CONSTITUENCY) == {("E14001190", 3, 0)}
    early[0].refresh_from_db()
    assert early[0].ward_code == DAGENHAM["ward_code"]
    assert signatures_place() == 0  # nothing moves twice
    assert petition_counts(petition=petition).total == 3


def test_a_new_edition_moves_signatures(petition):
    postcode_directory({"RM10 7XX": DAGENHAM})
    sign(petition, postcode="RM10 7XX")
    postcode_directory({"RM10 7XX": ILFORD})
    assert signatures_place(petition=petition) == 1
    assert breakdown(petition, Tally.Dimension.CONSTITUENCY) == {("E14001301", 1, 0)}


def test_signatures_by_day_and_running_total(petition):
    now = timezone.now()
    for days_ago, count in ((2, 3), (1, 0), (0, 2)):
        for _ in range(count):
            signature = sign(petition, confirm=False)
            signature_confirm(signature=signature, token=signature.token, now=now - timedelta(days=days_ago))
    series = petition_days(petition=petition)
    assert [(day, c.total, t.total) for day, c, t in series] == [
        (timezone.localdate(now - timedelta(days=2)).isoformat(), 3, 3),
        (timezone.localdate(now).isoformat(), 2, 5),
    ]


def test_rebuild_gives_the_same_tallies_as_kept(petition, settings):
    settings.DOORSTEP = replace(settings.DOORSTEP, count_shards=3)
    postcode_directory({"RM10 7XX": DAGENHAM, "IG1 2AA": ILFORD})
    for postcode in ["RM10 7XX"] * 5 + ["IG1 2AA"] * 4:
        sign(petition, postcode=postcode)
    sign(petition, postcode="", country="IE")
    signature_invalidate(signature=Signature.objects.filter(postcode="IG1 2AA").first())

    def snapshot():
        return {
            dimension: sorted(breakdown(petition, dimension))
            for dimension in Tally.Dimension.values
            if dimension != Tally.Dimension.TOTAL
        } | {"total": petition_counts(petition=petition)}

    kept = snapshot()
    assert counts_rebuild(petition=petition) == {"online": 0, "paper": 0, "door": 0}
    assert snapshot() == kept


def test_where_from_with_and_without_a_directory(petition):
    sign(petition, postcode="RM10 7XX")
    where = petition_where_from(petition=petition)
    assert where.label == "postcode districts"
    assert [a.name for a in where.top] == ["RM10"]

    postcode_directory({"RM10 7XX": DAGENHAM, "IG1 2AA": ILFORD})
    signatures_place()
    sign(petition, postcode="IG1 2AA")
    sign(petition, postcode="RM10 7XX")
    petition.home_area_kind = "local_authority"
    petition.home_area_code = "E09000002"
    where = petition_where_from(petition=petition)
    assert where.label == "constituencies"
    assert [a.name for a in where.top] == ["Dagenham and Rainham", "Ilford South"]
    assert (where.home_name, where.home_count, where.home_share) == ("Barking and Dagenham", 2, 67)


def test_an_import_places_earlier_signatures(petition, on_commit):
    from doorstep.places.models import PostcodeEdition
    from doorstep.places.signals import directory_imported

    sign(petition, postcode="RM10 7XX")
    edition = postcode_directory({"RM10 7XX": DAGENHAM})
    with on_commit(execute=True):
        directory_imported.send(sender=PostcodeEdition, edition=edition)
    assert breakdown(petition, Tally.Dimension.CONSTITUENCY) == {("E14001190", 1, 0)}


AREA_DIMENSIONS = [
    Tally.Dimension.CONSTITUENCY,
    Tally.Dimension.LOCAL_AUTHORITY,
    Tally.Dimension.WARD,
    Tally.Dimension.REGION,
]


def test_placing_killed_part_way_resumes_and_the_counts_move_with_the_signatures(petition, monkeypatch):
    postcode_directory({"RM10 7XX": DAGENHAM})
    for _ in range(3):
        sign(petition, postcode="RM10 7XX")
    signature_create_paper(petition=petition, name="On Paper", postcode="RM10 7XX")
    sign(petition, postcode="RM10 7XX", confirm=False)
    other = PetitionFactory()
    sign(other, postcode="RM10 7XX")
    # A new edition: RM10 7XX lies in Ilford now, and IG1 2AA is in it for the first time.
    for _ in range(2):
        sign(petition, postcode="IG1 2AA")
    postcode_directory({"RM10 7XX": ILFORD, "IG1 2AA": DAGENHAM})
    # Killed as it looks up the second postcode.
    monkeypatch.setattr(placing, "postcode_area_codes", killed_at_call(placing.postcode_area_codes, 2))
    with killed():
        place_signatures.call()
    monkeypatch.undo()  # the next worker is not killed
    # IG1 2AA (the first, in order) moved with its counts; RM10 7XX is as it was.
    assert breakdown(petition, Tally.Dimension.CONSTITUENCY) == {("E14001190", 5, 1)}

    lease_expire(PLACING_LEASE_KEY)
    place_signatures.call()  # the task taken back from the dead worker
    assert breakdown(petition, Tally.Dimension.CONSTITUENCY) == {("E14001301", 3, 1), ("E14001190", 2, 0)}
    assert breakdown(other, Tally.Dimension.CONSTITUENCY) == {("E14001301", 1, 0)}
    assert not Signature.objects.filter(postcode="RM10 7XX").exclude(constituency_code="E14001301").exists()
    for each in (petition, other):
        kept = {dimension: breakdown(each, dimension) for dimension in AREA_DIMENSIONS}
        counts_rebuild(petition=each)
        assert {dimension: breakdown(each, dimension) for dimension in AREA_DIMENSIONS} == kept
    assert signatures_place() == 0
