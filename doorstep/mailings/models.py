from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Suppression(models.Model):
    """An inbox not to be mailed again: everywhere (a bounce or complaint reported by
    the mail provider) or for one list (an unsubscribe, e.g. scope "petition:12")."""

    EVERYWHERE = ""

    class Reason(models.TextChoices):
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
        BOUNCED = "bounced", _("Bounced")
        COMPLAINED = "complained", _("Complained (marked as spam)")
        REJECTED = "rejected", _("Rejected by the mail provider")

    email_normalised = models.CharField(max_length=254)
    scope = models.CharField(max_length=40, blank=True, default=EVERYWHERE)
    reason = models.CharField(max_length=20, choices=Reason.choices)
    detail = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["email_normalised", "scope"], name="one_suppression_per_scope")]

    def __str__(self) -> str:
        return f"{self.email_normalised} ({self.reason}{', ' + self.scope if self.scope else ''})"
