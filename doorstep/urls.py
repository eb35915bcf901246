from django.urls import include, path

urlpatterns = [
    path("", include("doorstep.api.urls")),
    path("", include("doorstep.website.urls")),
    path("", include("doorstep.signatures.urls")),
    path("", include("doorstep.paper.urls")),
    path("staff/", include("doorstep.backoffice.urls")),
    path("staff/", include("doorstep.accounts.urls")),
]
