"""Whose petitions these are: the organiser (an MP's office, a councillor, a campaign) named
in the site header, as the sender of emails, at the foot of letters and on sheets and posters.

The site's organiser comes from settings.DOORSTEP (`DOORSTEP_ORGANISER_*`); a petition may
name its own (doorstep.petitions.organisers), field by field.
"""

import base64
import logging
from dataclasses import dataclass
from email.utils import formataddr, parseaddr
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

# The largest logo read (bytes): it is drawn small, and put whole into every PDF it is on.
LOGO_MAX_BYTES = 1024 * 1024
LOGO_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


def logo_size_check(file: File) -> None:
    if file.size is not None and file.size > LOGO_MAX_BYTES:
        raise ValidationError(_("Choose a logo of 1 MB or less"))


# An uploaded logo: a PNG or JPEG (never SVG, which can carry script) of at most 1 MB.
LOGO_VALIDATORS = [
    FileExtensionValidator(["png", "jpg", "jpeg"], message=_("Choose a PNG or JPEG logo")),
    logo_size_check,
]


@dataclass(frozen=True)
class Organiser:
    name: str
    # True when a name was set (DOORSTEP_ORGANISER_NAME or the petition's own), not the site's name.
    named: bool = False
    address: tuple[str, ...] = ()
    phone: str = ""
    email: str = ""
    # The logo's file on this machine ("" if none).
    logo: str = ""
    # The petition that names its own logo, for the address it is served at (None: the site's logo).
    logo_petition_id: int | None = None

    def sender(self) -> str:
        """The From of an email: DEFAULT_FROM_EMAIL's address under the organiser's name, if one is set."""
        if not self.named:
            return settings.DEFAULT_FROM_EMAIL
        return formataddr((self.name, parseaddr(settings.DEFAULT_FROM_EMAIL)[1]))

    def logo_bytes(self) -> tuple[bytes, str] | None:
        """The logo file's bytes and media type, or None if there is none or it cannot be used."""
        if not self.logo:
            return None
        path = Path(self.logo)
        media_type = LOGO_TYPES.get(path.suffix.lower())
        try:
            if media_type is None or path.stat().st_size > LOGO_MAX_BYTES:
                logger.warning("The organiser's logo %s is not a PNG or JPEG of at most 1 MB", path)
                return None
            return path.read_bytes(), media_type
        except OSError as error:
            logger.warning("The organiser's logo cannot be read: %s", error)
            return None

    def logo_data_uri(self) -> str:
        """The logo as a data: URI (for PDFs, which fetch nothing), or "" if there is none."""
        found = self.logo_bytes()
        if found is None:
            return ""
        data, media_type = found
        return f"data:{media_type};base64,{base64.b64encode(data).decode()}"


def organiser_site() -> Organiser:
    """The site's organiser, from DOORSTEP_ORGANISER_* (named after SITE_NAME if none is set)."""
    conf = settings.DOORSTEP
    return Organiser(
        name=conf.organiser_name or settings.SITE_NAME,
        named=bool(conf.organiser_name),
        address=tuple(line.strip() for line in conf.organiser_address if line.strip()),
        phone=conf.organiser_phone,
        email=conf.organiser_email,
        logo=conf.organiser_logo,
    )
