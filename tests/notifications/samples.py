"""Sample message contexts, as the apps that notify pass them."""

import datetime

# booking.confirmed, as bookings/notify.py (confirmation_context) gives it
BOOKING_CONFIRMED = {
    "number": "ZH-7",
    "property": "Квартира у Ботанического сада",
    "url": "https://zhilego.example/b/ZH-7/",
    "check_in": datetime.date(2026, 8, 10),
    "check_out": datetime.date(2026, 8, 12),
    "address": "Астана, ул. Достык, 5",
    "check_in_time": datetime.time(14),
    "check_out_time": datetime.time(12),
    "nights": 2,
    "total": 40000,
    "realtor": {"name": "Ерлан Риелторов", "phone": "+77010000001", "email": "realtor@example.com"},
    "instructions": "Ключи в сейфе у двери.",
}
