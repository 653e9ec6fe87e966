from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from core.admin import PublicDataPermissionPolicy, ScopedSnippetViewSet
from home.models import BrandSettings, NavigationMenu


class NavigationMenuViewSet(ScopedSnippetViewSet):
    model = NavigationMenu
    policy_class = PublicDataPermissionPolicy
    icon = "list-ul"
    menu_label = _("Меню")
    add_to_admin_menu = False
    list_display = ("name",)


register_snippet(NavigationMenuViewSet)


@hooks.register("localized_site_name")
def brand_name_in_language(site):
    """The brand's name in the visitor's language for page titles (core.BasePage.seo_sitename), when the brand
    settings give one; None keeps the site's name."""
    if (get_language() or settings.LANGUAGE_CODE).split("-")[0] == settings.LANGUAGE_CODE:
        return None
    return BrandSettings.for_site(site).local_name or None
