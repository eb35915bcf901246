import pytest
from django.core.management import CommandError, call_command

from doorstep.core.errors import ApplicationError
from doorstep.places.models import Area
from doorstep.places.selectors import constituency_mps
from doorstep.places.services import mps_import

pytestmark = pytest.mark.django_db


def test_mps_are_recorded_and_read(tmp_path):
    Area.objects.create(kind=Area.Kind.CONSTITUENCY, code="E14001190", name="Dagenham and Rainham")
    path = tmp_path / "mps.csv"
    path.write_text(
        "PCON24CD,PCON24NM,MP\ne14001190,Dagenham and Rainham,Jane Smith MP\nE14001301,Ilford South,Sam Lee MP\n"
    )
    assert mps_import(path=path) == 2
    assert constituency_mps(codes=["E14001190", "E14001301", "E14000001"]) == {
        "E14001190": "Jane Smith MP",
        "E14001301": "Sam Lee MP",
        "E14000001": None,
    }
    assert Area.objects.get(code="E14001190").name == "Dagenham and Rainham"  # the name is kept


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "needs a constituency code column"),
        ("constituency,person\nx,y\n", "needs a constituency code column"),
        ("PCON24CD,MP\nE14001190,\n", "Line 2"),
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
    path.write_text("ons_code,mp\nE14001190,Jane Smith MP\n")
    call_command("import_mps", str(path))
    assert "1 constituencies" in capsys.readouterr().out
    with pytest.raises(CommandError, match="No file"):
        call_command("import_mps", str(tmp_path / "missing.csv"))
