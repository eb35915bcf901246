from django.conf import settings
from django.utils.formats import date_format
from django_tasks import task

from doorstep.mailings.services import email_send_in, email_with_retries
from doorstep.petitions.selectors import petition_organiser
from doorstep.signatures.selectors.paper import paper_entry_last_day

from .selectors import pack_out_get


@task()
def send_pack_closing_date(*, pack_id: int, attempt: int = 1) -> None:
    """Email a pack holder the petition's new closing date, or the day it closed early, in the
    language they asked for the pack in."""
    pack = pack_out_get(pack_id=pack_id)
    if pack is None or not pack.email:
        return  # Back or cancelled since: nothing to say.
    email_with_retries(
        lambda: email_send_in(
            pack.language,
            to=pack.email,
            template="paper/email/closing_date",
            context=lambda: {
                "pack": pack,
                "petition": pack.petition,
                "organiser": petition_organiser(petition=pack.petition),
                "closing_date": date_format(pack.petition.last_day(), "j F Y"),
                "closed": pack.petition.closed_on() is not None,
                "entry_until": date_format(paper_entry_last_day(petition=pack.petition), "j F Y"),
                "return_address": settings.DOORSTEP.paper_return_address,
            },
        ),
        task=send_pack_closing_date,
        attempt=attempt,
        pack_id=pack_id,
    )
