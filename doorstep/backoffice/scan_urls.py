from django.urls import path

from . import scan_views

app_name = "scans_staff"

urlpatterns = [
    path("petitions/<int:petition_id>/scans", scan_views.petition_scans, name="petition"),
    path("petitions/<int:petition_id>/scans/progress", scan_views.petition_scans_progress, name="petition_progress"),
    path("scans/<int:scan_id>/match", scan_views.scan_match, name="match"),
    path("scans/<int:scan_id>.jpg", scan_views.scan_image, name="image"),
]
