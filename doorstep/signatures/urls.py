from django.urls import path

from . import views

app_name = "signatures"

urlpatterns = [
    path("petitions/<int:petition_id>/sign", views.sign, name="sign"),
    path("petitions/<int:petition_id>/sign/check-your-email", views.check_email, name="check_email"),
    path("petitions/<int:petition_id>/sign/thank-you", views.confirmed, name="confirmed"),
    path("signatures/<int:signature_id>/confirm/<str:token>", views.confirm, name="confirm"),
    path("your-data", views.your_data_request, name="your_data_request"),
    path("your-data/<str:token>", views.your_data, name="your_data"),
    path("your-data/<str:token>/withdraw/<int:signature_id>", views.your_data_withdraw, name="your_data_withdraw"),
]
