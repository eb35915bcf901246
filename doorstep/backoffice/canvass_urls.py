from django.urls import path

from . import canvass_views

app_name = "canvass_staff"

urlpatterns = [
    path("petitions/<int:petition_id>/canvass", canvass_views.petition_canvass, name="petition"),
    path("petitions/<int:petition_id>/canvass/held/<int:record_id>", canvass_views.held_decide, name="decide"),
    path(
        "petitions/<int:petition_id>/canvass/phones/<int:phone_id>/sign-out",
        canvass_views.phone_sign_out,
        name="phone_sign_out",
    ),
    path(
        "petitions/<int:petition_id>/canvass/canvassers/<int:user_id>/<slug:action>",
        canvass_views.canvasser_bulk,
        name="bulk",
    ),
]
