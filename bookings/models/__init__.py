"""Booking models, one module per concern; import them from here."""

from bookings.models.booking import OCCUPYING_STATUSES, Booking, BookingQuerySet, BookingStatus, BookingStatusChange
from bookings.models.payments import Payment, PaymentEvent, PaymentStatus, Refund, RefundStatus

__all__ = [
    "OCCUPYING_STATUSES",
    "Booking",
    "BookingQuerySet",
    "BookingStatus",
    "BookingStatusChange",
    "Payment",
    "PaymentEvent",
    "PaymentStatus",
    "Refund",
    "RefundStatus",
]
