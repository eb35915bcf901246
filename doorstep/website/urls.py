from django.urls import path

from . import views

app_name = "website"

urlpatterns = [
    path("", views.home, name="home"),
    path("petitions", views.petition_list, name="petitions"),
    path("petitions/<int:petition_id>", views.petition_detail, name="petition"),
    path("privacy", views.privacy, name="privacy"),
]
