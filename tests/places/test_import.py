import io
import os
import zipfile
from dataclasses import replace

import pytest
from django.core.management import CommandError, call_command

from doorstep.places import services
from doorstep.places.models import Area, Postcode, PostcodeEdition
from doorstep.places.onspd import PostcodeFileError, columns_find, name_file_kind
from doorstep.places.selectors import Place, area_names, postcode_directory_loaded, postcode_place
from doorstep.places.services import on_directory_imported, postcodes_import
from doorstep.places.signals import directory_imported

from .onspd_files import CARDIFF, DAGENHAM, HEADERS, ONSPD_NEW, WESTMINSTER, csv_text, csv_write, zip_write

pytestmark = pytest.mark.django_db

Status = PostcodeEdition.Status


def import_file(path) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_postcodes", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def many_places(count: int, broken: int = 0) -> list[tuple[str, ...]]:
    """count rows with distinct valid postcodes, the last `broken` of them unreadable."""
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    places = [(f"RM{1 + n // 400} 1{letters[n // 20 % 20]}{letters[n % 20]}", *DAGENHAM[1:]) for n in range(count)]
    for n in range(count - broken, count):
        places[n] = ("NOT A POSTCODE", *DAGENHAM[1:])
    return places


@pytest.fixture
def no_areas():
    """No areas named yet (not even the bundled ones), to see what an import names."""
    Area.objects.all().delete()


@pytest.fixture
def active(tmp_path):
    """A directory already in use, which bad files must leave alone."""
    import_file(csv_write(tmp_path / "first.csv", csv_text("old", [DAGENHAM, WESTMINSTER])))
    return PostcodeEdition.objects.get(status=Status.ACTIVE)


@pytest.fixture
def notified(monkeypatch):
    calls: list[tuple[str, PostcodeEdition]] = []
    monkeypatch.setattr(services, "_on_directory_imported", [])
    on_directory_imported(lambda *, edition: calls.append(("callback", edition)))

    def receiver(sender, *, edition, **kwargs):
        calls.append(("signal", edition))

    directory_imported.connect(receiver)
    yield calls
    directory_imported.disconnect(receiver)


@pytest.mark.parametrize("kind", ["old", "new", "nspl"])
def test_csv_of_each_generation_imports(tmp_path, kind, notified, no_areas):
    assert not postcode_directory_loaded()
    assert postcode_place(postcode="RM10 7XX") is None

    out, err = import_file(csv_write(tmp_path / "onspd.csv", csv_text(kind)))

    assert "Imported 5 postcodes" in out
    assert "100%" in err
    assert postcode_directory_loaded()
    assert postcode_place(postcode="RM10 7XX") == Place(
        postcode="RM10 7XX",
        constituency_code="E14001193",
        local_authority_code="E09000002",
        ward_code="E05014061",
        region_code="E12000007",
        country_code="E92000001",
        latitude=51.543,
        longitude=0.160,
    )
    assert postcode_place(postcode="CF10 1EP").local_authority_code == "W06000015"  # type: ignore[union-attr]
    assert postcode_place(postcode="XX1 1XX") is None
    # No names in a bare CSV: each code names itself.
    assert area_names(kind=Area.Kind.LOCAL_AUTHORITY, codes=["E09000002"]) == {"E09000002": "E09000002"}
    edition = PostcodeEdition.objects.get()
    assert notified == [("callback", edition), ("signal", edition)]


def test_terminated_postcodes_are_kept_and_resolve(tmp_path):
    import_file(csv_write(tmp_path / "onspd.csv", csv_text("new")))
    assert Postcode.objects.get(postcode="EH1 1YZ").terminated
    assert not Postcode.objects.get(postcode="RM10 7XX").terminated
    assert postcode_place(postcode="EH1 1YZ").constituency_code == "S14000027"  # type: ignore[union-attr]


def test_no_grid_reference_has_no_coordinates(tmp_path):
    import_file(csv_write(tmp_path / "onspd.csv", csv_text("old")))
    place = postcode_place(postcode="GY1 1AA")
    assert place is not None
    assert (place.latitude, place.longitude) == (None, None)
    assert place.country_code == "L93000001"


def test_pcd_is_normalised_when_there_is_no_pcds(tmp_path):
    header = [column for column in ONSPD_NEW if column != "pcds"]
    import_file(csv_write(tmp_path / "onspd.csv", csv_text("new", header=header)))
    assert postcode_place(postcode="RM10 7XX") is not None
    assert postcode_place(postcode="EH1 1YZ") is not None


def test_headers_match_in_any_case(tmp_path):
    header = [column.upper() for column in HEADERS["old"]]
    import_file(csv_write(tmp_path / "onspd.csv", csv_text("old", header=header)))
    assert postcode_place(postcode="SW1A 1AA").ward_code == "E05013806"  # type: ignore[union-attr]


