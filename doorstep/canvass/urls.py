from django.urls import path

from . import views

app_name = "canvass"

urlpatterns = [
    path("canvass/", views.canvass_home, name="home"),
    path("canvass/sw.js", views.service_worker, name="service_worker"),
    path("canvass/status", views.status, name="status"),
    path("canvass/phones", views.phone_register, name="phone_register"),
    path("canvass/<int:petition_id>/", views.canvass_page, name="page"),
    path("canvass/<int:petition_id>/manifest.webmanifest", views.manifest, name="manifest"),
    path("canvass/<int:petition_id>/signatures", views.signature_receive, name="receive"),
]
