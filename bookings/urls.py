"""Public booking pages (under the language prefix). The payment webhook is in config/urls.py, outside it."""

from django.urls import path

from bookings import views_payments

app_name = "bookings"

urlpatterns = [
    path("bookings/<uuid:number>/pay/", views_payments.pay, name="pay"),
    path("bookings/<uuid:number>/payment/", views_payments.payment_status, name="payment_status"),
    path("bookings/<uuid:number>/cancel/", views_payments.cancel, name="cancel"),
    path("payments/sandbox/<slug:payment_id>/", views_payments.sandbox_payment, name="sandbox_payment"),
]
