"""Fixed-window counters in the cache (Redis in production, shared by every worker): the one way the
platform counts requests for a limit (lead forms, CSP reports, refused webhooks, the club cashier's wrong codes).

A window starts with its first hit and lasts `window` seconds; the count starts again after it."""

from django.core.cache import cache


def hit(key: str, window: int) -> int:
    """Count one event under `key` and return how many the current window has seen, this one included."""
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # the key expired between add and incr: this hit opens a new window
        cache.set(key, 1, timeout=window)
        return 1


def hits(key: str) -> int:
    """How many events the current window of `key` has seen, without counting one."""
    return cache.get(key, 0)
