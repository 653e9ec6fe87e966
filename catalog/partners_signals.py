"""«Свой Круг»: keep the cached filter choices in step with cities, categories, partners and events."""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished

from catalog.filters.partners import forget_choices
from catalog.models import BusinessCategory, BusinessPage, City, EventPage


def forget_filter_choices(**kwargs):
    forget_choices()


def register_signal_handlers():
    for model in (City, BusinessCategory, BusinessPage, EventPage):
        for signal in (post_save, post_delete):
            signal.connect(forget_filter_choices, sender=model, dispatch_uid=f"svoykrug-choices-{model.__name__}")
    for model in (BusinessPage, EventPage):
        for signal in (page_published, page_unpublished):
            signal.connect(forget_filter_choices, sender=model, dispatch_uid=f"svoykrug-choices-{model.__name__}")
