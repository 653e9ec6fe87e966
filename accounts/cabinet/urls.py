from django.urls import path

from accounts.cabinet import views
from leads import views_deals

app_name = "cabinet"

urlpatterns = [
    path("", views.profile, name="profile"),
    path("favorites/", views.favorites, name="favorites"),
    path("history/", views.history, name="history"),
    path("requests/", views.requests_list, name="requests"),
    path("bookings/", views.bookings_list, name="bookings"),
    path("cashback/", views_deals.cabinet_cashback, name="cashback"),
    path("privacy/", views.privacy, name="privacy"),
    path("privacy/export/", views.export_data, name="export"),
    path("privacy/delete/", views.delete_account, name="delete"),
]
