"""The standard reasons for turning a petition down: those every install starts with (put back
after every migrate, as staff left them if they are there), and the ones staff add or reword."""

from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from doorstep.accounts.models import Actor
from doorstep.core.errors import ApplicationError, text_required

from ..models import RejectionReason

Asks = RejectionReason.Asks

# code: (reason, what the public page says, what the moderator also gives, whether it hides the petition)
STANDARD_REASONS = {
    "duplicate": (
        gettext_lazy("It duplicates a petition that is already open"),
        gettext_lazy(
            "There is already a petition about this. Please sign that one instead: the more signatures a petition"
            " has, the more likely it is to be answered and debated."
        ),
        Asks.DUPLICATE,
        False,
    ),
    "irrelevant": (
        gettext_lazy("It is about something we are not responsible for"),
        gettext_lazy("Petitions must ask for something we are responsible for. Here is who is, and where to go."),
        Asks.ELSEWHERE,
        False,
    ),
    "no-action": (
        gettext_lazy("It does not make a clear request"),
        gettext_lazy("Petitions must call for a specific action. This one did not say clearly what it wanted done."),
        Asks.NOTHING,
        False,
    ),
    "offensive": (
        gettext_lazy("It is offensive or defamatory"),
        gettext_lazy("It included language that is offensive, or could be defamatory or false."),
        Asks.NOTHING,
        True,
    ),
    "confidential": (
        gettext_lazy("It holds confidential or personal information"),
        gettext_lazy("It included confidential information, or information that could identify someone."),
        Asks.NOTHING,
        True,
    ),
}


def reasons_standard_ensure() -> int:
    """Add any standard reason missing (after every migrate); one staff reworded stays as it is.
    Returns how many were added."""
    added = 0
    for position, (code, (title, description, asks, hides)) in enumerate(STANDARD_REASONS.items(), 1):
        _reason, created = RejectionReason.objects.get_or_create(
            code=code,
            defaults={
                "title": str(title),
                "description": str(description),
                "asks": asks,
                "hides": hides,
                "position": position,
            },
        )
        added += created
    return added


def reason_save(
    *,
    actor: Actor,
    title: str,
    description: str,
    asks: str = "",
    hides: bool = False,
    active: bool = True,
    reason: RejectionReason | None = None,
) -> RejectionReason:
    """Add a standard reason (its code made from its title) or reword one."""
    title = text_required(title, field="title", message=_("Enter the reason"), max_length=150, one_line=True)
    description = text_required(
        description, field="description", message=_("Enter what the public page says"), max_length=1000
    )
    if asks not in Asks.values:
        raise ApplicationError(_("Choose what the moderator also gives"), field="asks")
    if reason is None:
        reason = RejectionReason(code=slugify(title)[:40] or "reason", created_by=actor)
    reason.title, reason.description, reason.asks, reason.hides, reason.active = title, description, asks, hides, active
    try:
        with transaction.atomic():
            reason.save()
    except IntegrityError:
        raise ApplicationError(_("There is a reason like that already"), field="title") from None
    return reason
