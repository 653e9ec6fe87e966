"""Drop the cached header and footer navigation, and the home pages' listings, when what they show changes."""

from django.conf import settings
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.db.models.signals import post_delete, post_save
from wagtail.models import Site
from wagtail.signals import page_published, page_unpublished

NAVIGATION_FRAGMENTS = ("site_header_nav", "site_footer")


def clear_navigation_cache(**kwargs):
    keys = [
        make_template_fragment_key(fragment, [site_id, language])
        for fragment in NAVIGATION_FRAGMENTS
        for site_id in Site.objects.values_list("pk", flat=True)
        for language, _name in settings.LANGUAGES
    ]
    cache.delete_many(keys)


def register_signal_handlers():
    from home.catalogs import forget_prepared
    from home.models import BrandSettings, NavigationMenu, NavigationMenuItem

    for model in (BrandSettings, NavigationMenu, NavigationMenuItem, Site):
        post_save.connect(clear_navigation_cache, sender=model, dispatch_uid=f"nav-save-{model.__name__}")
        post_delete.connect(clear_navigation_cache, sender=model, dispatch_uid=f"nav-delete-{model.__name__}")
    page_published.connect(clear_navigation_cache, dispatch_uid="nav-page-published")
    page_unpublished.connect(clear_navigation_cache, dispatch_uid="nav-page-unpublished")
    # the home pages' listings and posts (home/catalogs.py) are fetched anew after any publishing
    page_published.connect(forget_prepared, dispatch_uid="home-blocks-page-published")
    page_unpublished.connect(forget_prepared, dispatch_uid="home-blocks-page-unpublished")
