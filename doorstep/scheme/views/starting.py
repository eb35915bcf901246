"""Starting a petition: an introduction, one question a page (as GOV.UK asks them), open petitions
like it, a check-your-answers page, then the creator confirms by email and gets their own page."""

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from doorstep.core.errors import ApplicationError
from doorstep.core.forms import GovukForm
from doorstep.core.languages import language_current
from doorstep.petitions.models import Petition
from doorstep.signatures.views import client_ip
from doorstep.trust.selectors import switches_get

from ..forms import ActionForm, BackgroundForm, CheckForm, CreatorForm, DetailsForm
from ..selectors.moderation import rewordings_of
from ..selectors.proposals import petitions_similar, proposal_for_creator, proposal_support, share_url
from ..selectors.thresholds import scheme_addressed_to, thresholds_active
from ..services.starting import Start, proposal_confirm, proposal_start
from . import scheme_only

ANSWERS = "scheme_start"  # the session key of the answers so far
SENT_TO = "scheme_start_sent_to"


@dataclass(frozen=True)
class Question:
    form: type[GovukForm]
    template: str
    then: str  # the next page
    back: str  # the page before
    needs: tuple[str, ...] = ()  # answers given on earlier pages


QUESTIONS = {
    "action": Question(ActionForm, "scheme/question.html", then="scheme:similar", back="scheme:start"),
    "background": Question(
        BackgroundForm, "scheme/question.html", then="scheme:details", back="scheme:action", needs=("action",)
    ),
    "additional_details": Question(
        DetailsForm, "scheme/question.html", then="scheme:you", back="scheme:background", needs=("action", "background")
    ),
    "name": Question(
        CreatorForm, "scheme/you.html", then="scheme:check", back="scheme:details", needs=("action", "background")
    ),
}
# The page that asks for each answer.
ASKED_ON = {"action": "scheme:action", "background": "scheme:background"}


def _answers(request: HttpRequest) -> dict[str, str]:
    return dict(request.session.get(ANSWERS, {}))


def _missing(answers: dict[str, str], needs: tuple[str, ...]) -> HttpResponse | None:
    """A redirect to the first page whose answer is missing, or None."""
    for name in needs:
        if name not in answers:
            return redirect(ASKED_ON[name])
    return None


@scheme_only
def start(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "scheme/start.html",
        {
            "addressed_to": scheme_addressed_to(),
            "supporters": settings.DOORSTEP.scheme_supporters,
            "thresholds": thresholds_active(),
            "open_months": settings.DOORSTEP.scheme_open_months,
        },
    )


def _ask(request: HttpRequest, name: str) -> HttpResponse:
    question = QUESTIONS[name]
    answers = _answers(request)
    if missing := _missing(answers, question.needs):
        return missing
    form = question.form(request.POST if request.method == "POST" else None, initial=answers)
    if request.method == "POST" and form.is_valid():
        answers.update(form.cleaned_data)
        request.session[ANSWERS] = answers
        return redirect("scheme:check" if "change" in request.GET else question.then)
    back = "scheme:check" if "change" in request.GET else question.back
    return render(request, question.template, {"form": form, "back": back})


@scheme_only
@require_http_methods(["GET", "POST"])
def action(request: HttpRequest) -> HttpResponse:
    return _ask(request, "action")


@scheme_only
def similar(request: HttpRequest) -> HttpResponse:
    """Open petitions like the one being written: sign one of them instead, or carry on."""
    answers = _answers(request)
    if missing := _missing(answers, ("action",)):
        return missing
    petitions = petitions_similar(text=answers["action"])
    if not petitions:
        return redirect("scheme:background")
    return render(request, "scheme/similar.html", {"petitions": petitions, "action": answers["action"]})


@scheme_only
@require_http_methods(["GET", "POST"])
def background(request: HttpRequest) -> HttpResponse:
    return _ask(request, "background")


@scheme_only
@require_http_methods(["GET", "POST"])
def details(request: HttpRequest) -> HttpResponse:
    return _ask(request, "additional_details")


@scheme_only
@require_http_methods(["GET", "POST"])
def you(request: HttpRequest) -> HttpResponse:
    return _ask(request, "name")


def _start(answers: dict[str, str]) -> Start:
    return Start(
        action=answers["action"],
        background=answers["background"],
        additional_details=answers.get("additional_details", ""),
        name=answers.get("name", ""),
        email=answers.get("email", ""),
        postcode=answers.get("postcode", ""),
    )


@scheme_only
@require_http_methods(["GET", "POST"])
def check(request: HttpRequest) -> HttpResponse:
    """Check your answers, then start the petition (checked as signing is)."""
    answers = _answers(request)
    if missing := _missing(answers, ("action", "background")):
        return missing
    if "name" not in answers:
        return redirect("scheme:you")
    switches = switches_get()
    if switches.signing_stopped:
        return render(request, "scheme/paused.html", status=503)
    form = CheckForm(request.POST if request.method == "POST" else None, proof_of_work=switches.proof_of_work_required)
    if request.method == "POST" and form.is_valid():
        try:
            proposal_start(
                start=_start(answers), ip_address=client_ip(request), language=language_current(), **form.guards()
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            request.session.pop(ANSWERS, None)
            request.session[SENT_TO] = answers["email"]
            return redirect("scheme:check_email")
    return render(request, "scheme/check.html", {"answers": answers, "form": form})


@scheme_only
def check_email(request: HttpRequest) -> HttpResponse:
    return render(request, "scheme/check_email.html", {"email": request.session.get(SENT_TO, "")})


@scheme_only
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, proposal_id: int, token: str) -> HttpResponse:
    """The link in the creator's email: a page with a button (a mail scanner opening the link confirms nothing)."""
    proposal = proposal_for_creator(proposal_id=proposal_id, token=token)
    if proposal is None:
        return render(request, "scheme/link_failed.html", status=404)
    if request.method == "POST":
        try:
            proposal_confirm(proposal=proposal, token=token)
        except ApplicationError as error:
            return render(request, "scheme/link_failed.html", {"message": error.message}, status=400)
        return redirect("scheme:creator", proposal_id=proposal.pk, token=token)
    if proposal.confirmed_at:
        return redirect("scheme:creator", proposal_id=proposal.pk, token=token)
    return render(request, "scheme/confirm.html", {"proposal": proposal, "petition": proposal.petition})


@scheme_only
def creator(request: HttpRequest, proposal_id: int, token: str) -> HttpResponse:
    """The creator's own page: where their petition has got to, and the link to share with supporters."""
    proposal = proposal_for_creator(proposal_id=proposal_id, token=token)
    if proposal is None:
        return render(request, "scheme/link_failed.html", status=404)
    petition = proposal.petition
    response = render(
        request,
        "scheme/creator.html",
        {
            "proposal": proposal,
            "petition": petition,
            "State": Petition.State,
            "support": proposal_support(proposal=proposal) if petition.state in Petition.SUPPORTED_STATES else None,
            "share_url": share_url(proposal=proposal),
            "target_days": settings.DOORSTEP.moderation_target_days,
            "rewordings": rewordings_of(proposal=proposal),
        },
    )
    response["Cache-Control"] = "no-store"
    return response
