from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from doorstep.petitions.models import Petition


class Sourced(models.Model):
    """What a piece of evidence (a series or a fact) says it comes from, and who added it when."""

    source = models.CharField(_("source"), max_length=300)
    source_url = models.URLField(_("link to the source"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]


class Series(Sourced):
    """A titled series of figures (a year or date and a value each), with its source."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="evidence_series")
    title = models.CharField(_("title"), max_length=150)
    unit = models.CharField(_("what is counted"), max_length=60, blank=True)

    class Meta(Sourced.Meta):
        verbose_name_plural = _("series")

    def __str__(self) -> str:
        return self.title


class Point(models.Model):
    """One figure of a series: a year (2010), a month (2024-03) or a day (2024-03-31), and its value."""

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="points")
    period = models.CharField(max_length=10)
    value = models.DecimalField(max_digits=16, decimal_places=2)

    class Meta:
        ordering = ["period"]
        constraints = [models.UniqueConstraint(fields=["series", "period"], name="one_value_per_period")]

    def __str__(self) -> str:
        return f"{self.period}: {self.value}"


class Fact(Sourced):
    """A short fact with its source."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="evidence_facts")
    text = models.CharField(_("fact"), max_length=300)

    def __str__(self) -> str:
        return self.text
