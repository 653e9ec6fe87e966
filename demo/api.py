"""The public API's demo partner: a dealer of Avtofamily with an API key (development only).

The dealer is a staff user in a group with *add* on the Avtofamily car catalog: as in the admin, they add ads and
change only the ads they own (Wagtail lets a page's owner edit it with *add*); without *publish* their new ads and
changes wait as drafts for the editors, and hiding an ad is refused (*publish* on the whole catalog would let them
unpublish other dealers' ads in the admin). Statuses of their own ads they change. Three demo ads are theirs.
`manage.py demo_api_key` (run by `make run`) gives them a fresh key and prints it."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Site

from accounts.access import grant_pages
from api.models import ApiKey, Scope
from catalog.models import CarAdPage, CarIndexPage

DEALER_EMAIL = "dealer-api@demo.example.com"
DEALER_GROUP = "Дилер API (демо)"
KEY_NAME = "Демо-дилер"
OWNED_ADS = 3


def seed_dealer():
    """The dealer, their group and their ads; idempotent. None when the Avtofamily demo is not seeded."""
    site = Site.objects.filter(hostname="avtofamily.localhost").select_related("root_page").first()
    index = CarIndexPage.objects.child_of(site.root_page).first() if site else None
    if index is None:
        return None
    with transaction.atomic():
        group, _created = Group.objects.get_or_create(name=DEALER_GROUP)
        group.permissions.add(Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin"))
        grant_pages(group, [index], ("add",))
        user, _created = get_user_model().objects.get_or_create(
            email=DEALER_EMAIL, defaults={"first_name": "Демо", "last_name": "Дилер", "is_staff": True}
        )
        user.groups.add(group)
        if not CarAdPage.objects.child_of(index).filter(owner=user).exists():
            ads = CarAdPage.objects.child_of(index).order_by("path").values_list("pk", flat=True)[:OWNED_ADS]
            CarAdPage.objects.filter(pk__in=list(ads)).update(owner=user)
    return user


def new_demo_key(user):
    """Revoke the dealer's demo keys and make a new one; returns the full key (shown once)."""
    with transaction.atomic():
        for key in ApiKey.objects.active().filter(owner=user, name=KEY_NAME):
            key.revoke()
        key = ApiKey(name=KEY_NAME, owner=user, scopes=[Scope.CARS_WRITE, Scope.LEADS])
        full = key.set_new_secret()
        key.save()
    return full


__all__ = ["new_demo_key", "seed_dealer"]
