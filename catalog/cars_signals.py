"""Keep the car filter's cached options in step with the reference lists editors change."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

from catalog.filters.cars import CHOICES_CACHE_KEY, REFERENCE_MODELS
from catalog.models import CarModel


def clear_filter_choices(sender, **kwargs):
    cache.delete(CHOICES_CACHE_KEY)


def register_signal_handlers():
    for model in {*REFERENCE_MODELS.values(), CarModel}:
        for signal in (post_save, post_delete):
            signal.connect(clear_filter_choices, sender=model, dispatch_uid=f"cars-filter-choices-{model.__name__}")
