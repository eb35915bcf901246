from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django_otp import login as otp_login

from doorstep.core.context_processors import site
from doorstep.core.errors import ApplicationError

from . import services
from .forms import CodeForm
from .models import User


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        # LoginView names the site after the host ("127.0.0.1:8145"): the site's own name instead.
        return {**super().get_context_data(**kwargs), **site(self.request)}


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Set up, or turn off, a code from an authenticator app at sign-in."""
    user = request.user
    assert isinstance(user, User)  # login_required: a signed-in member of staff
    device = services.totp_device_confirmed(user=user)
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            if device is None:
                device = services.totp_device_confirm(user=user, code=form.cleaned_data["code"])
                otp_login(request, device)
                messages.success(request, _("Your authenticator app is set up: you'll be asked for a code at sign-in"))
            else:
                services.totp_device_remove(user=user, code=form.cleaned_data["code"])
                messages.success(request, _("Codes are no longer asked for at sign-in"))
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            return redirect("accounts:two_factor")
    context = {"form": form, "device": device}
    if device is None:
        setup = services.totp_device_start(user=user)
        # The QR code an authenticator app scans, drawn here: the secret never leaves the server.
        import segno  # only here: a process that draws no QR code does not load it

        svg = segno.make(setup.config_url, error="m").svg_inline(scale=4, title=_("Authenticator set-up code"))
        qr = mark_safe(svg)  # noqa: S308
        context.update({"secret": services.totp_secret(device=setup), "config_url": setup.config_url, "qr": qr})
    return render(request, "accounts/two_factor.html", context)
