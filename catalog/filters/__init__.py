"""django-filter FilterSets, one module per vertical, and the cache of their select options.

The options of the selects (cities, districts, makes, ...) come from reference lists and, for some, from the
live listings (only the cities that have any). They are cached, so rendering and validating a filter form costs
no query; `catalog.signals` forgets them all whenever a reference list or such a listing changes."""

import uuid

from django import forms
from django.core.cache import cache
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

CHOICES_CACHE_KEY = "catalog:filter-choices"
CHOICES_TIMEOUT = 60 * 60


def cached_choices(name, build):
    """The options list `name`, built with `build()` on a miss. Every list lives in the one cache entry,
    so that forget_filter_choices() drops them together."""
    choices = cache.get(CHOICES_CACHE_KEY) or {}
    if name != "generation":  # the lists name reference entries in the visitor's language
        name = f"{name}:{get_language()}"
    if name not in choices:
        choices[name] = build()
        cache.set(CHOICES_CACHE_KEY, choices, CHOICES_TIMEOUT)
    return choices[name]


def cached_long_choices(name, build):
    """A long options list (a thousand complexes) in an entry of its own, so that the pages that do not show
    it do not read it; its key carries the generation of the shared entry, so forget_filter_choices() drops
    it too."""
    generation = cached_choices("generation", lambda: uuid.uuid4().hex)
    key = f"{CHOICES_CACHE_KEY}:{name}:{generation}"
    choices = cache.get(key)
    if choices is None:
        choices = build()
        cache.set(key, choices, CHOICES_TIMEOUT)
    return choices


def forget_filter_choices(**kwargs):
    """Drop every cached options list (a signal receiver, too)."""
    cache.delete(CHOICES_CACHE_KEY)


class PlainSelect(forms.Select):
    """A select rendered in Python: Django renders each <option> through a template, which for a thousand
    options took most of a page's CPU."""

    def render(self, name, value, attrs=None, renderer=None):
        selected = set(self.format_value(value))
        options = "".join(
            f'<option value="{escape(option)}"{" selected" if str(option) in selected else ""}>{escape(label)}</option>'
            for option, label in self.choices
        )
        attributes = flatatt(self.build_attrs(self.attrs, attrs))
        return mark_safe(f'<select name="{escape(name)}"{attributes}>{options}</select>')  # noqa: S308 - escaped
