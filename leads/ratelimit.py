"""Flood control for the lead forms: so many requests per IP address and per phone number in a window.

Counters live in the cache (Redis in production, shared by every worker), in fixed windows of
LEADS_RATE_LIMIT_WINDOW seconds. A limit of 0 turns that counter off."""

import hashlib

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core import ratelimit

MESSAGE = _(
    "Слишком много заявок подряд. Мы уже получили ваши предыдущие заявки и скоро свяжемся с вами; "
    "если нужно что-то добавить, попробуйте снова через несколько минут или позвоните нам."
)


class TooManyRequests(Exception):
    message = MESSAGE


def _key(kind, value):
    digest = hashlib.sha256(str(value).encode()).hexdigest()[:32]  # no phone numbers in cache keys
    return f"leads:rate:{kind}:{digest}"


def _hit(kind, value, limit) -> bool:
    """Count one request; True while it is within the limit."""
    if not limit or not value:
        return True
    return ratelimit.hit(_key(kind, value), settings.LEADS_RATE_LIMIT_WINDOW) <= limit


def check(ip, phone):
    """Count the request against its IP and its phone; raise TooManyRequests over either limit."""
    within_ip = _hit("ip", ip, settings.LEADS_RATE_LIMIT_PER_IP)
    within_phone = _hit("phone", phone, settings.LEADS_RATE_LIMIT_PER_PHONE)
    if not (within_ip and within_phone):
        raise TooManyRequests(MESSAGE)
