"""Wagtail admin dashboard panels, one set per staff role. Each panel makes a fixed number of queries."""

from django.contrib.auth import get_user_model
from django.db.models import CharField, Count, Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.models import PageLogEntry, WorkflowState, get_default_page_content_type
from wagtail.permissions import page_permission_policy

from accounts import audit, roles
from accounts.agencies import agency_of

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


def in_review():
    """Annotation: the page is waiting in a workflow (for a realtor, at their agency admins)."""
    return Exists(
        WorkflowState.objects.filter(
            status=WorkflowState.STATUS_IN_PROGRESS,
            base_content_type=get_default_page_content_type(),
            object_id=Cast(OuterRef("pk"), output_field=CharField()),
        )
    )


class MyListingsPanel(RolePanel):
    name = "my_listings"
    heading = _("Мои объекты")
    order = 40
    template_name = "accounts/admin/panels/my_listings.html"

    def panel_context(self):
        from catalog.models import RentalPropertyPage

        agency = agency_of(self.request.user)
        listings = RentalPropertyPage.objects.filter(owner=self.request.user)
        return {
            "agency": agency,
            "total": listings.count(),
            "listings": with_status(
                listings.select_related("district")
                .annotate(in_review=in_review())
                .order_by("-latest_revision_created_at", "-pk")[:LIST_LIMIT]
            ),
        }


class AgencyListingsPanel(RolePanel):
    name = "agency_listings"
    heading = _("Объекты агентства по риелторам")
    order = 40
    template_name = "accounts/admin/panels/agency_listings.html"

    def panel_context(self):
        from catalog.models import RentalPropertyPage

        agency = agency_of(self.request.user)
        if agency is None:
            return {"agency": None}
        listings = RentalPropertyPage.objects.descendant_of(agency.root_page)
        counts = self.counts_by_owner(listings)
        members = list(
            get_user_model()
            .objects.filter(agency_membership__agency=agency)
            .order_by("agency_membership__role", "last_name", "first_name")
        )
        empty = {"total": 0, "published": 0, "drafts": 0, "hidden": 0}
        rows = [(member, counts.pop(member.pk, empty)) for member in members]
        unowned = sum(row["total"] for row in counts.values())
        return {
            "agency": agency,
            "rows": rows,
            "unowned": unowned,
            "recent": with_status(
                listings.select_related("owner", "district")
                .annotate(in_review=in_review())
                .order_by("-latest_revision_created_at", "-pk")[:LIST_LIMIT]
            ),
        }

    @staticmethod
    def counts_by_owner(listings):
        rows = (
            listings.order_by()
            .values("owner")
            .annotate(
                total=Count("pk"),
                published=Count("pk", filter=Q(live=True)),
                drafts=Count("pk", filter=Q(live=False)),
                hidden=Count("pk", filter=Q(is_active=False)),
            )
        )
        return {row["owner"]: row for row in rows}


class MyBusinessPanel(RolePanel):
    name = "my_business"
    heading = _("Мой бизнес")
    order = 40
    template_name = "accounts/admin/panels/my_business.html"

    def panel_context(self):
        from catalog.models import BusinessPage

        editable = page_permission_policy.instances_user_has_permission_for(self.request.user, "change")
        pages = (
            BusinessPage.objects.filter(pk__in=editable.values("pk"))
            .select_related("category", "city")
            .annotate(offer_count=Count("offers"))
            .order_by("title")[:LIST_LIMIT]
        )
        return {"pages": pages}


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


PANELS_BY_ROLE = {
    roles.REALTOR: [MyListingsPanel],
    roles.AGENCY_ADMIN: [AgencyListingsPanel],
    roles.MANAGER: [],  # the sales panels come from leads/dashboard.py (by manager profile, not role)
    roles.BUSINESS_OWNER: [MyBusinessPanel],
    roles.EDITOR: [RecentContentEditsPanel],
    roles.SUPERUSER: [AccessPanel],
}


def panels_for(request):
    return [panel(request) for panel in PANELS_BY_ROLE.get(roles.role_of(request.user), [])]


def with_status(pages):
    """The pages as a list, each with `status`: its state in a few words, as a realtor thinks of it."""
    pages = list(pages)
    for page in pages:
        if page.in_review:
            page.status = _("на проверке у агентства")
        elif not page.live:
            page.status = _("черновик")
        elif page.has_unpublished_changes:
            page.status = _("опубликован, есть неопубликованные правки")
        else:
            page.status = _("опубликован")
    return pages
