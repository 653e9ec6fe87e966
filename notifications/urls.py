from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.preferences, name="preferences"),
    path("push/subscribe/", views.push_subscribe, name="push_subscribe"),
    path("push/unsubscribe/", views.push_unsubscribe, name="push_unsubscribe"),
    path("telegram/unlink/", views.telegram_unlink, name="telegram_unlink"),
]
