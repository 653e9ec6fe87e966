"""Booking models, one module per concern; import them from here."""

from bookings.models.booking import OCCUPYING_STATUSES, Booking, BookingQuerySet, BookingStatus, BookingStatusChange
from bookings.models.pricing import (
    BlockedPeriod,
    BlockReason,
    DiscountKind,
    PriceOverride,
    PromoCode,
    RentalPricing,
)
from bookings.models.reminders import BookingReminder, ReminderKind

__all__ = [
    "OCCUPYING_STATUSES",
    "BlockReason",
    "BlockedPeriod",
    "Booking",
    "BookingQuerySet",
    "BookingReminder",
    "BookingStatus",
    "BookingStatusChange",
    "DiscountKind",
    "PriceOverride",
    "PromoCode",
    "ReminderKind",
    "RentalPricing",
]
