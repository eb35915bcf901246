import json
import re
from dataclasses import replace

import pytest
from django.core.management import CommandError, call_command

from doorstep.core.errors import ApplicationError
from doorstep.maps.models import MapLayer
from doorstep.maps.render import legend, map_svg
from doorstep.maps.services import map_layer_import

pytestmark = pytest.mark.django_db

HEXJSON = {
    "layout": "odd-r",
    "hexes": {
        "E14001190": {"q": 0, "r": 0, "n": "Dagenham and Rainham"},
        "E14001301": {"q": 1, "r": 0, "n": "Ilford South"},
        "E14000000": {"q": 0, "r": 1, "n": "Elsewhere <b>"},
    },
}


def square(lon, lat, size=0.01):
    return [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]


GEOJSON = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"WD24CD": "E05014060", "WD24NM": "Village"},
            "geometry": {"type": "Polygon", "coordinates": [square(0.15, 51.54)]},
        },
        {
            "type": "Feature",
            "properties": {"WD24CD": "E05014061", "WD24NM": "Eastbrook"},
            "geometry": {"type": "MultiPolygon", "coordinates": [[square(0.16, 51.54)], [square(0.18, 51.55)]]},
        },
    ],
}


def write(tmp_path, document, name="map.json"):
    path = tmp_path / name
    path.write_text(document if isinstance(document, str) else json.dumps(document))
    return path


def areas(svg: str) -> dict[str, str]:
    """Each area's title -> its fill."""
    return {
        title: fill for fill, title in re.findall(r'<path d="[^"]*" fill="([^"]+)"[^>]*><title>([^<]+)</title>', svg)
    }


def test_hexjson_layer_draws_shaded_hexagons(tmp_path):
    layer = map_layer_import(path=write(tmp_path, HEXJSON), kind="constituency", name="Constituencies")
    assert (layer.format, layer.area_count) == (MapLayer.Format.HEXJSON, 3)
    svg = str(map_svg(layer, {"E14001190": 100, "E14001301": 10}, title="Signatures"))
    assert svg.count('class="doorstep-map__area"') == 3
    assert areas(svg) == {
        "Dagenham and Rainham: 100": "#004e2a",  # the most signatures, the darkest
        "Ilford South: 10": "#cce2d8",
        "Elsewhere &lt;b&gt;: 0": "#f3f2f1",  # none; and names are escaped
    }


def test_areas_with_signatures_take_focus_and_are_labelled(tmp_path):
    layer = map_layer_import(path=write(tmp_path, HEXJSON), kind="constituency", name="Constituencies")
    svg = str(map_svg(layer, {"E14001190": 1, "E14001301": 1234}, title="Signatures"))
    assert svg.count('tabindex="0"') == 2
    assert 'aria-label="Dagenham and Rainham: 1 signature"' in svg
    assert 'aria-label="Ilford South: 1,234 signatures"' in svg
    assert 'aria-hidden="true"><title>Elsewhere &lt;b&gt;: 0</title>' in svg  # nothing to say: no focus stop
    assert 'role="group" aria-label="Signatures"' in svg


def test_geojson_layer_draws_boundaries(tmp_path):
    layer = map_layer_import(path=write(tmp_path, GEOJSON), kind="ward")
    assert (layer.format, layer.area_count, layer.name) == (MapLayer.Format.GEOJSON, 2, "map")
    svg = str(map_svg(layer, {"E05014061": 3}, title="Wards"))
    assert svg.count('class="doorstep-map__area"') == 2
    assert "<title>Eastbrook: 3</title>" in svg
    assert svg.count("M") >= 3  # the multipolygon keeps both parts


def test_legend_bands():
    assert [band.label for band in legend({"a": 50})] == [
        "None",
        "1 to 10",
        "11 to 20",
        "21 to 30",
        "31 to 40",
        "41 to 50",
    ]
    assert [band.label for band in legend({})] == ["None"]


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ("not json", "not a JSON file"),
        ("[" * 100_000 + "]" * 100_000, "nests more than 32 levels deep"),  # past the parser's recursion limit
        (
            # Under the parser's limit, yet deep enough to break what walks it later.
            {"layout": "odd-r", "hexes": {"a": {"q": 0, "r": 0, "n": json.loads("[" * 900 + "]" * 900)}}},
            "nests more than 32",
        ),
        ({"type": "FeatureCollection", "features": [[1]]}, "must be JSON objects"),
        ({"type": "FeatureCollection", "features": [{"properties": ["E05014060"], "geometry": None}]}, "JSON objects"),
        ([1, 2], "neither HexJSON nor GeoJSON"),
        ({"other": 1}, "neither HexJSON"),
        ({"layout": "sideways", "hexes": {"a": {"q": 0, "r": 0}}}, "layout"),
        ({"layout": "odd-r", "hexes": {}}, "at least one hex"),
        ({"layout": "odd-r", "hexes": {"a": {"q": "x", "r": 0}}}, "whole-number q and r"),
        ({"type": "FeatureCollection", "features": []}, "at least one feature"),
        (
            {"type": "FeatureCollection", "features": [{"properties": {"name": "x"}, "geometry": None}]},
            "no ONS code",
        ),
        (
            {
                "type": "FeatureCollection",
                "features": [{"properties": {"CD": "E05014060"}, "geometry": {"type": "Point", "coordinates": [0, 0]}}],
            },
            "only Polygon and MultiPolygon",
        ),
        (
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "properties": {"CD": "E05014060"},
                        "geometry": {"type": "Polygon", "coordinates": [[[530000, 180000], [1, 1], [2, 2]]]},
                    }
                ],
            },
            "WGS84",
        ),
    ],
)
def test_bad_files_are_refused_whole(tmp_path, document, message):
    before = MapLayer.objects.count()
    with pytest.raises(ApplicationError, match=message):
        map_layer_import(path=write(tmp_path, document), kind="ward")
    assert MapLayer.objects.count() == before


@pytest.mark.parametrize(
    ("limit", "document", "message"),
    [
        (
            "map_max_mb",
            {**HEXJSON, "padding": "x" * 2 * 1024 * 1024},
            "map.json is 2.0 MB, larger than the 1 MB Doorstep reads (DOORSTEP_MAP_MAX_MB)",
        ),
        ("map_max_areas", HEXJSON, "The map has 3 areas, more than the 1 a map may have (DOORSTEP_MAP_MAX_AREAS)"),
        ("map_max_areas", GEOJSON, "The map has 2 areas, more than the 1 a map may have"),
        ("map_max_points", GEOJSON, "The boundaries have 15 points, more than the 1 a map may have"),
    ],
)
def test_maps_over_a_limit_are_refused_whole(tmp_path, settings, limit, document, message):
    settings.DOORSTEP = replace(settings.DOORSTEP, **{limit: 1})
    before = MapLayer.objects.count()
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("import_map", str(write(tmp_path, document)), "--kind", "ward")
    assert MapLayer.objects.count() == before


def test_unknown_kind_and_missing_file(tmp_path):
    with pytest.raises(ApplicationError, match="Unknown kind"):
        map_layer_import(path=write(tmp_path, HEXJSON), kind="parish")
    with pytest.raises(ApplicationError, match="No file"):
        map_layer_import(path=tmp_path / "missing.json", kind="ward")


def test_import_map_command(tmp_path, capsys):
    call_command("import_map", str(write(tmp_path, GEOJSON)), "--kind", "ward", "--name", "Local wards")
    assert "Added map" in capsys.readouterr().out
    with pytest.raises(CommandError, match="not a JSON file"):
        call_command("import_map", str(write(tmp_path, "{", "bad.json")), "--kind", "ward")
