from django.urls import path

from . import evidence_views

app_name = "evidence_staff"

urlpatterns = [
    path("petitions/<int:petition_id>/evidence", evidence_views.petition_evidence, name="petition"),
    path(
        "petitions/<int:petition_id>/evidence/<slug:kind>/<int:item_id>/remove",
        evidence_views.evidence_remove,
        name="remove",
    ),
]
