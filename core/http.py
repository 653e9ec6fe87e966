"""Request helpers shared by apps."""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.http import url_has_allowed_host_and_scheme


def client_ip(request):
    """The visitor's IP: from the trusted proxy's header when CLIENT_IP_HEADER names one, else REMOTE_ADDR.

    For X-Forwarded-For the last address is the one our own proxy appended; earlier ones are the client's word."""
    candidates = []
    if settings.CLIENT_IP_HEADER:
        candidates.append(request.META.get(settings.CLIENT_IP_HEADER, "").split(",")[-1].strip())
    candidates.append(request.META.get("REMOTE_ADDR", ""))
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return None


def safe_next(request, url, fallback="/"):
    """Where a form's `next` may send the visitor: a path or a URL of this site, else `fallback`.

    Only paths (`/…`) and absolute URLs are taken: Django's `redirect()` would read a bare word as a URL name
    and fail, and a redirect to another host is an open redirect."""
    is_a_url = bool(url) and (url.startswith("/") or "://" in url)
    if is_a_url and url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return url
    return fallback


def url_host(url):
    """The host of a URL in lower case; "" when it has none or is malformed (a Referer of `http://[::1`)."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""
