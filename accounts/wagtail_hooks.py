"""The admin per role: dashboards, trimmed menus, and the superuser's access tools.

Agencies (agencies/wagtail_hooks.py) and business owners (catalog/wagtail_hooks.py) add their own."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets.button import Button

from accounts import admin_views, audit, dashboard, roles

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


@hooks.register("register_admin_urls")
def access_admin_urls():
    urls = [
        path("users/<int:user_id>/role/", admin_views.UserRoleView.as_view(), name="user_role"),
        path("users/<int:user_id>/block/", admin_views.UserBlockView.as_view(block=True), name="user_block"),
        path("users/<int:user_id>/unblock/", admin_views.UserBlockView.as_view(block=False), name="user_unblock"),
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
