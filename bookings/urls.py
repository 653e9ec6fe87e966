from django.urls import path

from bookings import views, views_access

app_name = "bookings"

urlpatterns = [
    path("bookings/new/<int:rental_id>/", views.new_booking, name="new"),
    path("bookings/<uuid:number>/", views.booking_detail, name="detail"),
    path("bookings/<uuid:number>/door-codes/", views_access.reveal_booking_door_codes, name="door_codes"),
]
