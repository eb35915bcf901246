from django.urls import path

from .views import rewording, starting, supporters

app_name = "scheme"

urlpatterns = [
    path("petitions/start", starting.start, name="start"),
    path("petitions/start/what", starting.action, name="action"),
    path("petitions/start/similar", starting.similar, name="similar"),
    path("petitions/start/why", starting.background, name="background"),
    path("petitions/start/more", starting.details, name="details"),
    path("petitions/start/you", starting.you, name="you"),
    path("petitions/start/check", starting.check, name="check"),
    path("petitions/start/check-your-email", starting.check_email, name="check_email"),
    path("petitions/start/<int:proposal_id>/confirm/<str:token>", starting.confirm, name="confirm"),
    path("petitions/start/<int:proposal_id>/<str:token>", starting.creator, name="creator"),
    path("petitions/<int:petition_id>/support/<str:token>", supporters.support, name="support"),
    path(
        "petitions/<int:petition_id>/support/<str:token>/check-your-email",
        supporters.support_check_email,
        name="support_check_email",
    ),
    path("petitions/new-words/<int:rewording_id>/<str:token>", rewording.rewording, name="rewording"),
]
