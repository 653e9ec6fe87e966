"""Booking models, one module per concern; import them from here."""

from bookings.models.access import DoorCodeReveal, DoorCodes, RentalAccess
from bookings.models.booking import OCCUPYING_STATUSES, Booking, BookingQuerySet, BookingStatus, BookingStatusChange
from bookings.models.payments import Payment, PaymentEvent, PaymentStatus, Refund, RefundStatus
from bookings.models.pricing import (
    BlockedPeriod,
    BlockReason,
    DiscountKind,
    PriceOverride,
    PromoCode,
    RentalPricing,
)
from bookings.models.reminders import BookingReminder, ReminderKind
from bookings.models.reviews import (
    ComplaintReason,
    Review,
    ReviewComplaint,
    ReviewPhoto,
    ReviewQuerySet,
    ReviewStatus,
)

__all__ = [
    "OCCUPYING_STATUSES",
    "BlockReason",
    "BlockedPeriod",
    "Booking",
    "BookingQuerySet",
    "BookingReminder",
    "BookingStatus",
    "BookingStatusChange",
    "ComplaintReason",
    "DiscountKind",
    "DoorCodeReveal",
    "DoorCodes",
    "Payment",
    "PaymentEvent",
    "PaymentStatus",
    "PriceOverride",
    "PromoCode",
    "Refund",
    "RefundStatus",
    "ReminderKind",
    "RentalAccess",
    "RentalPricing",
    "Review",
    "ReviewComplaint",
    "ReviewPhoto",
    "ReviewQuerySet",
    "ReviewStatus",
]
