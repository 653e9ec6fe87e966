"""Which nights of a property can be booked: the card's month calendar and the search's date filter.

A day in the calendar stands for the night that starts on it, as a stay [check_in, check_out) does: the
day a guest leaves is free for the next one."""

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from bookings.models import BlockedPeriod, Booking


class DayState:
    FREE = "free"
    BOOKED = "booked"
    BLOCKED = "blocked"
    PAST = "past"


@dataclass(frozen=True)
class Day:
    date: date
    state: str
    chosen: bool = False
    # Its part in choosing dates on the calendar itself (bookings/card.py): "in" makes it the check-in, "out" the
    # check-out of the check-in already chosen; "" for a day that cannot be picked.
    pick: str = ""

    @property
    def label(self):
        """What the cell says besides its number, so the state is not told by colour alone."""
        return {
            DayState.BOOKED: _("занято"),
            DayState.BLOCKED: _("закрыто"),
            DayState.PAST: _("прошло"),
        }.get(self.state, _("ваша дата") if self.chosen else "")


@dataclass
class Month:
    first: date
    weeks: list = field(default_factory=list)  # weeks of 7 cells, Monday first; None outside the month

    @property
    def title(self):
        return date_format(self.first, "F Y")


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(first: date, count: int) -> date:
    index = first.year * 12 + first.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def busy_nights(rental_id, start: date, end: date, now=None) -> dict:
    """{night: DayState.BOOKED or BLOCKED} for every night in [start, end) that cannot be booked.

    Two queries whatever the range: the stays that hold their dates (an expired hold does not) and the
    realtor's blocks. A night both booked and blocked shows as booked."""
    busy = {}
    spans = [
        (DayState.BLOCKED, BlockedPeriod.objects.filter(rental_id=rental_id).overlapping(start, end)),
        (
            DayState.BOOKED,
            Booking.objects.occupying(now).overlapping(start, end).filter(rental_id=rental_id),
        ),
    ]
    for state, queryset in spans:
        first_field, last_field = ("start", "end") if state == DayState.BLOCKED else ("check_in", "check_out")
        for first, last in queryset.values_list(first_field, last_field):
            night = max(first, start)
            while night < min(last, end):
                busy[night] = state
                night += timedelta(days=1)
    return busy


def stay_conflict(busy: dict, check_in: date, check_out: date):
    """BLOCKED if the realtor closed a night of the stay, else BOOKED if a stay holds one, else None."""
    states = {busy.get(check_in + timedelta(days=offset)) for offset in range((check_out - check_in).days)}
    for state in (DayState.BLOCKED, DayState.BOOKED):
        if state in states:
            return state
    return None


def check_out_limit(busy: dict, check_in: date, last: date) -> date:
    """The latest check-out for a stay from `check_in`: the first busy night after it (a guest may leave the
    morning another arrives), or `last`."""
    night = check_in + timedelta(days=1)
    while night < last:
        if night in busy:
            return night
        night += timedelta(days=1)
    return last


def month_calendar(first: date, busy: dict, *, today: date, stay=None, pending_check_in=None, limit=None) -> Month:
    """One month's weeks, each day marked past, booked, blocked or free, whether it is in the chosen stay, and
    which it may become when clicked: a check-in, or (with `pending_check_in` chosen) a check-out up to `limit`."""
    month = Month(first)
    check_in, check_out = stay or (None, None)
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month):
        cells = []
        for day in week:
            if day.month != first.month:
                cells.append(None)
                continue
            state = busy.get(day) or (DayState.PAST if day < today else DayState.FREE)
            chosen = bool(check_in and check_in <= day < check_out) or day == pending_check_in
            if pending_check_in and pending_check_in < day <= limit:
                pick = "out"
            else:
                pick = "in" if state == DayState.FREE and day != pending_check_in else ""
            cells.append(Day(day, state, chosen, pick))
        month.weeks.append(cells)
    return month


def weekday_names():
    """[(full name, short name)] from Monday, in the current language."""
    monday = date(2024, 1, 1)
    return [
        (date_format(monday + timedelta(days=i), "l"), date_format(monday + timedelta(days=i), "D")) for i in range(7)
    ]


def availability_calendar(rental_id, first: date, months: int, *, stay=None, today=None, busy=None, pending=None):
    """`months` month calendars from `first`; `busy` may be given when the caller loaded a wider range.
    `pending` is a check-in chosen on the calendar whose check-out is still to be clicked."""
    today = today or timezone.localdate()
    end = add_months(first, months)
    if busy is None:
        busy = busy_nights(rental_id, min(first, pending) if pending else first, end)
    limit = None
    if pending:
        limit = check_out_limit(busy, pending, min(end, pending + timedelta(days=settings.BOOKING_MAX_NIGHTS)))
    return [
        month_calendar(add_months(first, i), busy, today=today, stay=stay, pending_check_in=pending, limit=limit)
        for i in range(months)
    ]


def exclude_busy(queryset, check_in: date, check_out: date, now=None):
    """The properties of `queryset` with every night of [check_in, check_out) free: NOT EXISTS, in one query.
    A property's translations share its bookings (they are made on the Russian page): matched by translation key."""
    same_property = {"rental__translation_key": OuterRef("translation_key")}
    stays = Booking.objects.occupying(now).overlapping(check_in, check_out).filter(**same_property)
    blocks = BlockedPeriod.objects.overlapping(check_in, check_out).filter(**same_property)
    return queryset.filter(~Exists(stays), ~Exists(blocks))
