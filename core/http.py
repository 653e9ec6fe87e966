"""Request helpers shared by apps."""

import ipaddress

from django.conf import settings


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
