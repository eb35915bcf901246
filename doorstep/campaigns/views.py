from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from doorstep.core.errors import ApplicationError

from .selectors import delivery_from_unsubscribe_token, reply_with_public_document
from .services.sending import delivery_unsubscribe


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
    reply = reply_with_public_document(reply_id=reply_id)
    if reply is None:
        raise Http404(_("No such document"))
    try:
        document = reply.document.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("No such document")) from error
    # Downloaded, never shown in the site's own pages, and sandboxed should a browser show it anyway.
    response = FileResponse(
        document, content_type="application/pdf", as_attachment=True, filename=f"reply-{reply.pk}.pdf"
    )
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
