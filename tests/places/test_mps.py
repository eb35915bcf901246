from dataclasses import replace
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from doorstep.core.errors import ApplicationError
from doorstep.places.models import Area
from doorstep.places.selectors import Constituency, constituencies_get
from doorstep.places.services import mps_import

pytestmark = pytest.mark.django_db


def test_mps_and_parties_are_recorded_and_read(tmp_path):
    path = tmp_path / "mps.csv"
    path.write_text(
        "PCON24CD,PCON24NM,MP,Party\n"
        "e14001189,Dagenham and Rainham,Jane Smith MP,Labour\n"
        "E14001301,Ilford South,Sam Lee MP,\n"
        "E14999999,Made Up,Pat Doe MP,Independent\n"
    )
    assert mps_import(path=path) == 3
    found = constituencies_get(codes=["E14001189", "E14001301", "E14999999", "E14000001"])
    assert found["E14001189"] == Constituency(
        ons_code="E14001189",
        name="Dagenham and Rainham",  # the name is kept
        mp="Jane Smith MP",
        party="Labour",
        start_date=date(2024, 7, 4),
        end_date=None,
    )
    assert (found["E14001301"].mp, found["E14001301"].party) == ("Sam Lee MP", "")
    assert found["E14999999"].name == "E14999999"  # an unknown seat is recorded, named by its code
    assert "E14000001" not in found


def test_a_file_without_a_party_column_clears_the_party(tmp_path):
    Area.objects.filter(code="E14001189").update(mp="Old MP", party="Old Party")
    path = tmp_path / "mps.csv"
    path.write_text("ons_code,mp\nE14001189,Jane Smith MP\n")
    mps_import(path=path)
    assert constituencies_get(codes=["E14001189"])["E14001189"].party == ""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "needs a constituency code column"),
        ("constituency,person\nx,y\n", "needs a constituency code column"),
        ("PCON24CD,MP\nE14001189,\n", "Line 2"),
    ],
)
def test_bad_mps_files_change_nothing(tmp_path, text, message):
    path = tmp_path / "mps.csv"
    path.write_text(text)
    with pytest.raises(ApplicationError, match=message):
        mps_import(path=path)
    assert not Area.objects.exclude(mp="").exists()


def test_import_mps_command(tmp_path, capsys):
    path = tmp_path / "mps.csv"
    path.write_text("ons_code,mp\nE14001189,Jane Smith MP\n")
    call_command("import_mps", str(path))
    assert "1 constituencies" in capsys.readouterr().out
    with pytest.raises(CommandError, match="No file"):
        call_command("import_mps", str(tmp_path / "missing.csv"))


def test_an_mps_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, settings):
    settings.DOORSTEP = replace(settings.DOORSTEP, import_names_max_mb=1)
    path = tmp_path / "mps.csv"
    path.write_text("ons_code,mp\n" + "E14001189,Jane Smith MP\n" * 60_000)  # 1.4 MB
    with pytest.raises(ApplicationError, match=r"mps.csv is 1.4 MB, larger than the 1 MB Doorstep reads"):
        mps_import(path=path)
    assert not Area.objects.exclude(mp="").exists()
