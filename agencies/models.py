"""Rental agencies (ЖильеGO): each owns a folder of the rentals section and two groups.

Wagtail's page permissions on the folder express the rules of seed 003 (scenarios 9-10):
- the agency's realtors may *add* pages there; Wagtail lets a page's owner edit a page they could add,
  so a realtor edits their own listings and nobody else's, and cannot publish: their changes go to the
  agency's review workflow;
- the agency's admins add, change, publish, lock and unlock everything in the folder;
- neither sees or touches another agency's folder.
Membership rows are the source of truth; the user's groups follow them (`sync_member_groups`)."""

from typing import ClassVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import GroupPagePermission, Page, WorkflowPage

from accounts import roles
from accounts.access import ensure_review_workflow, grant_pages
from catalog.models import RentalPropertyPage
from core.models import BasePage
from core.paging import page_of
from core.renditions import card_renditions
from core.routing import ChildRouteMixin

__all__ = ["Agency", "AgencyFolderPage", "AgencyMembership", "agency_of", "sync_member_groups"]

REALTOR_PAGE_ACTIONS = ("add",)
ADMIN_PAGE_ACTIONS = ("add", "change", "publish", "lock", "unlock")
RENTAL_RELATIONS = ("city", "district", "housing_class", "property_type", "main_image")


