from django.urls import path

from assistant import views

app_name = "assistant"
urlpatterns = [
    path("chat/", views.chat_panel, name="chat"),
    path("chat/send/", views.chat_send, name="chat_send"),
    path("chat/poll/", views.chat_poll, name="chat_poll"),
    path("telegram/<str:key>/", views.telegram_webhook, name="telegram_webhook"),
    path("whatsapp/<str:key>/", views.whatsapp_webhook, name="whatsapp_webhook"),
]
