"""The outbox in the admin: superusers read it (failed messages one filter away) and send failed
ones again; nobody edits or deletes it by hand."""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_filters import ChoiceFilter
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.widgets import Button
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView

from core.admin import ScopedBulkActionMixin, ScopedSnippetViewSet, SuperuserReadOnlyPolicy

from . import services
from .kinds import all_kinds, get_kind
from .models import Channel, Notification


def kind_choices():
    return [(kind.key, kind.label) for kind in all_kinds()]


def kind_label(notification):
    try:
        return get_kind(notification.kind).label
    except LookupError:
        return notification.kind


def label_of(field_name):
    return capfirst(Notification._meta.get_field(field_name).verbose_name)


class NotificationFilterSet(WagtailFilterSet):
    status = ChoiceFilter(label=label_of("status"), choices=Notification.Status.choices)
    channel = ChoiceFilter(label=label_of("channel"), choices=Channel.choices)
    kind = ChoiceFilter(label=label_of("kind"), choices=kind_choices)

    class Meta:
        model = Notification
        fields = ["status", "channel", "kind"]


RETRY_URL_ARGS = ("notifications", "notification", "retry")


class NotificationIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.status == Notification.Status.FAILED and self.request.user.is_superuser:
            url = reverse("wagtail_bulk_action", args=RETRY_URL_ARGS)
            buttons.append(
                Button(_("Отправить снова"), f"{url}?id={instance.pk}&next={self.request.path}", icon_name="resubmit")
            )
        return buttons


class NotificationViewSet(ScopedSnippetViewSet):
    model = Notification
    policy_class = SuperuserReadOnlyPolicy
    index_view_class = NotificationIndexView
    icon = "mail"
    menu_label = _("Уведомления")
    menu_order = 900
    add_to_admin_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = NotificationFilterSet
    search_fields = ["address", "subject"]
    search_backend_name = None
    list_display = [
        "subject",
        Column("kind", label=label_of("kind"), accessor=kind_label),
        Column("channel", label=label_of("channel"), accessor="get_channel_display"),
        "address",
        StatusTagColumn(
            "status",
            label=label_of("status"),
            accessor="get_status_display",
            primary=lambda notification: notification.status == Notification.Status.FAILED,
        ),
        "attempts",
        DateColumn("next_attempt_at", label=label_of("next_attempt_at")),
        DateColumn("created_at", label=label_of("created_at")),
    ]
    inspect_view_fields = [
        "recipient",
        "kind",
        "channel",
        "address",
        "language",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "created_at",
        "sent_at",
        "subject",
        "body",
        "link",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("recipient")


register_snippet(NotificationViewSet)


@hooks.register("register_bulk_action")
class RetryBulkAction(ScopedBulkActionMixin, SnippetBulkAction):
    display_name = _("Отправить снова")
    action_type = "retry"
    aria_label = _("Отправить выбранные уведомления снова")
    template_name = "notifications/admin/confirm_retry.html"
    models = [Notification]
    action_priority = 20

    def check_perm(self, notification):
        return self.request.user.is_superuser and notification.status == Notification.Status.FAILED

    @classmethod
    def execute_action(cls, objects, **kwargs):
        return services.retry([notification.pk for notification in objects]), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d уведомление снова в очереди.",
            "%(count)d уведомлений снова в очереди.",
            num_parent_objects,
        ) % {"count": num_parent_objects}


@hooks.register("before_bulk_action")
def keep_the_outbox(request, action_type, objects, action):
    """The outbox is a record of what was sent: bulk delete is refused for it."""
    if action_type == "delete" and action.model is Notification:
        messages.error(request, _("Уведомления не удаляются: это журнал отправленного."))
        return redirect(action.next_url)
    return None
