"""Forget the cached choices of the rentals search when a reference list or the set of properties changes."""

from django.db.models.signals import post_delete, post_save

from catalog.filters.rentals import forget_reference_choices
from catalog.models import Amenity, City, District, HousingClass, PropertyType, RentalPropertyPage


def forget_filter_choices(**kwargs):
    forget_reference_choices()


def register_signal_handlers():
    for model in (City, District, Amenity, HousingClass, PropertyType, RentalPropertyPage):
        post_save.connect(forget_filter_choices, sender=model, dispatch_uid=f"rentals_choices_saved_{model.__name__}")
        post_delete.connect(
            forget_filter_choices, sender=model, dispatch_uid=f"rentals_choices_deleted_{model.__name__}"
        )
