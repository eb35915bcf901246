"""Dated campaign updates and replies from the body the petition is addressed to."""

from datetime import date

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from doorstep.accounts.models import Actor
from doorstep.core.errors import ApplicationError
from doorstep.core.languages import text_pair_required
from doorstep.core.uploads import pdf_upload_check
from doorstep.petitions.models import Petition

from ..models import Reply, Update
from .common import campaign_event_record, text_required

REPLY_DOCUMENT_MAX_BYTES = 10 * 1024 * 1024


@transaction.atomic
def update_create(
    *,
    petition: Petition,
    actor: Actor,
    title: str = "",
    body: str = "",
    title_cy: str = "",
    body_cy: str = "",
    link: str = "",
    published_on: date | None = None,
) -> Update:
    """A dated update for the petition's page, in English, in Welsh or in both."""
    if petition.state == Petition.State.DRAFT:
        raise ApplicationError(_("Open the petition before posting updates to it"))
    title, title_cy = text_pair_required(title, title_cy, field="title", message=_("Give the update a title"))
    body, body_cy = text_pair_required(body, body_cy, field="body", message=_("Write the update"))
    update = Update(
        petition=petition,
        title=title,
        body=body,
        title_cy=title_cy,
        body_cy=body_cy,
        link=(link or "").strip(),
        published_on=published_on or timezone.localdate(),
        created_by=actor,
    )
    update.full_clean()
    update.save()
    campaign_event_record(
        petition=petition,
        actor=actor,
        description=_("Update posted: %(title)s") % {"title": str(update)},
        update_id=update.pk,
    )
    return update


@transaction.atomic
def reply_create(
    *,
    petition: Petition,
    actor: Actor,
    responder: str,
    responded_on: date,
    summary: str = "",
    details: str = "",
    summary_cy: str = "",
    details_cy: str = "",
    document: UploadedFile | None = None,
) -> Reply:
    """A reply to the petition, its summary and full text in English, in Welsh or in both."""
    if petition.state == Petition.State.DRAFT:
        raise ApplicationError(_("Open the petition before recording a reply to it"))
    if responded_on > timezone.localdate():
        raise ApplicationError(_("The date of the reply cannot be in the future"), field="responded_on")
    if document is not None:
        pdf_upload_check(document=document, max_bytes=REPLY_DOCUMENT_MAX_BYTES, field="document")
    summary, summary_cy = text_pair_required(summary, summary_cy, field="summary", message=_("Summarise the reply"))
    details, details_cy = text_pair_required(
        details, details_cy, field="details", message=_("Give the full text of the reply")
    )
    reply = Reply(
        petition=petition,
        responder=text_required(responder, field="responder", message=_("Say who replied")),
        responded_on=responded_on,
        summary=summary,
        details=details,
        summary_cy=summary_cy,
        details_cy=details_cy,
        created_by=actor,
    )
    reply.full_clean(exclude=["document"])
    if document is not None:
        reply.document.save(f"petition-{petition.pk}-reply.pdf", document, save=False)
    reply.save()
    campaign_event_record(
        petition=petition,
        actor=actor,
        description=_("Reply recorded from %(responder)s") % {"responder": reply.responder},
        reply_id=reply.pk,
    )
    return reply
