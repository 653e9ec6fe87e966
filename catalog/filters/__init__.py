"""django-filter FilterSets, one module per vertical, and the cache of their select options.

The options of the selects (cities, districts, makes, ...) come from reference lists and, for some, from the
live listings (only the cities that have any). They are cached, so rendering and validating a filter form costs
no query; `catalog.signals` forgets them all whenever a reference list or such a listing changes."""

from django.core.cache import cache

CHOICES_CACHE_KEY = "catalog:filter-choices"
CHOICES_TIMEOUT = 60 * 60


def cached_choices(name, build):
    """The options list `name`, built with `build()` on a miss. Every list lives in the one cache entry,
    so that forget_filter_choices() drops them together."""
    choices = cache.get(CHOICES_CACHE_KEY) or {}
    if name not in choices:
        choices[name] = build()
        cache.set(CHOICES_CACHE_KEY, choices, CHOICES_TIMEOUT)
    return choices[name]


def forget_filter_choices(**kwargs):
    """Drop every cached options list (a signal receiver, too)."""
    cache.delete(CHOICES_CACHE_KEY)
