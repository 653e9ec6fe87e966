"""Wagtail admin dashboard panels, one set per staff role (a registry other apps add to).

Each panel makes a fixed number of queries."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.models import PageLogEntry
from wagtail.permissions import page_permission_policy

from accounts import audit, roles

LIST_LIMIT = 20


class RolePanel(Component):
    """A titled dashboard panel; subclasses add their rows in `panel_context`."""

    name = ""
    heading = ""
    order = 50
    template_name = ""

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        return {"panel": self, "request": self.request, **self.panel_context()}

    def panel_context(self):
        return {}


class RecentContentEditsPanel(RolePanel):
    name = "recent_content_edits"
    heading = _("Последние правки контента")
    order = 40
    template_name = "accounts/admin/panels/recent_content_edits.html"
    actions = ("wagtail.create", "wagtail.edit", "wagtail.publish", "wagtail.unpublish")

    def panel_context(self):
        editable = page_permission_policy.instances_user_has_permission_for(self.request.user, "change")
        entries = (
            PageLogEntry.objects.filter(action__in=self.actions, page__in=editable.values("pk"))
            .select_related("user", "page")
            .order_by("-timestamp")[:10]
        )
        return {"entries": entries}


class AccessPanel(RolePanel):
    """For the superuser: how many people hold each role, and the latest access changes."""

    name = "access"
    heading = _("Пользователи и доступ")
    order = 40
    template_name = "accounts/admin/panels/access.html"

    def panel_context(self):
        from django.contrib.auth.models import Group
        from wagtail.models import ModelLogEntry

        User = get_user_model()
        by_name = dict(
            Group.objects.filter(name__in=roles.ROLE_BY_GROUP_NAME).annotate(n=Count("user")).values_list("name", "n")
        )
        counts = [(roles.ROLES[code].label, by_name.get(roles.ROLES[code].name, 0)) for code in roles.GROUP_ROLES]
        totals = User.objects.aggregate(
            superusers=Count("pk", filter=Q(is_superuser=True)), blocked=Count("pk", filter=Q(is_active=False))
        )
        entries = (
            ModelLogEntry.objects.filter(action__in=audit.ACCESS_ACTIONS).select_related("user").order_by("-timestamp")
        )[:10]
        return {
            "counts": counts,
            "totals": totals,
            "entries": entries,
            "users_url": reverse("wagtailusers_users:index"),
            "history_url": reverse("wagtailadmin_reports:site_history"),
        }


# The panels of each role. Apps add theirs from AppConfig.ready() with `register_panel` (agencies: realtor and
# agency admin; catalog: business owner). The sales panels come from leads/dashboard.py (by manager profile, not role).
PANELS_BY_ROLE = {
    roles.EDITOR: [RecentContentEditsPanel],
    roles.SUPERUSER: [AccessPanel],
}


def register_panel(role, panel_class):
    """Show `panel_class` on the admin dashboard of everyone whose role is `role`."""
    panels = PANELS_BY_ROLE.setdefault(role, [])
    if panel_class not in panels:
        panels.append(panel_class)


def panels_for(request):
    return [panel(request) for panel in PANELS_BY_ROLE.get(roles.role_of(request.user), [])]
