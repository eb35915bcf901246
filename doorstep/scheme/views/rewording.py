"""The creator's answer to new words a moderator proposes for their petition."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from doorstep.core.errors import ApplicationError

from ..forms import RewordingAnswerForm
from ..models import Rewording
from ..selectors.moderation import rewording_for_creator
from ..services.rewording import rewording_answer
from . import scheme_only


@scheme_only
@require_http_methods(["GET", "POST"])
def rewording(request: HttpRequest, rewording_id: int, token: str) -> HttpResponse:
    found = rewording_for_creator(rewording_id=rewording_id, token=token)
    if found is None:
        return render(request, "scheme/link_failed.html", status=404)
    form = RewordingAnswerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            answered = rewording_answer(rewording=found, token=token, accept=form.cleaned_data["answer"] == "accept")
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            return render(request, "scheme/rewording_answered.html", {"rewording": answered})
    petition = found.proposal.petition
    return render(
        request,
        "scheme/rewording.html",
        {"rewording": found, "petition": petition, "form": form, "waiting": found.state == Rewording.State.WAITING},
    )
