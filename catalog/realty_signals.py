"""Keep InBack's derived data in step with publishing: the complex's figures and the price history."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move

from catalog.models import ApartmentPage, ResidentialComplexPage
from catalog.realty_services import record_price_change, refresh_complex_stats


@receiver(page_published, sender=ApartmentPage, dispatch_uid="realty-apartment-published")
def apartment_published(sender, instance, **kwargs):
    record_price_change(instance)
    if instance.complex_id:
        refresh_complex_stats(instance.complex_id)


@receiver(page_unpublished, sender=ApartmentPage, dispatch_uid="realty-apartment-unpublished")
def apartment_unpublished(sender, instance, **kwargs):
    if instance.complex_id:
        refresh_complex_stats(instance.complex_id)


@receiver(post_delete, sender=ApartmentPage, dispatch_uid="realty-apartment-deleted")
def apartment_deleted(sender, instance, **kwargs):
    if instance.complex_id:
        complex_id = instance.complex_id
        transaction.on_commit(lambda: refresh_complex_stats(complex_id))


@receiver(post_page_move, sender=ApartmentPage, dispatch_uid="realty-apartment-moved")
def apartment_moved(sender, instance, parent_page_before, parent_page_after, **kwargs):
    ApartmentPage.objects.filter(pk=instance.pk).update(complex_id=parent_page_after.pk)
    for parent in (parent_page_before, parent_page_after):
        refresh_complex_stats(parent.pk)


@receiver(page_published, sender=ResidentialComplexPage, dispatch_uid="realty-complex-published")
def complex_published(sender, instance, **kwargs):
    refresh_complex_stats(instance.pk)
