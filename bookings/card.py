"""What the property card shows from bookings: the busy-dates calendar and the price of the chosen dates.

`RentalPropertyPage.get_context` calls `rental_card_context`; everything comes from GET parameters
(`month=YYYY-MM`, `check_in`, `check_out`, `promo`), so the card works without JavaScript.

Queries: two for the busy nights (stays and blocks, over the months shown and the chosen stay at once),
and with dates two for the price (the property's rules, its overrides) and two for a promo code."""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from bookings.availability import (
    DayState,
    add_months,
    availability_calendar,
    busy_nights,
    month_start,
    stay_conflict,
    weekday_names,
)
from bookings.forms import StayQuoteForm
from bookings.pricing import PromoCodeRefused, apply_promo, quote
from bookings.services import DatesBlocked, DatesUnavailable

MONTHS_SHOWN = 3
MONTHS_AHEAD = 12  # how far «Следующие месяцы» may go


def parse_month(value):
    """ "2026-05" -> date(2026, 5, 1); None for anything else."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return None


def parse_day(value):
    try:
        return date.fromisoformat(value or "")
    except ValueError:
        return None


def rental_card_context(rental, request):
    today = timezone.localdate()
    this_month = month_start(today)
    last_first = add_months(this_month, MONTHS_AHEAD - MONTHS_SHOWN + 1)
    params = request.GET
    # A check-in clicked on the calendar, its check-out still to click: no form errors yet, the days after it
    # become check-out links.
    pending = parse_day(params.get("check_in")) if not params.get("check_out") else None
    pending = pending if pending and today <= pending < add_months(this_month, MONTHS_AHEAD) else None
    form = StayQuoteForm(params if not pending and ("check_in" in params or "check_out" in params) else None)
    stay = None
    if form.is_bound and form.is_valid():
        stay = (form.cleaned_data["check_in"], form.cleaned_data["check_out"])

    first = parse_month(params.get("month")) or (month_start((stay and stay[0]) or pending or this_month))
    first = min(max(first, this_month), last_first)
    end = add_months(first, MONTHS_SHOWN)
    # one load covers the months shown and the chosen stay (or check-in), wherever it falls
    start = min(first, stay[0] if stay else pending or first)
    busy = busy_nights(rental.pk, start, max(end, stay[1]) if stay else end)
    calendar = availability_calendar(rental.pk, first, MONTHS_SHOWN, stay=stay, today=today, busy=busy, pending=pending)
    context = {
        "stay_pending": pending,
        "availability": {
            "months": calendar,
            "weekdays": weekday_names(),
            "previous": (add_months(first, -1).strftime("%Y-%m") if first > this_month else None),
            "next": (add_months(first, 1).strftime("%Y-%m") if first < last_first else None),
        },
        "stay_form": form,
    }
    if stay:
        context.update(stay_price(rental, *stay, busy, form, request.user))
    return context


def stay_price(rental, check_in, check_out, busy, form, user):
    """{"stay_quote": Quote} for free dates, or {"stay_error": why they cannot be booked}."""
    if not (rental.live and rental.is_active):
        return {"stay_error": _("Этот объект сейчас не сдаётся.")}
    conflict = stay_conflict(busy, check_in, check_out)
    if conflict == DayState.BLOCKED:
        return {"stay_error": DatesBlocked().messages[0]}
    if conflict == DayState.BOOKED:
        return {"stay_error": DatesUnavailable().messages[0]}
    price = quote(rental, check_in, check_out)
    promo = form.cleaned_data.get("promo")
    if promo:
        try:
            price = apply_promo(price, promo, guest=user if user.is_authenticated else None)
        except PromoCodeRefused as refused:
            form.add_error("promo", refused.messages[0])
    return {"stay_quote": price}
