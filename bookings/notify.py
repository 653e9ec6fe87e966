"""Messages about a booking to its guest (and realtor), through the notifications outbox."""


def send_booking_notice(booking, kind, **context):
    """Queue the `booking.<kind>` message; call inside the transaction that changed the booking.

    Placeholder until the notifications outbox lands: the lead wires it to notifications.notify."""
    return None
