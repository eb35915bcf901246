from django.urls import path

from . import views

app_name = "signatures"

urlpatterns = [
    path("petitions/<int:petition_id>/sign", views.sign, name="sign"),
    path("petitions/<int:petition_id>/sign/check-your-email", views.check_email, name="check_email"),
    path("petitions/<int:petition_id>/sign/thank-you", views.confirmed, name="confirmed"),
    path("signatures/<int:signature_id>/confirm/<str:token>", views.confirm, name="confirm"),
]
