"""The agencies in the admin: the superuser's snippet, the realtors' «Мои объекты», and what realtors see."""

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from accounts import roles
from accounts.admin_menu import RoleMenuItem
from agencies.models import Agency, agency_of
from core.admin import ScopedSnippetViewSet


def my_listings(request):
    """«Мои объекты» in the menu: the agency's folder in the page explorer."""
    agency = agency_of(request.user)
    if agency is None:
        messages.warning(request, _("Вы не состоите в агентстве: попросите администратора платформы добавить вас."))
        return redirect("wagtailadmin_home")
    return redirect("wagtailadmin_explore", agency.root_page_id)


@hooks.register("register_admin_urls")
def agencies_admin_urls():
    urls = [path("my-listings/", my_listings, name="my_listings")]
    return [path("agencies/", (urls, "agencies_admin", "agencies_admin"))]


@hooks.register("register_admin_menu_item")
def my_listings_menu_item():
    return RoleMenuItem(
        gettext_lazy("Мои объекты"),
        reverse("agencies_admin:my_listings"),
        name="my_listings",
        icon_name="home",
        order=90,
        roles_shown={roles.REALTOR, roles.AGENCY_ADMIN},
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


class AgencyViewSet(ScopedSnippetViewSet):
    """Agencies are the superuser's: no role group holds permissions on them."""

    model = Agency
    icon = "group"
    menu_label = gettext_lazy("Агентства")
    menu_order = 320
    add_to_admin_menu = True
    list_display = ("name", "root_page")
    search_fields = ("name",)


register_snippet(AgencyViewSet)
