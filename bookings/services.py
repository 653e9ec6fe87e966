"""Creating a booking without ever double-booking a property (DESIGN.md, «Bookings»).

First, without a lock, one indexed query refuses dates that are already taken or closed: when a hundred guests
ask for the same nights at once, all but the first few are refused there and never queue for the property's
lock. Then, in one transaction: lock the guest's row, then the property row, check the guest's live holds against
the limits, check again that nothing occupies the dates (recording stale overlapping holds as expired), insert
the HOLD. The property lock serialises bookings of one property, the guest's lock one guest's holds
on any property; on PostgreSQL an EXCLUDE constraint (migration 0002) is the last line of defence,
on SQLite the write transaction is taken IMMEDIATE (settings). Nothing else happens under the lock: a booking is
not content, so it stays out of Wagtail's reference index (Booking.wagtail_reference_index_ignore).
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from bookings.models import BlockedPeriod, Booking, BookingStatus, PromoCode
from bookings.pricing import find_promo, quote
from bookings.status import transition
from catalog.models import RentalPropertyPage


class DatesUnavailable(ValidationError):
    def __init__(self):
        super().__init__(_("Эти даты уже заняты. Выберите другие даты заезда и выезда."), code="dates_taken")


class DatesBlocked(DatesUnavailable):
    """The realtor closed some of these nights (repairs, personal use...): not a booking."""

    def __init__(self):
        ValidationError.__init__(
            self, _("Объект недоступен в эти даты. Выберите другие даты заезда и выезда."), code="dates_blocked"
        )


class TooManyHolds(ValidationError):
    """The guest already keeps as many unpaid holds as one may (BOOKING_MAX_LIVE_HOLDS_*)."""


@dataclass
class GuestDetails:
    name: str
    phone: str
    email: str = ""
    guests_count: int = 1
    comment: str = ""


def validate_stay(rental, check_in: date, check_out: date, guests_count: int = 1):
    """Raise ValidationError with a message for the guest if the stay cannot be booked at all."""
    if check_out <= check_in:
        raise ValidationError(_("Дата выезда должна быть позже даты заезда."), code="bad_dates")
    if check_in < timezone.localdate():
        raise ValidationError(_("Дата заезда уже прошла."), code="past")
    if (check_out - check_in).days > settings.BOOKING_MAX_NIGHTS:
        raise ValidationError(
            _("Можно забронировать не больше %(nights)d ночей подряд.") % {"nights": settings.BOOKING_MAX_NIGHTS},
            code="too_long",
        )
    if guests_count < 1 or guests_count > rental.sleeping_places:
        raise ValidationError(
            _("Здесь могут разместиться до %(places)d гостей.") % {"places": rental.sleeping_places},
            code="too_many_guests",
        )
    if not (rental.live and rental.is_active):
        raise ValidationError(_("Этот объект сейчас не сдаётся."), code="inactive")


def check_hold_limits(guest, rental_id):
    """Raise TooManyHolds if the guest already keeps the most unpaid holds allowed, in all or on this property.

    Without it one guest could hold every free night of a property, 15 minutes at a time. One query."""
    per_property = settings.BOOKING_MAX_LIVE_HOLDS_PER_PROPERTY_PER_GUEST
    per_guest = settings.BOOKING_MAX_LIVE_HOLDS_PER_GUEST
    if not (per_property or per_guest):
        return
    live = (
        Booking.objects.live_holds()
        .filter(guest=guest)
        .aggregate(here=Count("pk", filter=Q(rental_id=rental_id)), everywhere=Count("pk"))
    )
    if per_property and live["here"] >= per_property:
        raise TooManyHolds(
            _(
                "Вы уже держите максимум неоплаченных бронирований этого объекта (%(limit)d). "
                "Оплатите или отмените ожидающее оплаты бронирование, чтобы выбрать другие даты."
            )
            % {"limit": per_property},
            code="too_many_holds_here",
        )
    if per_guest and live["everywhere"] >= per_guest:
        raise TooManyHolds(
            _(
                "Вы уже держите максимум неоплаченных бронирований (%(limit)d). "
                "Оплатите или отмените одно из них, чтобы забронировать ещё."
            )
            % {"limit": per_guest},
            code="too_many_holds",
        )


def dates_state(rental_id, check_in, check_out, *, exclude_booking=None) -> tuple[bool, bool, bool]:
    """(closed by the realtor, taken by a stay, overlapping a hold that ran out) for these nights: one query of
    three EXISTS, each on the property's dates index. Written as SQL: it runs before and again under the lock on
    every hold request, and building it with the ORM (three subqueries) cost 3 ms of CPU, five times running it.
    The rules are BlockedPeriod.overlapping(), Booking.occupying() and Booking.stale_holds()
    (tests/bookings/test_hold_request_queries.py compares them)."""
    ops = connection.ops
    booking, blocked = Booking._meta.db_table, BlockedPeriod._meta.db_table
    day_in, day_out = ops.adapt_datefield_value(check_in), ops.adapt_datefield_value(check_out)
    now = ops.adapt_datetimefield_value(timezone.now())
    # Only table and column names are formatted in (from the models); every value is a parameter.
    stays = f"SELECT 1 FROM {booking} WHERE rental_id = %s AND check_in < %s AND check_out > %s"  # noqa: S608
    params = [rental_id, day_out, day_in]
    if exclude_booking is not None:
        stays += " AND id <> %s"
        params.append(exclude_booking.pk)
    live, held = (BookingStatus.CONFIRMED, BookingStatus.CHECKED_IN), BookingStatus.HOLD
    end = ops.quote_name("end")
    sql = (
        f"SELECT EXISTS(SELECT 1 FROM {blocked} WHERE rental_id = %s AND start < %s AND {end} > %s), "  # noqa: S608
        f"EXISTS({stays} AND (status IN (%s, %s) OR (status = %s AND hold_expires_at > %s))), "
        f"EXISTS({stays} AND status = %s AND hold_expires_at <= %s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [rental_id, day_out, day_in, *params, *live, held, now, *params, held, now])
        closed, taken, stale = cursor.fetchone()
    return bool(closed), bool(taken), bool(stale)


def check_dates_free(rental_id, check_in, check_out, *, exclude_booking=None):
    """Raise DatesBlocked if the realtor closed any of these nights, DatesUnavailable if a stay holds one.
    -> whether a hold that ran out overlaps them (to be recorded as expired before a new stay takes them)."""
    closed, taken, stale = dates_state(rental_id, check_in, check_out, exclude_booking=exclude_booking)
    if closed:
        raise DatesBlocked
    if taken:
        raise DatesUnavailable
    return stale


def dates_are_free(rental_id, check_in, check_out, *, exclude_booking=None) -> bool:
    try:
        check_dates_free(rental_id, check_in, check_out, exclude_booking=exclude_booking)
    except DatesUnavailable:
        return False
    return True


def expire_stale_holds(rental_id, check_in, check_out):
    """Record holds that ran out and overlap these dates, so the new stay can take them."""
    stale = Booking.objects.stale_holds().overlapping(check_in, check_out).filter(rental_id=rental_id)
    for booking in stale.select_for_update():
        transition(booking, BookingStatus.EXPIRED, reason=_("Оплата не поступила вовремя"))


def create_hold(
    *, rental_id, guest, check_in: date, check_out: date, details: GuestDetails, promo_code: str = ""
) -> Booking:
    """Hold the dates for the guest for BOOKING_HOLD_MINUTES, or raise DatesUnavailable / TooManyHolds /
    ValidationError.

    A promo code's row stays locked to the commit, so concurrent bookings cannot use it past its limits;
    a refused code (PromoCodeRefused) refuses the booking, as the guest was shown the discounted total."""
    # Taken or closed dates are refused before any lock: most guests of a crowd asking for the same nights end
    # here. A stay that takes them after this read is still refused below, under the property's lock.
    check_dates_free(rental_id, check_in, check_out)
    try:
        with transaction.atomic():
            # The guest first: one guest's holds on different properties queue here, so the limits hold.
            list(get_user_model().objects.select_for_update().filter(pk=guest.pk).values_list("pk"))
            rental = (
                RentalPropertyPage.objects.select_for_update(of=("self",))
                .select_related("pricing")  # read by quote(); FOR UPDATE OF locks the property's row only
                .get(pk=rental_id)
            )
            validate_stay(rental, check_in, check_out, details.guests_count)
            check_hold_limits(guest, rental.pk)
            if check_dates_free(rental.pk, check_in, check_out):
                expire_stale_holds(rental.pk, check_in, check_out)
            promo = find_promo(promo_code, lock=True) if promo_code else None
            price = quote(rental, check_in, check_out, promo, guest=guest)
            now = timezone.now()
            booking = Booking.objects.create(
                rental=rental,
                guest=guest,
                check_in=check_in,
                check_out=check_out,
                guests_count=details.guests_count,
                guest_name=details.name,
                guest_phone=details.phone,
                guest_email=details.email,
                comment=details.comment,
                nights=price.nights,
                total=price.total,
                promo_code=promo,
                discount=price.promo_discount,
                status=BookingStatus.HOLD,
                hold_expires_at=Booking.hold_deadline(now),
                rules_accepted_at=now,
            )
            booking.status_history.create(to_status=BookingStatus.HOLD, changed_by=guest)
            if promo is not None:
                PromoCode.objects.filter(pk=promo.pk).update(times_used=F("times_used") + 1)
            return booking
    except IntegrityError as error:
        # Only the database's EXCLUDE constraint can get here, if something skipped the lock.
        if "booking_no_overlap" in str(error):
            raise DatesUnavailable from error
        raise
