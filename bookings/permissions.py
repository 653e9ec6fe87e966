"""Who may act on a booking as its landlord: the one place this rule lives."""


def can_manage_booking(user, booking) -> bool:
    """May `user` cancel `booking` with a reason, mark check-in and check-out, see its payments?

    The property's realtor (the owner of its page) and the superuser may."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    # TODO(lead): agency admins of the property's agency, once accounts has roles and agencies.
    return booking.rental.owner_id == user.pk
