"""Payments and refunds in the admin: the superuser looks, nobody edits (only the services write them)."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from bookings.models import Payment, Refund


class SuperuserViewOnlyPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        return action == "view" and user.is_active and user.is_superuser

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True, is_superuser=True)
        return users if "view" in actions else users.none()


class ReadOnlyViewSet(SnippetViewSet):
    inspect_view_enabled = True

    @property
    def permission_policy(self):
        return SuperuserViewOnlyPolicy(self.model)


class PaymentViewSet(ReadOnlyViewSet):
    model = Payment
    icon = "doc-full"

    def get_queryset(self, request):
        return Payment.objects.select_related("booking")

    list_display = (
        "booking",
        "provider",
        "amount",
        "status",
        "commission",
        "provider_fee",
        "realtor_payout",
        "paid_at",
    )
    list_filter = ("status", "provider")
    search_fields = ("provider_payment_id",)


class RefundViewSet(ReadOnlyViewSet):
    model = Refund
    icon = "rotate"

    def get_queryset(self, request):
        return Refund.objects.select_related("payment__booking")

    list_display = ("payment", "amount", "status", "reason", "error", "attempts", "next_retry_at", "created_at")
    list_filter = ("status",)


class PaymentsGroup(SnippetViewSetGroup):
    menu_label = _("Платежи")
    menu_icon = "doc-full"
    menu_order = 410
    items = (PaymentViewSet, RefundViewSet)
