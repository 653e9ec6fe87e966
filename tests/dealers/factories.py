"""Dealers as the admin makes them: a catalog page inside the brand's main one, the Dealer row (its group, page
permissions and moderation workflow come from Dealer.save), members given the dealer role by roles.set_role."""

from wagtail.models import Site

from accounts import roles
from catalog.models import CarIndexPage
from dealers.models import Dealer
from tests.accounts.factories import staff
from tests.catalog.factories import CarAdPageFactory, CarIndexPageFactory

CARS_HOST = "avtofamily.localhost"


def cars_home():
    return Site.objects.get(hostname=CARS_HOST).root_page.specific


def main_catalog():
    return CarIndexPage.objects.child_of(cars_home()).order_by("path").first().specific


def dealer(name, **fields):
    root = CarIndexPageFactory(parent=main_catalog(), title=name)
    return Dealer.objects.create(name=name, root_page=root, **fields)


def member(of, **fields):
    return staff(roles.DEALER, dealer=of, **fields)


def draft_ad(of, owner, **fields):
    """An ad the member has saved as a draft (a revision of theirs), not yet submitted."""
    ad = CarAdPageFactory(parent=of.root_page, live=False, first_published_at=None, last_published_at=None, **fields)
    ad.owner = owner
    ad.save(update_fields=["owner"])
    ad.save_revision(user=owner)
    return ad


def submit(ad, user):
    """What «Отправить на модерацию» does: start the workflow of the ad's catalog."""
    return ad.get_workflow().start(ad, user)
