"""The public consultation a petition speaks to."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from doorstep.accounts.models import Actor
from doorstep.petitions.models import Petition

from ..models import Consultation
from .common import campaign_event_record, text_required


@transaction.atomic
def consultation_set(
    *, petition: Petition, actor: Actor, run_by: str, title: str, url: str, closes_on: date
) -> Consultation:
    consultation, _created = Consultation.objects.update_or_create(
        petition=petition,
        defaults={
            "run_by": text_required(run_by, field="run_by", message=_("Say who runs the consultation")),
            "title": text_required(title, field="title", message=_("Give the consultation's title")),
            "url": text_required(url, field="url", message=_("Give the link to the consultation")),
            "closes_on": closes_on,
        },
    )
    consultation.full_clean()
    campaign_event_record(
        petition=petition,
        actor=actor,
        description=_("Linked to the consultation: %(title)s") % {"title": consultation.title},
    )
    return consultation
