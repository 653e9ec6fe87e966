"""The admin per role: dashboards, menus, what realtors see, agencies, and the superuser's access tools."""

from django.db.models import Q
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from accounts import admin_views, audit, dashboard, roles
from accounts.agencies import Agency, agency_of

# Menu entries a role has no use for, even where Wagtail would show them (by the menu item's name).
HIDDEN_MENU_ITEMS = {
    roles.MANAGER: {"help", "reports", "documents"},
    roles.REALTOR: {"help", "reports", "documents"},
    roles.AGENCY_ADMIN: {"help", "documents"},
    roles.BUSINESS_OWNER: {"help", "reports", "documents"},
}


@hooks.register("register_log_actions")
def register_access_log_actions(actions):
    audit.register_log_actions(actions)


@hooks.register("construct_homepage_panels")
def add_role_panels(request, panels):
    panels[:0] = dashboard.panels_for(request)


@hooks.register("construct_main_menu")
def trim_menu_for_role(request, menu_items):
    hidden = HIDDEN_MENU_ITEMS.get(roles.role_of(request.user), set())
    menu_items[:] = [item for item in menu_items if item.name not in hidden]


class RoleMenuItem(MenuItem):
    def __init__(self, *args, roles_shown, **kwargs):
        super().__init__(*args, **kwargs)
        self.roles_shown = roles_shown

    def is_shown(self, request):
        return roles.role_of(request.user) in self.roles_shown


@hooks.register("register_admin_menu_item")
def my_listings_menu_item():
    return RoleMenuItem(
        _("Мои объекты"),
        reverse("accounts_admin:my_listings"),
        name="my_listings",
        icon_name="home",
        order=90,
        roles_shown={roles.REALTOR, roles.AGENCY_ADMIN},
    )


@hooks.register("register_admin_menu_item")
def my_business_menu_item():
    return RoleMenuItem(
        _("Мой бизнес"),
        reverse("accounts_admin:my_business"),
        name="my_business",
        icon_name="site",
        order=90,
        roles_shown={roles.BUSINESS_OWNER},
    )


@hooks.register("construct_explorer_page_queryset")
def realtors_see_their_own_listings(parent_page, pages, request):
    """A realtor may add pages to the agency folder, which lets Wagtail list the colleagues' listings too;
    seed 003 says a realtor sees only their own, so the explorer hides the rest."""
    return hide_colleagues_pages(request.user, pages)


def hide_colleagues_pages(user, pages):
    if roles.role_of(user) != roles.REALTOR:
        return pages
    agency = agency_of(user)
    if agency is None:
        return pages
    folder = agency.root_page
    inside = Q(path__startswith=folder.path, depth__gt=folder.depth)
    return pages.exclude(inside & ~Q(owner=user))


@hooks.register("register_admin_urls")
def access_admin_urls():
    urls = [
        path("users/<int:user_id>/role/", admin_views.UserRoleView.as_view(), name="user_role"),
        path("users/<int:user_id>/block/", admin_views.UserBlockView.as_view(block=True), name="user_block"),
        path("users/<int:user_id>/unblock/", admin_views.UserBlockView.as_view(block=False), name="user_unblock"),
        path("my-listings/", admin_views.my_listings, name="my_listings"),
        path("my-business/", admin_views.my_business, name="my_business"),
    ]
    return [path("access/", (urls, "accounts_admin", "accounts_admin"))]


@hooks.register("register_user_listing_buttons")
def access_buttons(user, request_user):
    if not request_user.is_superuser or user == request_user:
        return []
    block_name = "user_block" if user.is_active else "user_unblock"
    return [
        Button(_("Роль"), reverse("accounts_admin:user_role", args=[user.pk]), icon_name="group", priority=20),
        Button(
            _("Заблокировать") if user.is_active else _("Разблокировать"),
            reverse(f"accounts_admin:{block_name}", args=[user.pk]),
            icon_name="lock" if user.is_active else "lock-open",
            priority=30,
        ),
    ]


@hooks.register("after_bulk_action")
def log_bulk_active_state(request, action_type, objects, action_class_instance):
    """Wagtail's "set active state" bulk action updates rows without signals; log what it changed."""
    if action_type != "set_active_state":
        return
    active = action_class_instance.cleaned_form.cleaned_data.get("mark_as_active")
    for user in objects:
        if user.is_active != active and user != request.user:
            audit.log_active_change(user, active=active)


class AgencyViewSet(SnippetViewSet):
    """Agencies are the superuser's: no role group holds permissions on them."""

    model = Agency
    icon = "group"
    menu_label = _("Агентства")
    menu_order = 320
    add_to_admin_menu = True
    list_display = ("name", "root_page")
    search_fields = ("name",)


register_snippet(AgencyViewSet)
