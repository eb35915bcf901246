import dataclasses

import pytest


@pytest.fixture(autouse=True)
def scheme_on(settings):
    """The petition scheme switched on, with its default rules, in every test here."""
    settings.DOORSTEP = dataclasses.replace(settings.DOORSTEP, petition_scheme=True)
    return settings
