"""The dealers in the admin: the superuser's snippet (a dealer's member views their own dealer), the cabinet and
«Мои объявления» in the menu of the dealer role, and the view counter of car ads."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet

from accounts import roles
from accounts.admin_menu import RoleMenuItem
from catalog.models import CarAdPage
from core.admin import ScopedPermissionPolicy, ScopedSnippetViewSet
from dealers.models import AdViewDay, Dealer, dealer_of
from dealers.moderation import SENT_BACK, can_send_back
from dealers.views import CabinetView, send_back_view


def my_ads(request):
    """«Мои объявления» in the menu: the dealer's catalog in the page explorer."""
    dealer = dealer_of(request.user)
    if dealer is None:
        messages.warning(request, _("Вы не работаете у дилера: попросите администратора платформы добавить вас."))
        return redirect("wagtailadmin_home")
    return redirect("wagtailadmin_explore", dealer.root_page_id)


@hooks.register("register_admin_urls")
def dealers_admin_urls():
    urls = [
        path("cabinet/", CabinetView.as_view(), name="cabinet"),
        path("my-ads/", my_ads, name="my_ads"),
        path("send-back/<int:page_id>/", send_back_view, name="send_back"),
    ]
    return [path("dealers/", (urls, "dealers_admin", "dealers_admin"))]


@hooks.register("register_admin_menu_item")
def cabinet_menu_item():
    return RoleMenuItem(
        gettext_lazy("Кабинет дилера"),
        reverse("dealers_admin:cabinet"),
        name="dealer_cabinet",
        icon_name="doc-full-inverse",
        order=80,
        roles_shown={roles.DEALER},
    )


@hooks.register("register_admin_menu_item")
def my_ads_menu_item():
    return RoleMenuItem(
        gettext_lazy("Мои объявления"),
        reverse("dealers_admin:my_ads"),
        name="dealer_ads",
        icon_name="list-ul",
        order=90,
        roles_shown={roles.DEALER},
    )


@hooks.register("before_serve_page")
def count_ad_view(page, request, serve_args, serve_kwargs):
    """A view of a live car ad by GET (not a preview): one more on the day's counter, no session needed."""
    if isinstance(page, CarAdPage) and request.method == "GET" and page.live and not getattr(request, "is_preview", 0):
        AdViewDay.count(page.pk)


@hooks.register("construct_page_chooser_queryset")
def dealer_pages_in_chooser(pages, request):
    """A dealer's member chooses only pages of their own catalog (its ancestors stay, to browse down to it)."""
    user = request.user
    if user.is_superuser or not roles.has_role(user, roles.DEALER):
        return pages
    dealer = dealer_of(user)
    if dealer is None:
        return pages.none()
    root = dealer.root_page
    return pages.filter(Q(path__startswith=root.path) | Q(pk__in=root.get_ancestors().values("pk")))


@hooks.register("register_page_header_buttons")
def send_back_button(page, user, view_name=None, next_url=None):
    if page.specific_class is CarAdPage and can_send_back(page, user):
        yield Button(
            _("Вернуть дилеру"), reverse("dealers_admin:send_back", args=[page.pk]), icon_name="undo", priority=85
        )


def dealer_catalog_paths(user):
    """The dealers' catalog paths, read once per request (kept on the user object) for a listing's many rows."""
    if not hasattr(user, "_dealer_catalog_paths"):
        user._dealer_catalog_paths = tuple(Dealer.objects.values_list("root_page__path", flat=True))
    return user._dealer_catalog_paths


@hooks.register("register_page_listing_more_buttons")
def send_back_listing_button(page, user, next_url=None):
    """«Вернуть дилеру» in the page listing's more-menu: what can_send_back checks, without a query per row."""
    if (
        page.live
        and page.specific_class is CarAdPage
        and page.path.startswith(dealer_catalog_paths(user))
        and page.permissions_for_user(user).can_publish()
    ):
        yield Button(
            _("Вернуть дилеру"), reverse("dealers_admin:send_back", args=[page.pk]), icon_name="undo", priority=45
        )


@hooks.register("register_log_actions")
def dealer_log_actions(actions):
    @actions.register_action(SENT_BACK)
    class SentBack(LogFormatter):
        label = gettext_lazy("Возвращено дилеру")
        message = gettext_lazy("Снято с публикации и возвращено дилеру на доработку")

        def format_comment(self, log_entry):
            return log_entry.data.get("comment", "")


class DealerPolicy(ScopedPermissionPolicy):
    """Dealers are the superuser's; a dealer's member views their own dealer's row (its trust settings)."""

    def user_has_permission(self, user, action):
        if not (user.is_authenticated and user.is_active):
            return False
        return user.is_superuser or (action == "view" and roles.has_role(user, roles.DEALER))

    def users_with_any_permission(self, actions):
        who = Q(is_superuser=True)
        if "view" in actions:
            who |= Q(groups__name=roles.ROLES[roles.DEALER].name)
        return get_user_model().objects.filter(who, is_active=True).distinct()

    def scope(self, user):
        rows = Dealer.objects.all()
        if user.is_superuser:
            return rows
        dealer = dealer_of(user)
        return rows.filter(pk=dealer.pk) if dealer else rows.none()


class DealerViewSet(ScopedSnippetViewSet):
    model = Dealer
    policy_class = DealerPolicy
    icon = "group"
    menu_label = gettext_lazy("Дилеры")
    menu_order = 330
    add_to_admin_menu = True
    inspect_view_enabled = True
    list_display = ("name", "root_page", "clean_approvals", "trust_after")
    search_fields = ("name",)


register_snippet(DealerViewSet)
