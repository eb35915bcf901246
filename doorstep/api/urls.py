from django.urls import path, re_path

from . import views

app_name = "api"

urlpatterns = [
    path("petitions.json", views.petition_list, name="petitions"),
    path("petitions/<int:petition_id>.json", views.petition_detail, name="petition"),
    path("petitions/<int:petition_id>/count.json", views.petition_count, name="count"),
    path("constituencies.json", views.constituencies, name="constituencies"),
    path("api/openapi.json", views.openapi, name="openapi"),
    # Anything else under the API's paths is a JSON 404 (doorstep/settings.py CORS_URLS_REGEX matches these too).
    re_path(r"^(?P<path>petitions/.+\.json|api/.*)$", views.not_found, name="not_found"),
]
