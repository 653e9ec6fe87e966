"""Keep the posts in line with the ad: publishing a car ad on the site updates its posts (and queues it on the
platforms set to publish new ads); unpublishing it, or publishing it as sold, withdraws them."""

from django.db import transaction
from wagtail.signals import page_published, page_unpublished

from catalog.models import CarAdPage
from publishing import services


def ad_changed(sender, instance, **kwargs):
    ad_id = instance.pk

    # After the page's own transaction: the ad is read as committed, and a failure here cannot undo a publish.
    def sync():
        ad = CarAdPage.objects.filter(pk=ad_id).first()
        if ad is not None:
            services.sync_ad(ad)

    transaction.on_commit(sync)


def register_signal_handlers():
    page_published.connect(ad_changed, sender=CarAdPage, dispatch_uid="publishing-ad-published")
    page_unpublished.connect(ad_changed, sender=CarAdPage, dispatch_uid="publishing-ad-unpublished")
