"""Public booking pages (under the language prefix). The payment webhook is in config/urls.py, outside it."""

from django.urls import path

from bookings import views, views_access, views_payments, views_reviews

app_name = "bookings"

urlpatterns = [
    path("bookings/new/<int:rental_id>/", views.new_booking, name="new"),
    path("bookings/<uuid:number>/", views.booking_detail, name="detail"),
    path("bookings/<uuid:number>/door-codes/", views_access.reveal_booking_door_codes, name="door_codes"),
    path("bookings/<uuid:number>/review/", views_reviews.write_review, name="review"),
    path("bookings/reviews/<int:pk>/complain/", views_reviews.complain_about_review, name="complain"),
    path("bookings/<uuid:number>/pay/", views_payments.pay, name="pay"),
    path("bookings/<uuid:number>/payment/", views_payments.payment_status, name="payment_status"),
    path("bookings/<uuid:number>/cancel/", views_payments.cancel, name="cancel"),
    path("payments/sandbox/<slug:payment_id>/", views_payments.sandbox_payment, name="sandbox_payment"),
]
