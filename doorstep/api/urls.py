from django.urls import path

from . import views

app_name = "api"

urlpatterns = [
    path("petitions.json", views.petition_list, name="petitions"),
    path("petitions/<int:petition_id>.json", views.petition_detail, name="petition"),
    path("petitions/<int:petition_id>/count.json", views.petition_count, name="count"),
    path("api/openapi.json", views.openapi, name="openapi"),
]
