"""Keep the posts in line with the ad: publishing a car ad on the site updates its posts (and queues it on the
platforms set to publish new ads); unpublishing it, or publishing it as sold, withdraws them. Ads changed in bulk
(the import, a status set from the admin list) come by catalog.signals.car_ads_changed; a deleted ad's posts are
withdrawn like any other, its publication rows staying as the history."""

from django.db import transaction
from django.db.models.signals import pre_delete
from wagtail.signals import page_published, page_unpublished

from catalog.models import CarAdPage
from catalog.signals import car_ads_changed
from publishing import services, tasks


def ad_changed(sender, instance, **kwargs):
    ad_id = instance.pk

    # After the page's own transaction: the ad is read as committed, and a failure here cannot undo a publish.
    def sync():
        ad = CarAdPage.objects.filter(pk=ad_id).first()
        if ad is not None:
            services.sync_ad(ad)

    transaction.on_commit(sync)


def ads_changed(sender, page_ids, **kwargs):
    """Sent after the commit: one task for the lot (an import brings thousands)."""
    if page_ids:
        tasks.sync_ads.delay(list(page_ids))


def ad_deleted(sender, instance, **kwargs):
    """Before the ad goes (its publications keep a NULL link): the posts are queued for withdrawal."""
    services.ad_deleted(instance)


def register_signal_handlers():
    page_published.connect(ad_changed, sender=CarAdPage, dispatch_uid="publishing-ad-published")
    page_unpublished.connect(ad_changed, sender=CarAdPage, dispatch_uid="publishing-ad-unpublished")
    car_ads_changed.connect(ads_changed, sender=CarAdPage, dispatch_uid="publishing-ads-changed")
    pre_delete.connect(ad_deleted, sender=CarAdPage, dispatch_uid="publishing-ad-deleted")
