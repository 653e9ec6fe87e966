"""Times on the booking screens, at the property's clock and with the zone named: «12:20 (Астана, UTC+5)».

The rentals keep one time zone (settings.BOOKING_TIME_ZONE, bookings.lifecycle.booking_zone); a guest booking from
Moscow sees the same «до 12:20» on every page, and learns whose clock that is."""

from datetime import datetime, time

from django import template
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import time as time_filter
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bookings.lifecycle import booking_zone

register = template.Library()

# Zones the rentals may be in, by the city their people call it after; any other shows its own name.
ZONE_NAMES = {
    "Asia/Almaty": _("Астана"),
    "Asia/Qostanay": _("Астана"),
    "Asia/Aqtobe": _("Актобе"),
    "Asia/Aqtau": _("Актау"),
    "Asia/Atyrau": _("Атырау"),
    "Asia/Oral": _("Уральск"),
    "Asia/Qyzylorda": _("Кызылорда"),
    "Europe/Moscow": _("Москва"),
}


def zone_label(moment=None):
    """ "Астана, UTC+5": the property's zone and its offset at `moment` (now by default)."""
    zone = booking_zone()
    moment = timezone.localtime(moment or timezone.now(), zone)
    minutes = int(moment.utcoffset().total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    offset = f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")
    name = ZONE_NAMES.get(zone.key) or zone.key.rsplit("/", 1)[-1].replace("_", " ")
    return f"{name}, {offset}"


@register.simple_tag
def property_zone(moment=None):
    """{% property_zone %} -> "Астана, UTC+5"."""
    return zone_label(moment if isinstance(moment, datetime) else None)


@register.filter
def property_zone_of(value):
    """{{ moment|property_zone_of }} -> "Астана, UTC+5" (the offset at that moment; now for a wall-clock time)."""
    return zone_label(value if isinstance(value, datetime) else None)


@register.filter
def property_time(value, fmt="H:i"):
    """A moment (aware datetime) or a wall-clock time at the property -> "12:20 (Астана, UTC+5)"."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime):
        text = date_filter(timezone.localtime(value, booking_zone()), fmt)
        return f"{text} ({zone_label(value)})"
    return f"{time_filter(value, fmt) if isinstance(value, time) else value} ({zone_label()})"
