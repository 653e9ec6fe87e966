"""The sales team's one time zone: working hours, viewing slots, reminders and report periods are in it."""

from zoneinfo import ZoneInfo

from django.conf import settings


def leads_time_zone():
    return ZoneInfo(settings.LEADS_TIME_ZONE)
