from django.urls import path

from . import publicity, views

app_name = "website"

urlpatterns = [
    path("", views.home, name="home"),
    path("petitions", views.petition_list, name="petitions"),
    path("petitions/<int:petition_id>", views.petition_detail, name="petition"),
    path("privacy", views.privacy, name="privacy"),
    path("organiser-logo", views.organiser_logo, name="organiser_logo"),
    path("petitions/<int:petition_id>/logo", views.petition_logo, name="petition_logo"),
    path("p/<int:petition_id>", publicity.short_link, name="short_link"),
    path("petitions/<int:petition_id>/share.png", publicity.share_image, name="share_image"),
    path("petitions/<int:petition_id>/embed", publicity.embed, name="embed"),
    path("petitions/<int:petition_id>/badge.svg", publicity.badge, name="badge"),
    path("petitions/<int:petition_id>/poster.pdf", publicity.poster, name="poster"),
    path("petitions/<int:petition_id>/leaflet.pdf", publicity.leaflet, name="leaflet"),
]
