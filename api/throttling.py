"""Requests per API key (per IP address without one), counted by core.ratelimit; past the limit DRF answers 429
with Retry-After (the seconds left of the window)."""

from django.conf import settings
from django.core.cache import cache
from rest_framework.throttling import BaseThrottle

from core import ratelimit
from core.http import client_ip


class ApiKeyRateThrottle(BaseThrottle):
    def allow_request(self, request, view):
        if request.auth is not None:
            key, limit = f"api:rate:key:{request.auth.pk}", settings.API_RATE_LIMIT_PER_KEY
        else:
            key, limit = f"api:rate:ip:{client_ip(request._request)}", settings.API_RATE_LIMIT_ANONYMOUS
        if not limit:
            return True
        window = settings.API_RATE_LIMIT_WINDOW
        self.key, self.window = key, window
        return ratelimit.hit(key, window) <= limit

    def wait(self):
        ttl = getattr(cache, "ttl", None)  # django-redis and Django's Redis cache know it; local memory does not
        left = ttl(self.key) if ttl else None
        return left if left and left > 0 else self.window
