from django.urls import path

from bookings import views, views_access, views_reviews

app_name = "bookings"

urlpatterns = [
    path("bookings/new/<int:rental_id>/", views.new_booking, name="new"),
    path("bookings/<uuid:number>/", views.booking_detail, name="detail"),
    path("bookings/<uuid:number>/door-codes/", views_access.reveal_booking_door_codes, name="door_codes"),
    path("bookings/<uuid:number>/review/", views_reviews.write_review, name="review"),
    path("bookings/reviews/<int:pk>/complain/", views_reviews.complain_about_review, name="complain"),
]
