"""The UK areas shipped inside the package are there after `migrate`, with no import."""

from datetime import date

import pytest
from django.core.management import call_command

from doorstep.places.bundled import DATA
from doorstep.places.models import Area
from doorstep.places.selectors import area_names, constituencies_current
from doorstep.places.services import uk_areas_load

pytestmark = pytest.mark.django_db


def test_a_fresh_database_names_the_uk_areas():
    kinds = Area.Kind
    assert Area.objects.filter(kind=kinds.CONSTITUENCY).count() == 650
    assert Area.objects.filter(kind=kinds.LOCAL_AUTHORITY).count() == 361
    assert Area.objects.filter(kind=kinds.WARD).count() == 704
    assert area_names(kind=kinds.CONSTITUENCY, codes=["E14001189"]) == {"E14001189": "Dagenham and Rainham"}
    assert area_names(kind=kinds.LOCAL_AUTHORITY, codes=["E09000002", "E09000016"]) == {
        "E09000002": "Barking and Dagenham",
        "E09000016": "Havering",
    }
    assert area_names(kind=kinds.WARD, codes=["E05014070"]) == {"E05014070": "Village"}
    assert area_names(kind=kinds.REGION, codes=["E12000007"]) == {"E12000007": "London"}


def test_the_current_seats_are_the_650_of_2024():
    seats = constituencies_current()
    assert len(seats) == 650
    assert [seat.ons_code for seat in seats] == sorted(seat.ons_code for seat in seats)
    dagenham = next(seat for seat in seats if seat.ons_code == "E14001189")
    assert (dagenham.name, dagenham.mp, dagenham.party) == ("Dagenham and Rainham", "", "")
    assert (dagenham.start_date, dagenham.end_date) == (date(2024, 7, 4), None)


def test_loading_again_keeps_directory_names_and_fills_placeholders():
    Area.objects.filter(code="E09000002").update(name="Barking & Dagenham (from the directory)")
    Area.objects.filter(code="E09000016").update(name="E09000016")  # named by its code only
    Area.objects.create(kind=Area.Kind.CONSTITUENCY, code="E14000530", name="An old seat")
    uk_areas_load()
    names = area_names(kind=Area.Kind.LOCAL_AUTHORITY, codes=["E09000002", "E09000016"])
    assert names == {"E09000002": "Barking & Dagenham (from the directory)", "E09000016": "Havering"}
    assert len(constituencies_current()) == 650  # the old seat has no start date: not current


def test_migrate_loads_them_again_after_a_flush(transactional_db):
    call_command("flush", interactive=False, verbosity=0)
    assert Area.objects.filter(kind=Area.Kind.CONSTITUENCY).count() == 650


def test_the_licence_and_attribution_ship_beside_the_maps():
    assert "Open Innovations" in (DATA / "LICENSE").read_text()
    assert "Open Innovations" in (DATA / "ATTRIBUTION.md").read_text()
