"""Filters of the analytics page: a cell's display by its column kind, and the heat map's colour step."""

import math
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.formats import number_format

from bookings.analytics import Kind
from core.money import format_tenge

register = template.Library()
HEAT_STEPS = 5


@register.filter
def analytics_cell(value, kind):
    """A value as the page shows it: money in whole tenge with spaces, percent with one decimal, «—» for none."""
    if value is None:
        return "—"
    if kind == Kind.MONEY:
        return format_tenge(Decimal(value).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
    if kind == Kind.PERCENT:
        return f"{number_format(value, 1)}\u00a0%"
    return value


@register.filter
def heat_level(value):
    """0 for an empty cell, 1..5 by steps of 20%, "closed" when no night could be booked."""
    if value is None:
        return "closed"
    return min(HEAT_STEPS, math.ceil(Decimal(value) * HEAT_STEPS / 100))
