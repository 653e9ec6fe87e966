"""An event page published as cancelled ends its registrations and tells each member (loyalty.services.events)."""

from django.dispatch import receiver
from wagtail.signals import page_published

from catalog.models import EventPage
from loyalty.services import events


@receiver(page_published, sender=EventPage, dispatch_uid="club-event-cancelled")
def event_cancelled(sender, instance, **kwargs):
    if instance.status == EventPage.Status.CANCELLED:
        events.cancel_event(instance)
