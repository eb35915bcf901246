from django.urls import path

from . import views

app_name = "campaigns"

urlpatterns = [
    path("replies/<int:reply_id>.pdf", views.reply_document, name="reply_document"),
    path("unsubscribe/<str:token>", views.unsubscribe, name="unsubscribe"),
]
