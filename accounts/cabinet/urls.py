from django.urls import path

from accounts.cabinet import views
from accounts.cabinet.sections import sections

app_name = "cabinet"

urlpatterns = [
    # The sections other apps register (bookings, leads) are served here too, under their own key.
    *(path(section.route, section.view, name=section.key) for section in sections() if section.view),
    path("privacy/export/", views.export_data, name="export"),
    path("privacy/delete/", views.delete_account, name="delete"),
]
