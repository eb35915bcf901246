from django.urls import path

from . import views

app_name = "paper"

urlpatterns = [
    path("petitions/<int:petition_id>/paper-pack", views.pack_request, name="pack_request"),
    path("petitions/<int:petition_id>/paper-pack/requested", views.pack_requested, name="pack_requested"),
]
