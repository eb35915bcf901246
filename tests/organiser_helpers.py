"""An organiser set in settings, and a small logo, for the tests of whose petitions these are."""

import dataclasses
import io

from PIL import Image

JON = {
    "organiser_name": "Jon Cruddas MP",
    "organiser_address": ("Office of Jon Cruddas MP", "Dagenham Civic Centre", "Dagenham RM10 7BN"),
    "organiser_phone": "020 8984 7854",
    "organiser_email": "office@cruddas.example",
}


def organiser_set(settings, **values) -> None:
    """Set the site's organiser (DOORSTEP_ORGANISER_*) for one test: Jon Cruddas MP unless told otherwise."""
    settings.DOORSTEP = dataclasses.replace(settings.DOORSTEP, **{**JON, **values})


def logo_png(colour: str = "green") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (120, 40), colour).save(out, "PNG")
    return out.getvalue()