@pytest.mark.parametrize(("kind", "prefix"), [("new", "ONSPD_NOV_2025_UK"), ("nspl", "NSPL_NOV_2025_UK")])
def test_ons_zip_imports_with_area_names(tmp_path, kind, prefix, no_areas):
    out, _ = import_file(zip_write(tmp_path / f"{prefix}.zip", csv_text(kind), prefix=prefix))

    assert f"Imported 5 postcodes from {prefix}.zip: Data/{prefix}.csv" in out  # the whole file, not a part
    assert postcode_place(postcode="EH1 1YZ") is not None
    assert area_names(kind=Area.Kind.CONSTITUENCY, codes=["E14001193", "W07000095", "S14000027"]) == {
        "E14001193": "Dagenham and Rainham",
        "W07000095": "Cardiff East",
        "S14000027": "S14000027",  # in the directory but not in the names file
    }
    assert area_names(kind=Area.Kind.LOCAL_AUTHORITY, codes=["W06000015"]) == {"W06000015": "Cardiff"}
    assert area_names(kind=Area.Kind.WARD, codes=["E05014061", "W05001300"]) == {
        "E05014061": "Eastbrook & Rylands",
        "W05001300": "Adamsdown ô",  # from the Windows-encoded lookup
    }
    assert area_names(kind=Area.Kind.REGION, codes=["E12000007"]) == {"E12000007": "London"}
    assert area_names(kind=Area.Kind.COUNTRY, codes=["W92000004", "E92000001"]) == {
        "W92000004": "Wales",
        "E92000001": "England",
    }
    assert area_names(kind=Area.Kind.COUNTRY, codes=["Z99"]) == {"Z99": "Z99"}
    assert area_names(kind=Area.Kind.COUNTRY, codes=[]) == {}


def test_zip_without_names_keeps_codes_as_names(tmp_path, no_areas):
    import_file(zip_write(tmp_path / "onspd.zip", csv_text("new"), names=False))
    assert area_names(kind=Area.Kind.REGION, codes=["E12000007"]) == {"E12000007": "E12000007"}


def test_directory_names_replace_the_bundled_ones(tmp_path):
    assert area_names(kind=Area.Kind.CONSTITUENCY, codes=["E14001193"]) == {"E14001193": "Derby North"}
    import_file(zip_write(tmp_path / "onspd.zip", csv_text("new")))
    # The directory's names file is the newer word (here a made-up one); codes it does not name keep theirs.
    assert area_names(kind=Area.Kind.CONSTITUENCY, codes=["E14001193", "S14000027"]) == {
        "E14001193": "Dagenham and Rainham",
        "S14000027": "Na h-Eileanan an Iar",
    }


def test_reimport_replaces_the_previous_edition(tmp_path, active, notified):
    moved = (DAGENHAM[0], "", "E09000002", "E05099999", *DAGENHAM[4:])
    out, _ = import_file(zip_write(tmp_path / "onspd.zip", csv_text("new", [moved, CARDIFF])))

    assert f"Replaced edition {active.pk}" in out
    active.refresh_from_db()
    assert active.status == Status.REPLACED
    assert not Postcode.objects.filter(edition=active).exists()
    new = PostcodeEdition.objects.get(status=Status.ACTIVE)
    assert new.rows == 2
    assert postcode_place(postcode="RM10 7XX").ward_code == "E05099999"  # type: ignore[union-attr]
    assert postcode_place(postcode="SW1A 1AA") is None  # only in the old edition
    # Names from the zip now; a code named earlier by itself gains its name.
    assert area_names(kind=Area.Kind.REGION, codes=["E12000007"]) == {"E12000007": "London"}
    assert notified == [("callback", new), ("signal", new)]


def test_few_broken_rows_are_skipped_and_reported(tmp_path):
    places = many_places(300, broken=2)
    out, _ = import_file(csv_write(tmp_path / "onspd.csv", csv_text("old", places)))
    assert "Imported 298 postcodes" in out
    assert "2 rows skipped (no readable postcode), first at lines 300, 301." in out
    assert PostcodeEdition.objects.get().skipped == 2


def test_a_short_row_is_a_broken_row(tmp_path):
    text = csv_text("old", many_places(200)) + "RM1 1AA,RM1  1AA\r\n"
    out, _ = import_file(csv_write(tmp_path / "onspd.csv", text))
    assert "1 rows skipped" in out


def zip_without_csv(path):
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("Documents/ONSPD User Guide.pdf", b"%PDF-1.7")
    return path


MB = 1024 * 1024


