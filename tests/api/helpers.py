"""Partners of the API for tests: users with Wagtail page permissions and their keys."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Site

from accounts.access import grant_pages
from api.models import ApiKey, Scope
from catalog.models import CarIndexPage

CARS = "avtofamily.localhost"
REALTY = "inback.localhost"
RENTALS = "zhilego.localhost"
BASE = "/api/v1/"


def site_home(host):
    return Site.objects.get(hostname=host).root_page.specific


def car_index():
    return CarIndexPage.objects.child_of(site_home(CARS)).get(slug="cars")  # the dealers have catalogs beside it


def partner(email, pages, actions=("add", "publish")):
    """A staff user in a group of their own with `actions` on `pages` (and so their subtrees)."""
    group = Group.objects.create(name=f"partner {email}")
    grant_pages(group, pages, actions)
    user = get_user_model().objects.create_user(email=email, password="pw", is_staff=True)
    user.groups.add(group)
    return user


def key_for(user, scopes=(Scope.CARS_WRITE, Scope.APARTMENTS_WRITE, Scope.LEADS)):
    key = ApiKey(name="test", owner=user, scopes=list(scopes))
    full = key.set_new_secret()
    key.save()
    return key, {"HTTP_AUTHORIZATION": f"Api-Key {full}"}
