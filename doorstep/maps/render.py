"""Map layers drawn as SVG, each area shaded by its count of signatures."""

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from doorstep.places.bundled import COUNTRIES, REGIONS

from .models import MapLayer

SIZE = 640
# Light to dark green; the first is for areas with no signatures.
SHADES = ("#f3f2f1", "#cce2d8", "#85b9a0", "#3d8f68", "#00703c", "#004e2a")

Area = dict[str, Any]  # one of a layer's shapes["areas"]: code, name and its geometry


@dataclass(frozen=True)
class LegendBand:
    colour: str
    label: str


def _bands(counts: Mapping[str, int]) -> list[tuple[int, int]]:
    """Five bands of counts between 1 and the highest, by equal steps."""
    top = max(counts.values(), default=0)
    if top <= 0:
        return []
    step = max(1, math.ceil(top / 5))
    return [(1 + step * i, step * (i + 1)) for i in range(5) if 1 + step * i <= top]


def _shade(count: int, bands: list[tuple[int, int]]) -> str:
    if count <= 0:
        return SHADES[0]
    for index, (_low, high) in enumerate(bands, start=1):
        if count <= high:
            return SHADES[index]
    return SHADES[-1]


def legend(counts: Mapping[str, int]) -> list[LegendBand]:
    bands = _bands(counts)
    return [LegendBand(SHADES[0], _("None"))] + [
        LegendBand(
            SHADES[i],
            f"{low:,}" if low == high else _("%(low)s to %(high)s") % {"low": f"{low:,}", "high": f"{high:,}"},
        )
        for i, (low, high) in enumerate(bands, start=1)
    ]


def _hex_centres(layout: str, areas: list[Area]) -> tuple[list[tuple[float, float]], bool]:
    """Centres of unit hexagons; pointy-topped for row layouts, flat-topped for column ones.
    HexJSON rows count upwards, so y is flipped."""
    pointy = layout.endswith("-r")
    odd = layout.startswith("odd")
    centres = []
    for area in areas:
        q, r = area["q"], area["r"]
        if pointy:
            shift = 0.5 if (r % 2 == 1) == odd else 0.0
            centres.append((math.sqrt(3) * (q + shift), -1.5 * r))
        else:
            shift = 0.5 if (q % 2 == 1) == odd else 0.0
            centres.append((1.5 * q, -math.sqrt(3) * (r + shift)))
    return centres, pointy


@dataclass(frozen=True)
class Frame:
    """Where the shapes' coordinates land in the SVG: x' = (x - x0) * scale."""

    scale: float
    x0: float
    y0: float
    width: float
    height: float


def _fit(points: list[tuple[float, float]], margin: float) -> Frame:
    """Fit the points in SIZE across their longer side, keeping their shape."""
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    width = (max(xs) - min(xs)) + 2 * margin
    height = (max(ys) - min(ys)) + 2 * margin
    scale = SIZE / max(width, height, 1e-9)
    return Frame(scale, min(xs) - margin, min(ys) - margin, width * scale, height * scale)


def _hex_paths(layout: str, areas: list[Area]) -> tuple[Frame, list[tuple[Area, str]]]:
    centres, pointy = _hex_centres(layout, areas)
    frame = _fit(centres, margin=1.0)
    scale, x0, y0 = frame.scale, frame.x0, frame.y0
    start = 30 if pointy else 0
    corners = [(math.cos(math.radians(start + 60 * i)), math.sin(math.radians(start + 60 * i))) for i in range(6)]
    paths = []
    for area, (cx, cy) in zip(areas, centres, strict=True):
        points = " ".join(f"{(cx + dx - x0) * scale:.1f},{(cy + dy - y0) * scale:.1f}" for dx, dy in corners)
        paths.append((area, f"M{points}Z"))
    return frame, paths


def _geo_paths(areas: list[Area]) -> tuple[Frame, list[tuple[Area, str]]]:
    lats = [lat for area in areas for ring in area["rings"] for _lon, lat in ring]
    # Longitude shrinks with latitude; one factor is enough for a town or a country.
    squash = math.cos(math.radians(sum(lats) / len(lats)))
    projected = [[[(lon * squash, -lat) for lon, lat in ring] for ring in area["rings"]] for area in areas]
    frame = _fit([point for rings in projected for ring in rings for point in ring], margin=0.0)
    scale, x0, y0 = frame.scale, frame.x0, frame.y0
    paths = []
    for area, rings in zip(areas, projected, strict=True):
        parts = []
        for ring in rings:
            previous = None
            points = []
            for x, y in ring:
                point = f"{(x - x0) * scale:.1f},{(y - y0) * scale:.1f}"
                if point != previous:  # points closer than a tenth of a pixel add nothing
                    points.append(point)
                    previous = point
            parts.append("M" + " L".join(points) + "Z")
        paths.append((area, "".join(parts)))
    return frame, paths


