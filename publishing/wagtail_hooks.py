"""«Кросспостинг» in the admin: the monitoring page and the report, the publications (read-only, with filters and
export), the platform accounts (superuser; the token is entered and replaced, never shown back), and a
«Публикации» button on every car ad."""

import django_filters
from django import forms
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from catalog.models import CarAdPage
from core.admin import ScopedSnippetViewSet
from publishing import views
from publishing.forms import PlatformAccountForm
from publishing.models import PlatformAccount, Publication
from publishing.policies import PlatformAccountPolicy, PublicationPolicy, may_view_publications


class PublicationFilterSet(WagtailFilterSet):
    state = django_filters.MultipleChoiceFilter(
        label=_("Состояние"), choices=Publication.State.choices, widget=forms.CheckboxSelectMultiple
    )
    account = django_filters.ModelChoiceFilter(
        label=_("Площадка"), queryset=PlatformAccount.objects.all(), empty_label=_("Все площадки")
    )
    has_error = django_filters.BooleanFilter(label=_("С ошибкой"), method="filter_has_error")
    updated_at = django_filters.DateFromToRangeFilter(label=_("Изменена"), widget=DateRangePickerWidget)

    class Meta:
        model = Publication
        fields = ("state", "account", "has_error", "updated_at")

    def filter_has_error(self, queryset, name, value):
        return queryset.exclude(last_error="") if value else queryset.filter(last_error="")


class PublicationViewSet(ScopedSnippetViewSet):
    model = Publication
    policy_class = PublicationPolicy
    icon = "list-ul"
    menu_label = _("Публикации")
    inspect_view_enabled = True
    filterset_class = PublicationFilterSet
    list_display = ("ad_label", "account", "state", "action", "attempts", "last_error", "external_url", "updated_at")
    list_export = (
        "pk", "ad_label", "ad_url", "account", "state", "action", "attempts", "external_id", "external_url",
        "last_error", "created_at", "published_at", "withdrawn_at", "updated_at",
    )  # fmt: skip
    export_filename = "publications"
    inspect_view_fields = (
        "ad", "ad_title", "ad_url", "account", "state", "action", "external_id", "external_url", "attempts",
        "last_error", "publish_at", "next_attempt_at", "created_at", "published_at", "withdrawn_at", "updated_at",
    )  # fmt: skip

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("ad", "account")


class PlatformAccountViewSet(ScopedSnippetViewSet):
    model = PlatformAccount
    policy_class = PlatformAccountPolicy
    icon = "key"
    menu_label = _("Площадки")
    list_display = ("name", "platform", "target", "enabled", "auto_publish", "rate_per_minute")
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("platform"), FieldPanel("name")]),
            FieldPanel("target"),
            FieldPanel("new_token"),
            FieldPanel("clear_token"),
            FieldPanel("base_url"),
            FieldRowPanel([FieldPanel("enabled"), FieldPanel("auto_publish"), FieldPanel("rate_per_minute")]),
        ],
        base_form_class=PlatformAccountForm,
    )


class MonitorMenuItem(MenuItem):
    def is_shown(self, request):
        return may_view_publications(request.user)


class MonitorViewSet(ViewSet):
    name = "publishing_admin"
    url_prefix = "publishing"
    icon = "globe"
    menu_label = _("Мониторинг")
    menu_item_class = MonitorMenuItem

    def get_urlpatterns(self):
        return [
            path("", views.monitor_view, name="monitor"),
            path("report/", views.report_view, name="report"),
            path("ad/<int:page_id>/", views.ad_view, name="ad"),
            path("<int:pk>/<str:action>/", views.action_view, name="action"),
        ]


class CrosspostingGroup(SnippetViewSetGroup):
    menu_label = _("Кросспостинг")
    menu_icon = "globe"
    menu_order = 330
    items = (MonitorViewSet, PublicationViewSet, PlatformAccountViewSet)


register_snippet(CrosspostingGroup)


@hooks.register("register_page_header_buttons")
def publications_button(page, user, view_name=None, next_url=None):
    if page.specific_class is CarAdPage and may_view_publications(user):
        yield Button(
            _("Публикации на площадках"), reverse("publishing_admin:ad", args=[page.pk]), icon_name="globe", priority=85
        )
