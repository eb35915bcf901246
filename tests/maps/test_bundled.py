"""The hex maps shipped inside the package are map layers after `migrate`, with no import."""

import pytest
from django.template.loader import render_to_string

from doorstep.maps.models import MapLayer
from doorstep.maps.render import map_figure
from doorstep.maps.selectors import map_layer_for
from doorstep.maps.services import map_layer_import, map_layers_bundled_load

pytestmark = pytest.mark.django_db


def test_a_fresh_database_has_the_uk_maps():
    layers = {layer.bundled_file: layer for layer in MapLayer.objects.exclude(bundled_file="")}
    assert {file: (layer.kind, layer.area_count) for file, layer in layers.items()} == {
        "uk-constituencies-2023.hexjson": ("constituency", 650),
        "uk-local-authority-districts-2023.hexjson": ("local_authority", 361),
        "london-wards-2022.hexjson": ("ward", 704),
    }
    dagenham = next(a for a in layers["uk-constituencies-2023.hexjson"].shapes["areas"] if a["code"] == "E14001189")
    assert (dagenham["name"], dagenham["region"]) == ("Dagenham and Rainham", "E12000007")
    assert map_layers_bundled_load() == []  # loading again adds nothing


def test_the_map_for_a_kind_is_the_newest(tmp_path):
    assert map_layer_for(kind="ward").bundled_file == "london-wards-2022.hexjson"  # type: ignore[union-attr]
    assert map_layer_for(kind="").kind == "constituency"  # type: ignore[union-attr]
    assert map_layer_for(kind="country").kind == "constituency"  # type: ignore[union-attr]  # no map of countries
    path = tmp_path / "wards.hexjson"
    path.write_text('{"layout": "odd-r", "hexes": {"E05014070": {"q": 0, "r": 0, "n": "Village"}}}')
    imported = map_layer_import(path=path, kind=MapLayer.Kind.WARD, name="Our wards")
    assert map_layer_for(kind="ward") == imported


def test_the_public_map_shows_the_region_around_the_home_area():
    layer = map_layer_for(kind="constituency")
    assert layer is not None
    counts = {"E14001189": 30, "E14001301": 5, "E14001190": 2}  # Dagenham, Ilford South (London), Darlington
    figure = map_figure(layer, counts, title="Signatures", around="E14001189")
    assert figure.region == "London"
    svg = str(figure.svg)
    assert svg.count('class="doorstep-map__area"') == 75  # London's seats, not the UK's 650
    assert "Dagenham and Rainham: 30" in svg and "Darlington" not in svg
    assert [band.label for band in figure.legend][-1] == "25 to 30"


def test_without_a_home_area_it_shows_where_most_signatures_are():
    layer = map_layer_for(kind="constituency")
    assert layer is not None
    figure = map_figure(layer, {"E14001190": 9, "E14001189": 1}, title="Signatures", around="")
    assert figure.region == "North East"
    assert "Darlington: 9" in str(figure.svg)


def test_the_staff_map_is_the_whole_layer():
    layer = map_layer_for(kind="local_authority")
    assert layer is not None
    figure = map_figure(layer, {"E09000002": 3}, title="Signatures")
    assert figure.region == ""
    assert str(figure.svg).count('class="doorstep-map__area"') == 361


def test_the_map_template_has_a_legend_and_a_label_box():
    layer = map_layer_for(kind="constituency")
    assert layer is not None
    figure = map_figure(layer, {"E14001189": 12}, title="Signatures", around="E14001189")
    html = render_to_string("includes/map.html", {"map": figure})
    assert "UK constituencies (2024): London. Darker areas have more signatures" in html
    assert "Signatures in an area" in html
    assert "1 to 3" in html and "10 to 12" in html
    assert "data-map-label" in html
    assert "maps/map.js" in html and "maps/map.css" in html


def test_the_map_has_its_figures_as_a_list_too():
    layer = map_layer_for(kind="constituency")
    assert layer is not None
    counts = {"E14001189": 30, "E14001301": 5, "E14001190": 2}
    figure = map_figure(layer, counts, title="Signatures", around="E14001189")
    assert figure.counted == (("Dagenham and Rainham", 30), ("Ilford South", 5))  # London's only, most first
    html = render_to_string("includes/map.html", {"map": figure})
    assert "The map's figures as a list" in html
    assert '<th scope="row" class="govuk-table__header govuk-!-font-weight-regular">Ilford South</th>' in html
    assert "select an area, or tab to it" in html and "hover" not in html
