"""Rental bookings (ЖильеGO): holds, payments, status history, no double booking."""
