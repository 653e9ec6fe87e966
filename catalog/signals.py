"""Keep the cached filter options (catalog.filters) in step with what they are built from: the reference lists,
and the listings whose live set decides which cities a filter offers."""

from django.apps import apps
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal
from wagtail.signals import page_published, page_unpublished

from catalog.filters import forget_filter_choices
from catalog.models import BusinessPage, EventPage, RentalPropertyPage, ResidentialComplexPage
from catalog.models.reference import ReferenceItem

# Car ads changed in bulk, without a page_published / page_unpublished for each (the import's new ads, a status
# set from the admin list on an ad with a draft): sent after the commit with `page_ids`, the ads' primary keys.
# Cross-posting (publishing/, a higher layer) listens.
car_ads_changed = Signal()

# Complexes: the apartments' «Жилой комплекс» select lists the live ones.
LISTINGS_THAT_SHAPE_CHOICES = (BusinessPage, EventPage, RentalPropertyPage, ResidentialComplexPage)


def register_signal_handlers():
    references = [model for model in apps.get_app_config("catalog").get_models() if issubclass(model, ReferenceItem)]
    for model in (*references, *LISTINGS_THAT_SHAPE_CHOICES):
        for signal in (post_save, post_delete):
            signal.connect(forget_filter_choices, sender=model, dispatch_uid=f"filter-choices-{model.__name__}")
    for model in LISTINGS_THAT_SHAPE_CHOICES:
        for signal in (page_published, page_unpublished):
            signal.connect(forget_filter_choices, sender=model, dispatch_uid=f"filter-choices-{model.__name__}")
