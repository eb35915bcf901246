"""Reading map files. Everything is checked and normalised before anything is
stored, so a bad file is refused whole with a clear message."""

import json
import re
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from doorstep.core.bounds import JsonTooDeep, json_parse, size_check
from doorstep.core.errors import ApplicationError
from doorstep.places.bundled import BUNDLED_MAPS, bundled_hexjson

from .models import MapLayer

GSS_CODE = re.compile(r"^[EWSNKLM]\d{8}$")
HEX_LAYOUTS = ("odd-r", "even-r", "odd-q", "even-q")
# Enough precision for a map a screen wide; keeps large boundary files small.
COORDINATE_DECIMALS = 4


def _hexjson_shapes(document: dict[str, Any]) -> dict[str, Any]:
    """{"layout", "areas": [{"code", "name", "q", "r", "region"}]}; region is the hex's, or empty."""
    layout = document.get("layout")
    if layout not in HEX_LAYOUTS:
        raise ApplicationError(
            _("A HexJSON file needs a layout of %(layouts)s; this one has %(layout)r")
            % {"layouts": ", ".join(HEX_LAYOUTS), "layout": layout}
        )
    hexes = document.get("hexes")
    if not isinstance(hexes, dict) or not hexes:
        raise ApplicationError(_("A HexJSON file needs a 'hexes' object with at least one hex"))
    areas = []
    for code, hexagon in hexes.items():
        if (
            not isinstance(hexagon, dict)
            or not isinstance(hexagon.get("q"), int)
            or not isinstance(hexagon.get("r"), int)
        ):
            raise ApplicationError(_("Hex %(code)r needs whole-number q and r") % {"code": code})
        region = hexagon.get("region")
        areas.append(
            {
                "code": str(code),
                "name": str(hexagon.get("n") or code),
                "q": hexagon["q"],
                "r": hexagon["r"],
                "region": region if isinstance(region, str) else "",
            }
        )
    return {"layout": layout, "areas": areas}


def _ring(points: Any, code: str) -> list[list[float]]:
    if not isinstance(points, list) or len(points) < 3:
        raise ApplicationError(_("Area %(code)r has a boundary ring with fewer than 3 points") % {"code": code})
    ring = []
    for point in points:
        if not (isinstance(point, list) and len(point) >= 2 and all(isinstance(v, int | float) for v in point[:2])):
            raise ApplicationError(_("Area %(code)r has a point that is not [longitude, latitude]") % {"code": code})
        lon, lat = float(point[0]), float(point[1])
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise ApplicationError(
                _(
                    "Area %(code)r has a point outside longitude and latitude (%(lon)s, %(lat)s): "
                    "boundaries must be in WGS84 (EPSG:4326)"
                )
                % {"code": code, "lon": lon, "lat": lat}
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
            _("A boundary has no ONS code in property %(property)r") % {"property": code_property}
            if code_property
            else _("A boundary has no ONS code: name the property with --code-property")
        )
    name = next((str(v) for k, v in properties.items() if k.upper().endswith("NM") and v), str(code))
    return str(code), name


