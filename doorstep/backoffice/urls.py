from django.urls import path

from . import campaign_views, views

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
    path("petitions/<int:petition_id>/updates/new", campaign_views.update_create, name="update_create"),
    path("petitions/<int:petition_id>/replies/new", campaign_views.reply_create, name="reply_create"),
    path("petitions/<int:petition_id>/hand-in", campaign_views.hand_in, name="hand_in"),
    path("petitions/<int:petition_id>/hand-in/delivery", campaign_views.hand_in_delivery, name="hand_in_delivery"),
    path("petitions/<int:petition_id>/hand-in/<str:kind>", campaign_views.hand_in_file, name="hand_in_file"),
    path(
        "petitions/<int:petition_id>/milestones-and-consultation",
        campaign_views.milestones_and_consultation,
        name="campaign_settings",
    ),
    path("mailings/<int:mailing_id>", campaign_views.mailing_detail, name="mailing"),
    path("mailings/<int:mailing_id>/test", campaign_views.mailing_test, name="mailing_test"),
    path("mailings/<int:mailing_id>/send", campaign_views.mailing_send, name="mailing_send"),
    path("mailings/<int:mailing_id>/resume", campaign_views.mailing_resume, name="mailing_resume"),
]
