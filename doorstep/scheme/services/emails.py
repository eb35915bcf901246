"""Queueing an email to a resident who started a petition, once the transaction commits."""

from functools import partial

from django.db import transaction

from .. import tasks
from ..models import CreatorEmail, Proposal


def creator_email_queue(*, proposal: Proposal, kind: CreatorEmail) -> None:
    """Queue the email of `kind` to the petition's creator (its task reads what to say when it runs)."""
    transaction.on_commit(partial(tasks.CREATOR_EMAIL_TASKS[kind].enqueue, proposal_id=proposal.pk))


def creator_email_about(*, petition_id: int, kind: CreatorEmail) -> bool:
    """Queue `kind` to whoever started the petition, if a resident did (a reply recorded, a close)."""
    proposal = Proposal.objects.filter(petition_id=petition_id).first()
    if proposal is None:
        return False
    creator_email_queue(proposal=proposal, kind=kind)
    return True