def zip_of(path, members):
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def bomb(size=2 * MB):
    """Zeros: a few kilobytes in a zip, `size` unpacked (a zip bomb, made small)."""
    return b"0" * size


def names_bomb(path):
    return zip_of(
        path, {"Data/ONSPD.csv": csv_text("new"), "Documents/Ward names and codes UK as at 05_25.csv": bomb()}
    )


def understated(path, member, data, declared):
    """A zip whose `member` says it unpacks to `declared` bytes, while it holds `data`."""
    zip_of(path, {"Data/ONSPD.csv": csv_text("new")} if member != "Data/ONSPD.csv" else {})
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, data)
    raw = bytearray(path.read_bytes())
    size = len(data).to_bytes(4, "little")
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = raw.rfind(signature)
        assert raw[start + offset : start + offset + 4] == size
        raw[start + offset : start + offset + 4] = declared.to_bytes(4, "little")
    path.write_bytes(bytes(raw))
    return path


BAD_FILES = {
    "zip bomb": (lambda p: zip_of(p / "a.zip", {"Data/ONSPD.csv": bomb()}), "it looks like a zip bomb"),
    "zip bomb of names": (
        lambda p: names_bomb(p / "a.zip"),
        "Documents/Ward names and codes UK as at 05_25.csv unpacks",
    ),
    "one endless line": (
        lambda p: csv_write(p / "a.csv", "pcds,pcon\r\n" + "x" * 20_000),
        "Line 2 is longer than 10,000 characters",
    ),
    "one endless line zipped": (
        lambda p: zip_of(p / "a.zip", {"Data/ONSPD.csv": "pcds," + "x" * 20_000}),
        "Line 1 is longer than 10,000 characters",
    ),
    "understated size": (
        lambda p: understated(p / "a.zip", "Data/ONSPD.csv", csv_text("new") + "0" * MB, 2000),
        "The zip file is damaged",
    ),
    "understated size of names": (
        lambda p: understated(p / "a.zip", "Documents/Ward names and codes UK as at 05_25.csv", bomb(), 100),
        "The zip file is damaged",
    ),
    "no postcode column": (
        lambda p: csv_write(p / "a.csv", "lad25cd,wd25cd\r\nE09000002,E05014061\r\n"),
        "not the ONSPD or NSPL: it has no postcode column",
    ),
    "no area column": (lambda p: csv_write(p / "a.csv", "pcds,lat\r\nRM10 7XX,51.5\r\n"), "it has no area column"),
    "too many broken rows": (
        lambda p: csv_write(p / "a.csv", csv_text("old", many_places(200, broken=3))),
        "3 of 200 rows (1.5%) have no readable postcode (lines 199, 200, 201).",
    ),
    "not csv": (lambda p: csv_write(p / "a.csv", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "not a CSV file"),
    "text not csv": (lambda p: csv_write(p / "a.txt", "Dear admin,\nhello.\n"), "not the ONSPD or NSPL"),
    "empty": (lambda p: csv_write(p / "a.csv", ""), "The file is empty."),
    "header only": (lambda p: csv_write(p / "a.csv", csv_text("new", [])), "has no postcodes in it"),
    "zip without csv": (lambda p: zip_without_csv(p / "a.zip"), "The zip holds no CSV file"),
    "missing file": (lambda p: p / "nowhere.zip", "There is no file at"),
}


@pytest.mark.parametrize("bad", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_bad_files_are_refused_and_leave_the_directory_as_it_was(tmp_path, active, notified, bad):
    write, message = bad
    with pytest.raises(CommandError, match="The postcode directory in use is unchanged") as refused:
        import_file(write(tmp_path))

    assert message in str(refused.value)
    active.refresh_from_db()
    assert active.status == Status.ACTIVE
    assert postcode_place(postcode="RM10 7XX") is not None
    assert Postcode.objects.count() == Postcode.objects.filter(edition=active).count() == 2
    assert set(PostcodeEdition.objects.exclude(pk=active.pk).values_list("status", flat=True)) <= {Status.FAILED}
    assert notified == []


@pytest.mark.parametrize(
    ("limit", "write", "message"),
    [
        (
            "import_max_mb",
            lambda p: csv_write(p / "a.csv", csv_text("new") + "," * (2 * MB)),
            "a.csv is 2.0 MB, larger than the 1 MB Doorstep reads (DOORSTEP_IMPORT_MAX_MB)",
        ),
        (
            "import_max_mb",
            lambda p: zip_of(p / "a.zip", {"Data/ONSPD.csv": os.urandom(2 * MB)}),
            "Data/ONSPD.csv is 2.0 MB, larger than the 1 MB Doorstep reads (DOORSTEP_IMPORT_MAX_MB)",
        ),
        (
            "import_names_max_mb",
            lambda p: zip_of(
                p / "a.zip", {"Data/ONSPD.csv": csv_text("new"), "Documents/Ward names.csv": os.urandom(2 * MB)}
            ),
            "Documents/Ward names.csv is 2.0 MB, larger than the 1 MB Doorstep reads (DOORSTEP_IMPORT_NAMES_MAX_MB)",
        ),
    ],
)
def test_files_over_the_size_limits_are_refused_before_they_are_read(tmp_path, active, settings, limit, write, message):
    settings.DOORSTEP = replace(settings.DOORSTEP, **{limit: 1})
    with pytest.raises(CommandError, match="The postcode directory in use is unchanged") as refused:
        import_file(write(tmp_path))
    assert message in str(refused.value)
    assert PostcodeEdition.objects.get(status=Status.ACTIVE) == active


def test_a_tightly_packed_file_under_a_megabyte_is_no_bomb(tmp_path, no_areas):
    """Small files pack tightly too (rows alike): the ratio is only checked from a megabyte."""
    text = csv_text("new", [DAGENHAM] * 2000)
    path = zip_of(tmp_path / "a.zip", {"Data/ONSPD.csv": text})
    assert zipfile.ZipFile(path).getinfo("Data/ONSPD.csv").compress_size * 100 < len(text) < MB
    import_file(path)
    assert postcode_place(postcode="RM10 7XX") is not None


def test_a_failure_part_way_deletes_the_new_rows(tmp_path, active, monkeypatch):
    saved = services._batch_save
    calls = []

    def fail_second_batch(batch):
        calls.append(len(batch))
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return saved(batch)

    monkeypatch.setattr(services, "_batch_save", fail_second_batch)
    path = csv_write(tmp_path / "onspd.csv", csv_text("old", many_places(30)))
    with pytest.raises(RuntimeError):
        postcodes_import(path=path, batch_size=10)

    failed = PostcodeEdition.objects.get(status=Status.FAILED)
    assert "disk full" in failed.error
    assert not Postcode.objects.filter(edition=failed).exists()
    assert PostcodeEdition.objects.get(status=Status.ACTIVE) == active
    assert postcode_place(postcode="SW1A 1AA") is not None


def test_an_interrupted_import_is_cleared_by_the_next(tmp_path, active):
    stale = PostcodeEdition.objects.create(source="killed.csv")
    Postcode.objects.create(edition=stale, postcode="RM10 7XX")
    undeleted = PostcodeEdition.objects.create(source="old.csv", status=Status.REPLACED)
    Postcode.objects.create(edition=undeleted, postcode="RM10 7XX")
    postcodes_import(path=csv_write(tmp_path / "onspd.csv", csv_text("old")))
    stale.refresh_from_db()
    assert stale.status == Status.FAILED
    assert not Postcode.objects.filter(edition__in=[stale, undeleted]).exists()


def test_duplicate_postcodes_keep_the_first_row(tmp_path):
    result = postcodes_import(path=csv_write(tmp_path / "onspd.csv", csv_text("old", [DAGENHAM, DAGENHAM, CARDIFF])))
    assert result.edition.rows == 2


def test_columns_are_found_in_both_generations():
    old = columns_find(HEADERS["old"])
    assert (old.postcode, old.terminated) == (HEADERS["old"].index("pcds"), HEADERS["old"].index("doterm"))
    new = columns_find(ONSPD_NEW)
    assert new.areas == tuple(ONSPD_NEW.index(c) for c in ["pcon24cd", "lad25cd", "wd25cd", "rgn25cd", "ctry25cd"])
    partial = columns_find(["PCD8", "LAD23CD"])
    assert (partial.postcode, partial.areas, partial.latitude) == (0, (None, 1, None, None, None), None)
    with pytest.raises(PostcodeFileError, match=r"no postcode column .* and no area column"):
        columns_find(["oa21", "lsoa21"])


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Documents/Westminster Parliamentary Constituency names and codes UK as at 07_24.csv", "constituency"),
        ("Documents/LA_UA names and codes UK as at 04_25.csv", "local_authority"),
        ("Documents/WARD NAMES AND CODES UK AS AT 05_25.CSV", "ward"),
        ("Documents/Region names and codes EN as at 12_20.csv", "region"),
        ("Documents/Country names and codes UK as at 08_12.csv", "country"),
        ("Documents/NHS England (Region) names and codes EN as at 04_24.csv", None),
        ("Documents/County names and codes UK as at 04_25.csv", None),
        ("Documents/LA_UA names and codes UK as at 04_25.xlsx", None),
        ("Data/multi_csv/ONSPD_NOV_2025_UK_WR.csv", None),
    ],
)
def test_name_files_are_recognised_by_their_names(name, kind):
    assert name_file_kind(name) == kind
