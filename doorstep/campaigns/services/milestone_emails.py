"""The email telling the organisers a milestone has been reached (sent by the worker)."""

from doorstep.mailings.services import email_send

from ..models import Milestone
from ..selectors import milestone_email_recipients
from .common import petition_public_url


def milestone_email_send(*, milestone: Milestone) -> None:
    for to in milestone_email_recipients():
        email_send(
            to=to,
            template="campaigns/email/milestone",
            context={
                "milestone": milestone,
                "petition": milestone.petition,
                "petition_url": petition_public_url(milestone.petition),
            },
        )
