from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet

from core.admin import PublicDataPermissionPolicy, ScopedSnippetViewSet
from home.models import NavigationMenu


class NavigationMenuViewSet(ScopedSnippetViewSet):
    model = NavigationMenu
    policy_class = PublicDataPermissionPolicy
    icon = "list-ul"
    menu_label = _("Меню")
    add_to_admin_menu = False
    list_display = ("name",)


register_snippet(NavigationMenuViewSet)
