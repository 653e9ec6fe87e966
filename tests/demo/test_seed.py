"""`manage.py seed_demo` is idempotent: a second run on the seeded demo changes nothing."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Page, PageLogEntry, Revision, Site

from blog.models import BlogAuthor
from home.models import BrandSettings, NavigationMenu, NavigationMenuItem
from images.models import CustomImage

pytestmark = pytest.mark.django_db


def test_seed_demo_twice_changes_nothing():
    def snapshot():
        return {
            "pages": list(Page.objects.order_by("pk").values_list("pk", "title", "last_published_at")),
            "revisions": Revision.objects.count(),
            "log": PageLogEntry.objects.count(),
            "images": CustomImage.objects.count(),
            "renditions": CustomImage.get_rendition_model().objects.count(),
            "sites": list(Site.objects.order_by("pk").values_list("pk", "hostname", "root_page_id")),
            "settings": BrandSettings.objects.count(),
            "menus": NavigationMenu.objects.count(),
            "menu_items": list(NavigationMenuItem.objects.order_by("pk").values_list("link_page", "sort_order")),
            "authors": BlogAuthor.objects.count(),
        }

    before = snapshot()
    out = io.StringIO()
    call_command("seed_demo", port=80, translations="sample", stdout=out)  # as the test demo was built
    assert snapshot() == before
    assert "Demo ready: 0 objects created." in out.getvalue()
