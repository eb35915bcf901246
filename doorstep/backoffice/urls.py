from django.urls import path

from . import trust_views, views

app_name = "backoffice"

urlpatterns = [
    path("", views.home, name="home"),
    path("petitions/new", views.petition_create, name="petition_create"),
    path("petitions/<int:petition_id>", views.petition_detail, name="petition"),
    path("petitions/<int:petition_id>/edit", views.petition_edit, name="petition_edit"),
    path("petitions/<int:petition_id>/open", views.petition_open, name="petition_open"),
    path("petitions/<int:petition_id>/close", views.petition_close, name="petition_close"),
    path("petitions/<int:petition_id>/closing-date", views.petition_closing_date, name="petition_closing_date"),
    path("petitions/<int:petition_id>/signatures.csv", views.petition_export, name="petition_export"),
    path("petitions/<int:petition_id>/breakdowns", views.petition_breakdowns, name="petition_breakdowns"),
    path(
        "petitions/<int:petition_id>/breakdowns/<str:dimension>.csv",
        views.petition_breakdown_csv,
        name="petition_breakdown_csv",
    ),
    path("petitions/<int:petition_id>/held", trust_views.petition_held, name="petition_held"),
    path(
        "petitions/<int:petition_id>/held/<int:signature_id>",
        trust_views.petition_held_decide,
        name="petition_held_decide",
    ),
    path("petitions/<int:petition_id>/invalidate", trust_views.petition_invalidate, name="petition_invalidate"),
    path("petitions/<int:petition_id>/retention", trust_views.petition_retention, name="petition_retention"),
    path("invalidations/<int:invalidation_id>", trust_views.invalidation_detail, name="invalidation"),
    path("invalidations/<int:invalidation_id>/cancel", trust_views.invalidation_cancel, name="invalidation_cancel"),
    path("invalidations/<int:invalidation_id>/reverse", trust_views.invalidation_reverse, name="invalidation_reverse"),
    path("trust", trust_views.trust_home, name="trust"),
    path("trust/switches", trust_views.trust_switches, name="trust_switches"),
    path("trust/lists/add", trust_views.trust_list_add, name="trust_list_add"),
    path("trust/lists/<int:entry_id>/remove", trust_views.trust_list_remove, name="trust_list_remove"),
    path("trust/activity", trust_views.trust_activity, name="trust_activity"),
    path("signers", trust_views.signers, name="signers"),
    path("signers/<int:signature_id>/withdraw", trust_views.signer_withdraw, name="signer_withdraw"),
    path("audit", trust_views.audit_log, name="audit"),
]
