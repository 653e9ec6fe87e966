"""The dashboard panels of realtors (their listings) and agency admins (the agency's listings by realtor)."""

from django.contrib.auth import get_user_model
from django.db.models import CharField, Count, Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from wagtail.models import WorkflowState, get_default_page_content_type

from accounts.dashboard import LIST_LIMIT, RolePanel
from agencies.models import agency_of
from catalog.models import RentalPropertyPage


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
    template_name = "agencies/admin/panels/my_listings.html"

    def panel_context(self):
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
    template_name = "agencies/admin/panels/agency_listings.html"

    def panel_context(self):
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
