"""The rows of a staff export of a petition's signatures (personal data: the export is logged)."""

from collections.abc import Iterator

from django.utils.translation import gettext as _

from doorstep.petitions.models import Petition

from ..models import Signature


def signature_export_header() -> list[str]:
    return [
        _("Signature ID"),
        _("Channel"),
        _("State"),
        _("Name"),
        _("Email"),
        _("Postcode"),
        _("Country"),
        _("Wants campaign updates"),
        _("Signed at"),
        _("Confirmed at"),
    ]


def signature_export_rows(*, petition: Petition) -> Iterator[list]:
    """Every signature of a petition, oldest first, read in chunks."""
    rows = (
        Signature.objects.filter(petition=petition)
        .order_by("pk")
        .values_list(
            "pk",
            "channel",
            "state",
            "name",
            "email",
            "postcode",
            "country",
            "updates_consent",
            "created_at",
            "confirmed_at",
        )
    )
    yes, no = _("yes"), _("no")
    for row in rows.iterator(chunk_size=2000):
        pk, channel, state, name, email, postcode, country, consent, created, confirmed = row
        yield [
            pk,
            channel,
            state,
            name,
            email,
            postcode,
            country,
            yes if consent else no,
            created.isoformat(),
            confirmed.isoformat() if confirmed else "",
        ]
