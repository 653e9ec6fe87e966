"""The business owner's workspace (seed 002): their partner page, its owners' group, its review by editors.

Registered with accounts from CatalogConfig.ready(): the `business` role scope, the partner review as a page
grant, the «Мой бизнес» dashboard panel; the menu item and its view are in catalog/wagtail_hooks.py."""

from django import forms
from django.contrib import messages
from django.contrib.auth.models import Group
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.permissions import page_permission_policy

from accounts import roles
from accounts.access import ensure_review_workflow, grant_pages
from accounts.dashboard import LIST_LIMIT, RolePanel
from catalog.models import BusinessIndexPage, BusinessPage

BUSINESS_OWNER_PAGE_ACTIONS = ("change",)
PARTNER_REVIEW = "Проверка партнёров клуба"
BUSINESS_GROUP_PREFIX = "Партнёр «"


def review_partner_changes():
    """Editors approve and publish what business owners change on their partner pages."""
    editors = roles.role_group(roles.EDITOR)
    for index in BusinessIndexPage.objects.all():
        ensure_review_workflow(index, PARTNER_REVIEW, [editors])


def business_owner_group(page):
    """The group of the owners of one partner business page, made on first use."""
    group = Group.objects.filter(name__startswith=BUSINESS_GROUP_PREFIX, page_permissions__page=page).first()
    if group is None:
        group = Group.objects.create(name=f"{BUSINESS_GROUP_PREFIX}{page.title[:100]}» (№{page.pk}): владельцы")
    grant_pages(group, [page], BUSINESS_OWNER_PAGE_ACTIONS)
    return group


def business_owner_groups():
    return Group.objects.filter(name__startswith=BUSINESS_GROUP_PREFIX)


def make_business_owner(user, page):
    """The user owns this business page: they edit it (editors publish), working in the admin as a business owner."""
    user.groups.add(business_owner_group(page), roles.role_group(roles.BUSINESS_OWNER))


def stop_owning_businesses(user):
    user.groups.remove(*business_owner_groups().filter(user=user))


def business_field():
    return forms.ModelChoiceField(
        BusinessPage.objects.order_by("title"),
        required=False,
        label=gettext_lazy("Бизнес"),
        help_text=gettext_lazy("Для владельца бизнеса: страница партнёра, которую он ведёт."),
    )


BUSINESS_SCOPE = roles.RoleScope(
    name="business",
    roles=(roles.BUSINESS_OWNER,),
    form_field=business_field,
    apply=lambda user, page, code: make_business_owner(user, page),
    clear=stop_owning_businesses,
    missing_message=gettext_lazy("Выберите бизнес, которым владеет этот пользователь."),
)


def owned_businesses(user):
    editable = page_permission_policy.instances_user_has_permission_for(user, "change")
    return BusinessPage.objects.filter(pk__in=editable.values("pk")).order_by("title")


class MyBusinessPanel(RolePanel):
    name = "my_business"
    heading = gettext_lazy("Мой бизнес")
    order = 40
    template_name = "catalog/admin/panels/my_business.html"

    def panel_context(self):
        pages = (
            owned_businesses(self.request.user)
            .select_related("category", "city")
            .annotate(offer_count=Count("offers"))[:LIST_LIMIT]
        )
        return {"pages": pages}


def my_business(request):
    """«Мой бизнес» in the menu: the edit form of the owner's partner page."""
    page = owned_businesses(request.user).first()
    if page is None:
        messages.warning(request, _("За вами пока не закреплён ни один бизнес."))
        return redirect("wagtailadmin_home")
    return redirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))
