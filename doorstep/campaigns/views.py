from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt

from doorstep.core.errors import ApplicationError
from doorstep.petitions.models import Petition

from .models import Reply
from .services import delivery_from_unsubscribe_token, delivery_unsubscribe


# Mail programs' one-click unsubscribe (RFC 8058) POSTs here with no CSRF token; the
# signed link is the authority, and all a forged request can do is stop emails.
@csrf_exempt
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks (link scanners open links); POST unsubscribes."""
    try:
        if request.method == "POST":
            delivery = delivery_unsubscribe(token=token)
            return render(request, "campaigns/unsubscribed.html", {"petition": delivery.mailing.petition})
        delivery = delivery_from_unsubscribe_token(token=token)
    except ApplicationError as error:
        return render(request, "campaigns/unsubscribe_failed.html", {"message": error.message}, status=400)
    return render(request, "campaigns/unsubscribe.html", {"petition": delivery.mailing.petition})


def reply_document(request: HttpRequest, reply_id: int) -> FileResponse:
    """The PDF of a reply to a published petition."""
    reply = Reply.objects.filter(pk=reply_id, petition__state__in=Petition.PUBLIC_STATES).exclude(document="").first()
    if reply is None:
        raise Http404("No such document")
    try:
        document = reply.document.open("rb")
    except FileNotFoundError as error:
        raise Http404("No such document") from error
    return FileResponse(document, content_type="application/pdf", filename=f"reply-{reply.pk}.pdf")
