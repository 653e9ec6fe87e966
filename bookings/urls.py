from django.urls import path

from bookings import views

app_name = "bookings"

urlpatterns = [
    path("bookings/new/<int:rental_id>/", views.new_booking, name="new"),
    path("bookings/<uuid:number>/", views.booking_detail, name="detail"),
]
