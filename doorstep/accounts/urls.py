from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
from .forms import SignInForm

app_name = "accounts"

urlpatterns = [
    path(
        "sign-in",
        views.SignInView.as_view(authentication_form=SignInForm),
        name="login",
    ),
    path("sign-out", auth_views.LogoutView.as_view(), name="logout"),
    path("two-factor", views.two_factor, name="two_factor"),
]
