from django.urls import path

from leads import views, views_deals, views_viewing

app_name = "leads"

urlpatterns = [
    path("viewing/<str:token>/", views_viewing.viewing_by_link, name="viewing_link"),
    path("my/<int:lead_id>/viewing/", views_viewing.my_viewing, name="my_viewing"),
    path("calendar/<str:token>.ics", views_viewing.calendar_feed, name="calendar_feed"),
    path("submit/", views.submit, name="submit"),
    path("privacy/", views.privacy, name="privacy"),
    path("deals/documents/<int:pk>/", views_deals.download_document, name="deal_document"),
]
