"""Reading map files. Everything is checked and normalised before anything is
stored, so a bad file is refused whole with a clear message."""

import json
import re
from pathlib import Path
from typing import Any

from django.db import transaction

from doorstep.core.errors import ApplicationError

from .models import MapLayer

GSS_CODE = re.compile(r"^[EWSNKLM]\d{8}$")
HEX_LAYOUTS = ("odd-r", "even-r", "odd-q", "even-q")
# Enough precision for a map a screen wide; keeps large boundary files small.
COORDINATE_DECIMALS = 4


def _hexjson_areas(document: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    layout = document.get("layout")
    if layout not in HEX_LAYOUTS:
        raise ApplicationError(f"A HexJSON file needs a layout of {', '.join(HEX_LAYOUTS)}; this one has {layout!r}")
    hexes = document.get("hexes")
    if not isinstance(hexes, dict) or not hexes:
        raise ApplicationError("A HexJSON file needs a 'hexes' object with at least one hex")
    areas = []
    for code, hexagon in hexes.items():
        if (
            not isinstance(hexagon, dict)
            or not isinstance(hexagon.get("q"), int)
            or not isinstance(hexagon.get("r"), int)
        ):
            raise ApplicationError(f"Hex {code!r} needs whole-number q and r")
        areas.append({"code": str(code), "name": str(hexagon.get("n") or code), "q": hexagon["q"], "r": hexagon["r"]})
    return layout, areas


def _ring(points: Any, code: str) -> list[list[float]]:
    if not isinstance(points, list) or len(points) < 3:
        raise ApplicationError(f"Area {code!r} has a boundary ring with fewer than 3 points")
    ring = []
    for point in points:
        if not (isinstance(point, list) and len(point) >= 2 and all(isinstance(v, int | float) for v in point[:2])):
            raise ApplicationError(f"Area {code!r} has a point that is not [longitude, latitude]")
        lon, lat = float(point[0]), float(point[1])
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise ApplicationError(
                f"Area {code!r} has a point outside longitude and latitude ({lon}, {lat}): "
                "boundaries must be in WGS84 (EPSG:4326)"
            )
        ring.append([round(lon, COORDINATE_DECIMALS), round(lat, COORDINATE_DECIMALS)])
    return ring


def _feature_code(properties: dict[str, Any], code_property: str | None) -> tuple[str, str]:
    if code_property:
        code = properties.get(code_property)
    else:
        code = next((v for k, v in properties.items() if isinstance(v, str) and GSS_CODE.match(v)), None)
    if not code:
        raise ApplicationError(
            "A boundary has no ONS code"
            + (f" in property {code_property!r}" if code_property else ": name the property with --code-property")
        )
    name = next((str(v) for k, v in properties.items() if k.upper().endswith("NM") and v), str(code))
    return str(code), name


def _geojson_areas(document: dict[str, Any], code_property: str | None) -> list[dict[str, Any]]:
    features = document.get("features")
    if document.get("type") != "FeatureCollection" or not isinstance(features, list) or not features:
        raise ApplicationError("A GeoJSON file must be a FeatureCollection with at least one feature")
    areas = []
    for feature in features:
        code, name = _feature_code(feature.get("properties") or {}, code_property)
        geometry = feature.get("geometry") or {}
        polygons: Any
        if geometry.get("type") == "Polygon":
            polygons = [geometry.get("coordinates")]
        elif geometry.get("type") == "MultiPolygon":
            polygons = geometry.get("coordinates")
        else:
            raise ApplicationError(f"Area {code!r} is a {geometry.get('type')!r}; only Polygon and MultiPolygon draw")
        if not isinstance(polygons, list) or not polygons:
            raise ApplicationError(f"Area {code!r} has no coordinates")
        rings = [_ring(ring, code) for polygon in polygons for ring in (polygon or [])]
        areas.append({"code": code, "name": name, "rings": rings})
    return areas


@transaction.atomic
def map_layer_import(*, path: Path, kind: str, name: str = "", code_property: str | None = None) -> MapLayer:
    """Store a HexJSON or GeoJSON file as a map layer of `kind` areas."""
    if kind not in MapLayer.Kind.values:
        raise ApplicationError(f"Unknown kind of area {kind!r}: use one of {', '.join(MapLayer.Kind.values)}")
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except FileNotFoundError as exc:
        raise ApplicationError(f"No file at {path}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ApplicationError(f"{Path(path).name} is not a JSON file: {exc}") from exc
    if not isinstance(document, dict):
        raise ApplicationError("The file is JSON but neither HexJSON nor GeoJSON")
    if "hexes" in document:
        layout, areas = _hexjson_areas(document)
        layer_format, shapes = MapLayer.Format.HEXJSON, {"layout": layout, "areas": areas}
    elif "features" in document:
        layer_format, shapes = MapLayer.Format.GEOJSON, {"areas": _geojson_areas(document, code_property)}
    else:
        raise ApplicationError("The file is JSON but neither HexJSON (no 'hexes') nor GeoJSON (no 'features')")
    return MapLayer.objects.create(
        name=name or Path(path).stem,
        kind=kind,
        format=layer_format,
        shapes=shapes,
        area_count=len(shapes["areas"]),
    )