def _feature_parts(feature: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """A feature's properties and geometry, each an object (or empty)."""
    if isinstance(feature, dict):
        properties, geometry = feature.get("properties") or {}, feature.get("geometry") or {}
        if isinstance(properties, dict) and isinstance(geometry, dict):
            return properties, geometry
    raise ApplicationError(_("A feature and its properties and geometry must be JSON objects"))


def _geojson_areas(document: dict[str, Any], code_property: str | None) -> list[dict[str, Any]]:
    features = document.get("features")
    if document.get("type") != "FeatureCollection" or not isinstance(features, list) or not features:
        raise ApplicationError(_("A GeoJSON file must be a FeatureCollection with at least one feature"))
    areas = []
    for feature in features:
        properties, geometry = _feature_parts(feature)
        code, name = _feature_code(properties, code_property)
        polygons: Any
        if geometry.get("type") == "Polygon":
            polygons = [geometry.get("coordinates")]
        elif geometry.get("type") == "MultiPolygon":
            polygons = geometry.get("coordinates")
        else:
            raise ApplicationError(
                _("Area %(code)r is a %(type)r; only Polygon and MultiPolygon draw")
                % {"code": code, "type": geometry.get("type")}
            )
        if not isinstance(polygons, list) or not polygons:
            raise ApplicationError(_("Area %(code)r has no coordinates") % {"code": code})
        rings = [_ring(ring, code) for polygon in polygons for ring in (polygon or [])]
        areas.append({"code": code, "name": name, "rings": rings})
    return areas


def _document_read(path: Path) -> dict[str, Any]:
    """The file's JSON, refused before it is read when it is larger than DOORSTEP_MAP_MAX_MB."""
    path = Path(path)
    try:
        size = path.stat().st_size
        size_check(name=path.name, size=size, max_mb=settings.DOORSTEP.map_max_mb, setting="DOORSTEP_MAP_MAX_MB")
        document = json_parse(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError as exc:
        raise ApplicationError(_("No file at %(path)s") % {"path": path}) from exc
    except JsonTooDeep as exc:
        raise ApplicationError(
            _("%(name)s is neither HexJSON nor GeoJSON: %(error)s") % {"name": path.name, "error": exc}
        ) from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ApplicationError(_("%(name)s is not a JSON file: %(error)s") % {"name": path.name, "error": exc}) from exc
    if not isinstance(document, dict):
        raise ApplicationError(_("The file is JSON but neither HexJSON nor GeoJSON"))
    return document


def _areas_check(count: int) -> None:
    limit = settings.DOORSTEP.map_max_areas
    if count > limit:
        raise ApplicationError(
            _("The map has %(count)s areas, more than the %(max)s a map may have (DOORSTEP_MAP_MAX_AREAS)")
            % {"count": f"{count:,}", "max": f"{limit:,}"}
        )


def _points_check(areas: list[dict[str, Any]]) -> None:
    points, limit = sum(len(ring) for area in areas for ring in area["rings"]), settings.DOORSTEP.map_max_points
    if points > limit:
        raise ApplicationError(
            _(
                "The boundaries have %(count)s points, more than the %(max)s a map may have "
                "(DOORSTEP_MAP_MAX_POINTS): simplify them first"
            )
            % {"count": f"{points:,}", "max": f"{limit:,}"}
        )


@transaction.atomic
def map_layer_import(*, path: Path, kind: MapLayer.Kind, name: str = "", code_property: str | None = None) -> MapLayer:
    """Store a HexJSON or GeoJSON file as a map layer of `kind` areas, within the limits on its
    size, its areas and its points (every page with the map draws them all)."""
    if kind not in MapLayer.Kind.values:
        raise ApplicationError(
            _("Unknown kind of area %(kind)r: use one of %(kinds)s")
            % {"kind": kind, "kinds": ", ".join(MapLayer.Kind.values)}
        )
    document = _document_read(path)
    if "hexes" in document:
        _areas_check(len(document["hexes"]) if isinstance(document["hexes"], dict) else 0)
        layer_format, shapes = MapLayer.Format.HEXJSON, _hexjson_shapes(document)
    elif "features" in document:
        _areas_check(len(document["features"]) if isinstance(document["features"], list) else 0)
        layer_format, shapes = MapLayer.Format.GEOJSON, {"areas": _geojson_areas(document, code_property)}
        _points_check(shapes["areas"])
    else:
        raise ApplicationError(_("The file is JSON but neither HexJSON (no 'hexes') nor GeoJSON (no 'features')"))
    return MapLayer.objects.create(
        name=name or Path(path).stem,
        kind=MapLayer.Kind(kind),
        format=layer_format,
        shapes=shapes,
        area_count=len(shapes["areas"]),
    )


def map_layers_bundled_load(*, using: str = "default") -> list[MapLayer]:
    """Add each hex map Doorstep ships with (places.bundled) that is not a layer yet. Safe to run again."""
    added = []
    manager = MapLayer.objects.db_manager(using)
    for bundled in BUNDLED_MAPS:
        if manager.filter(bundled_file=bundled.file).exists():
            continue
        shapes = _hexjson_shapes(bundled_hexjson(bundled.file))
        layer = manager.create(
            name=str(bundled.name),
            kind=MapLayer.Kind(bundled.kind),
            format=MapLayer.Format.HEXJSON,
            shapes=shapes,
            area_count=len(shapes["areas"]),
            bundled_file=bundled.file,
        )
        added.append(layer)
    return added
