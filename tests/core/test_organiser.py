"""Whose petitions these are: the site's organiser from settings, as an email sender and a logo."""

import base64

import pytest

from doorstep.core.organiser import LOGO_MAX_BYTES, organiser_site
from tests.organiser_helpers import logo_png, organiser_set


def test_with_no_organiser_set_the_site_name_stands_in(settings):
    settings.SITE_NAME = "Dagenham Petitions"
    organiser = organiser_site()
    assert (organiser.name, organiser.named) == ("Dagenham Petitions", False)
    assert organiser.sender() == settings.DEFAULT_FROM_EMAIL  # its own display name is kept
    assert organiser.logo_data_uri() == ""


def test_the_organiser_from_settings(settings):
    settings.DEFAULT_FROM_EMAIL = "Doorstep <petitions@doorstep.example>"
    organiser_set(settings, organiser_address=(" Office ", "", "Dagenham RM10 7BN"))
    organiser = organiser_site()
    assert organiser.named and organiser.name == "Jon Cruddas MP"
    assert organiser.address == ("Office", "Dagenham RM10 7BN")
    assert organiser.phone == "020 8984 7854"
    assert organiser.sender() == "Jon Cruddas MP <petitions@doorstep.example>"


def test_the_logo_as_a_data_uri(settings, tmp_path):
    logo = tmp_path / "logo.png"
    logo.write_bytes(logo_png())
    organiser_set(settings, organiser_logo=str(logo))
    uri = organiser_site().logo_data_uri()
    assert uri.startswith("data:image/png;base64,")
    assert base64.b64decode(uri.split(",", 1)[1]) == logo.read_bytes()


@pytest.mark.parametrize("name, size", [("logo.svg", 100), ("logo.png", LOGO_MAX_BYTES + 1), ("missing.png", None)])
def test_a_logo_that_cannot_be_used_is_left_out(settings, tmp_path, name, size):
    logo = tmp_path / name
    if size is not None:
        logo.write_bytes(b"x" * size)
    organiser_set(settings, organiser_logo=str(logo))
    assert organiser_site().logo_bytes() is None
    assert organiser_site().logo_data_uri() == ""