class AgencyFolderPage(ChildRouteMixin, BasePage):
    """An agency's part of the rentals section: its realtors' listings live here, and the page lists them."""

    intro = models.TextField(_("вступление"), blank=True, help_text=_("Пара фраз об агентстве над его объектами."))

    content_panels: ClassVar[list] = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types: ClassVar[list] = ["catalog.RentalIndexPage"]
    subpage_types: ClassVar[list] = ["catalog.RentalPropertyPage"]
    schema_org_type = "CollectionPage"
    seo_description_sources: ClassVar[list] = ["search_description", "intro"]
    template = "agencies/agency_folder_page.html"
    per_page = 12

    class Meta:
        db_table = "accounts_agencyfolderpage"  # the tables keep the names the accounts app gave them
        verbose_name = _("раздел агентства")
        verbose_name_plural = _("разделы агентств")

    def child_route_queryset(self):
        return RentalPropertyPage.objects.select_related(*RENTAL_RELATIONS)

    def listings(self):
        """The agency's live, active properties, newest first, with their card renditions."""
        return (
            RentalPropertyPage.objects.live()
            .public()
            .descendant_of(self)
            .filter(is_active=True)
            .select_related(*RENTAL_RELATIONS)
            .prefetch_related(card_renditions())
            .order_by("-first_published_at", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["listings"] = page_of(request, self.listings(), self.per_page)
        return context


class Agency(ClusterableModel):
    """A rental agency: its folder in the rentals section, its realtors and admins."""

    name = models.CharField(
        _("название"), max_length=100, unique=True, help_text=_("Как агентство называется для гостей и в админке.")
    )
    root_page = models.OneToOneField(
        AgencyFolderPage,
        verbose_name=_("раздел агентства"),
        on_delete=models.PROTECT,
        related_name="agency",
        help_text=_("Страница агентства в каталоге аренды; объекты его риелторов создаются внутри неё."),
    )
    realtors_group = models.OneToOneField(
        Group, on_delete=models.PROTECT, related_name="+", editable=False, null=True, verbose_name=_("группа риелторов")
    )
    admins_group = models.OneToOneField(
        Group,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        null=True,
        verbose_name=_("группа администраторов"),
    )

    panels: ClassVar[list] = [
        FieldPanel("name"),
        FieldPanel("root_page"),
        InlinePanel("members", label=_("Сотрудники")),
    ]

    class Meta:
        db_table = "accounts_agency"
        verbose_name = _("агентство")
        verbose_name_plural = _("агентства")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        with transaction.atomic():
            self.realtors_group = self._named_group(self.realtors_group, "риелторы")
            self.admins_group = self._named_group(self.admins_group, "администраторы")
            super().save(*args, **kwargs)
            self.grant_permissions()

    def delete(self, *args, **kwargs):
        groups = [self.realtors_group, self.admins_group]
        with transaction.atomic():
            WorkflowPage.objects.filter(page_id=self.root_page_id).delete()
            result = super().delete(*args, **kwargs)
            Group.objects.filter(pk__in=[group.pk for group in groups if group]).delete()
        return result

    def _named_group(self, group, members):
        # Group names are data, shown in the admin: keep them in Russian whatever the active language.
        name = f"Агентство «{self.name}»: {members}"
        if group is None:
            return Group.objects.get_or_create(name=name)[0]
        if group.name != name:
            group.name = name
            group.save(update_fields=["name"])
        return group

    def grant_permissions(self):
        """Page permissions on the folder and the review workflow; safe to run again."""
        groups = [self.realtors_group, self.admins_group]
        # The folder may have changed: these groups hold permissions on this folder only.
        GroupPagePermission.objects.filter(group__in=groups).exclude(page_id=self.root_page_id).delete()
        grant_pages(self.realtors_group, [self.root_page], REALTOR_PAGE_ACTIONS)
        grant_pages(self.admins_group, [self.root_page], ADMIN_PAGE_ACTIONS)
        self._ensure_review_workflow()

    def _ensure_review_workflow(self):
        """Realtors cannot publish: their changes go to the agency's admins for review."""
        ensure_review_workflow(self.root_page, f"Проверка агентства «{self.name}»", [self.admins_group])


class AgencyMembership(models.Model):
    """A realtor or admin of one agency. A person works for one agency at most."""

    agency = ParentalKey(Agency, on_delete=models.CASCADE, related_name="members", verbose_name=_("агентство"))
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="agency_membership",
        verbose_name=_("сотрудник"),
        help_text=_("Учётная запись сотрудника; один человек работает в одном агентстве."),
    )
    role = models.CharField(
        _("роль"),
        max_length=20,
        choices=[(roles.REALTOR, _("Риелтор")), (roles.AGENCY_ADMIN, _("Администратор агентства"))],
        default=roles.REALTOR,
        help_text=_("Риелтор ведёт свои объекты, администратор — все объекты агентства."),
    )

    panels: ClassVar[list] = [FieldPanel("user"), FieldPanel("role")]

    class Meta:
        db_table = "accounts_agencymembership"
        verbose_name = _("сотрудник агентства")
        verbose_name_plural = _("сотрудники агентства")

    def __str__(self):
        return f"{self.user} — {self.agency}"


def agency_of(user, role=None):
    """The agency `user` works for (as `role`, when given), with its folder page; None if none."""
    memberships = AgencyMembership.objects.filter(user=user).select_related("agency__root_page")
    if role is not None:
        memberships = memberships.filter(role=role)
    membership = memberships.first()
    return membership.agency if membership else None


def sync_member_groups(user):
    """Put the user in the groups their membership calls for (agency group and role group), and no other agency's."""
    membership = AgencyMembership.objects.filter(user=user).select_related("agency").first()
    agency_groups = set()
    for realtors, admins in Agency.objects.values_list("realtors_group", "admins_group"):
        agency_groups.update({realtors, admins})
    wanted = set()
    unwanted_roles = set()
    if membership is not None:
        agency = membership.agency
        is_admin = membership.role == roles.AGENCY_ADMIN
        wanted.add(agency.admins_group_id if is_admin else agency.realtors_group_id)
        wanted.add(roles.role_group(membership.role).pk)
        other_role = roles.REALTOR if is_admin else roles.AGENCY_ADMIN
        unwanted_roles.add(roles.role_group(other_role).pk)
    current = set(user.groups.values_list("pk", flat=True))
    user.groups.remove(*((agency_groups | unwanted_roles) - wanted) & current)
    user.groups.add(*wanted)


def membership_changed(sender, instance, origin=None, **kwargs):
    if isinstance(origin, get_user_model()):
        return  # the user is being deleted, and their group rows with them
    sync_member_groups(instance.user)


def register_signal_handlers():
    post_save.connect(membership_changed, sender=AgencyMembership, dispatch_uid="agencies_membership_saved")
    post_delete.connect(membership_changed, sender=AgencyMembership, dispatch_uid="agencies_membership_deleted")
