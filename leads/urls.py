from django.urls import path

from leads import views_deals

app_name = "leads"

urlpatterns = [
    path("deals/documents/<int:pk>/", views_deals.download_document, name="deal_document"),
]
