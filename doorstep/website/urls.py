from django.urls import path

from . import views

app_name = "website"

urlpatterns = [
    path("", views.home, name="home"),
    path("petitions", views.petition_list, name="petitions"),
    path("petitions/<int:petition_id>", views.petition_detail, name="petition"),
    path("privacy", views.privacy, name="privacy"),
    path("organiser-logo", views.organiser_logo, name="organiser_logo"),
    path("petitions/<int:petition_id>/logo", views.petition_logo, name="petition_logo"),
]