def _area_label(name: str, count: int) -> str:
    return ngettext("%(name)s: %(count)s signature", "%(name)s: %(count)s signatures", count) % {
        "name": name,
        "count": f"{count:,}",
    }


def _area_paths(paths: list[tuple[Area, str]], counts: Mapping[str, int], bands: list[tuple[int, int]]) -> SafeString:
    """Each area a path titled with its name and count. Areas with signatures take keyboard focus
    and carry their label for screen readers (and for maps/map.js to show); the others stay quiet."""
    counted = format_html_join(
        "",
        '<path d="{}" fill="{}" class="doorstep-map__area" tabindex="0" role="img" aria-label="{}">'
        "<title>{}: {}</title></path>",
        (
            (path, _shade(count, bands), _area_label(area["name"], count), area["name"], f"{count:,}")
            for area, path in paths
            if (count := counts.get(area["code"], 0)) > 0
        ),
    )
    quiet = format_html_join(
        "",
        '<path d="{}" fill="{}" class="doorstep-map__area" aria-hidden="true"><title>{}: 0</title></path>',
        ((path, SHADES[0], area["name"]) for area, path in paths if counts.get(area["code"], 0) <= 0),
    )
    return format_html("{}{}", quiet, counted)


def map_svg(layer: MapLayer, counts: Mapping[str, int], *, title: str, areas: list[Area] | None = None) -> SafeString:
    """The layer (or those of its `areas`) as an SVG, each area shaded by counts[code] and titled
    with its name and count."""
    drawn = layer.shapes["areas"] if areas is None else areas
    bands = _bands({area["code"]: counts.get(area["code"], 0) for area in drawn})
    if layer.format == MapLayer.Format.HEXJSON:
        frame, paths = _hex_paths(layer.shapes["layout"], drawn)
    else:
        frame, paths = _geo_paths(drawn)
    return format_html(
        '<svg class="doorstep-map" viewBox="0 0 {} {}" role="group" aria-label="{}">{}'
        '<path class="doorstep-map__highlight" d="" aria-hidden="true"></path></svg>',
        f"{frame.width:.0f}",
        f"{frame.height:.0f}",
        title,
        _area_paths(paths, counts, bands),
    )


def _areas_around(layer: MapLayer, counts: Mapping[str, int], *, code: str) -> tuple[str, list[Area]]:
    """The region around area `code` (else around the area with the most signatures): its
    name and its areas. A map without regions (GeoJSON, or a HexJSON without them) is drawn whole."""
    areas: list[Area] = layer.shapes["areas"]
    regions = {area.get("region", "") for area in areas if area["code"] == code} - {""}
    if not regions:
        counted = [area for area in areas if area.get("region") and counts.get(area["code"], 0) > 0]
        busiest = max(counted, key=lambda area: counts[area["code"]], default=None)
        regions = {busiest["region"]} if busiest else set()
    if len(regions) != 1:
        return "", areas
    [region] = regions
    return REGIONS.get(region) or COUNTRIES.get(region) or region, [a for a in areas if a.get("region") == region]


@dataclass(frozen=True)
class MapFigure:
    """What the map template (includes/map.html) draws: the layer, its SVG, its legend and, when
    only part of the layer is drawn, the region shown."""

    layer: MapLayer
    svg: SafeString
    legend: list[LegendBand]
    region: str = ""
    # The map's text alternative: each area drawn that has signatures, most first.
    counted: tuple[tuple[str, int], ...] = ()


def map_figure(layer: MapLayer, counts: Mapping[str, int], *, title: str, around: str | None = None) -> MapFigure:
    """The whole layer; or, given `around` (an area's ONS code, or "" for wherever most signatures
    are), just the region around it."""
    region, areas = ("", layer.shapes["areas"]) if around is None else _areas_around(layer, counts, code=around)
    drawn = {area["code"]: counts.get(area["code"], 0) for area in areas}
    counted = sorted(
        ((area["name"], drawn[area["code"]]) for area in areas if drawn[area["code"]] > 0),
        key=lambda row: (-row[1], row[0]),
    )
    return MapFigure(
        layer=layer,
        svg=map_svg(layer, counts, title=title, areas=areas),
        legend=legend(drawn),
        region=region,
        counted=tuple(counted),
    )
