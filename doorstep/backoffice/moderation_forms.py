"""The moderators' forms: a decision on a resident's petition, new words for its creator to accept,
a standard reason, and a petition's debate."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from doorstep.core.forms import GovukDateInput, GovukForm
from doorstep.petitions.models import Petition
from doorstep.scheme.models import Decision, RejectionReason
from doorstep.scheme.selectors.moderation import reasons_offered


class DecisionForm(GovukForm):
    outcome = forms.ChoiceField(
        label=_("Your decision"),
        choices=Decision.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose publish, reject or hide")},
    )
    reason = forms.ModelChoiceField(
        label=_("Reason (to reject or hide)"),
        queryset=reasons_offered(),
        required=False,
        empty_label=_("Choose a reason"),
    )
    details = forms.CharField(
        label=_("Your explanation (published with a rejection, and emailed to the creator)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    duplicate_of = forms.IntegerField(
        label=_("The number of the open petition it duplicates"),
        required=False,
        min_value=1,
        error_messages={"invalid": _("Enter the petition's number, like 12")},
    )
    elsewhere = forms.CharField(label=_("Where to go instead"), required=False, max_length=500)
    flags_seen = forms.BooleanField(label=_("I have read the flagged text"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome") in (Decision.Outcome.REJECT, Decision.Outcome.HIDE) and not data.get("reason"):
            self.add_error("reason", _("Choose the reason for turning it down"))
        return data


class RewordingForm(GovukForm):
    action = forms.CharField(label=_("What the petition asks for"), max_length=Petition.ACTION_MAX)
    background = forms.CharField(
        label=_("Background"), max_length=Petition.BACKGROUND_MAX, widget=forms.Textarea(attrs={"rows": 5})
    )
    additional_details = forms.CharField(
        label=_("More details"),
        required=False,
        max_length=Petition.DETAILS_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    note = forms.CharField(
        label=_("Why, for the creator (emailed with the new words)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReasonForm(GovukForm):
    title = forms.CharField(label=_("Reason"), max_length=150)
    description = forms.CharField(
        label=_("What the public page says"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    asks = forms.ChoiceField(label=_("The moderator also gives"), choices=RejectionReason.Asks.choices, required=False)
    hides = forms.BooleanField(label=_("Hide the petition: no public page"), required=False)
    active = forms.BooleanField(label=_("Offered to moderators"), required=False, initial=True)


class DebateScheduleForm(GovukForm):
    scheduled_on = forms.DateField(label=_("Debate date"), widget=GovukDateInput())


class DebateOutcomeForm(GovukForm):
    debated = forms.ChoiceField(
        label=_("Was it debated?"),
        choices=[("yes", _("Yes, it was debated")), ("no", _("No, it was decided not to debate it"))],
        widget=forms.RadioSelect,
    )
    debated_on = forms.DateField(label=_("Debated on"), required=False, widget=GovukDateInput())
    overview = forms.CharField(
        label=_("What was decided, or why it was not debated"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    transcript_url = forms.URLField(
        label=_("Transcript or minutes (link, optional)"), required=False, assume_scheme="https"
    )
    video_url = forms.URLField(label=_("Video (link, optional)"), required=False, assume_scheme="https")
    debate_pack_url = forms.URLField(
        label=_("Papers for the meeting (link, optional)"), required=False, assume_scheme="https"
    )
