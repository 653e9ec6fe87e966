"""Payments and refunds in the admin: the superuser looks, nobody edits (only the services write them)."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from bookings.models import Payment, PaymentEvent, Refund
from core.admin import ScopedSnippetViewSet, SuperuserReadOnlyPolicy


class ReadOnlyViewSet(ScopedSnippetViewSet):
    policy_class = SuperuserReadOnlyPolicy
    inspect_view_enabled = True


class PaymentViewSet(ReadOnlyViewSet):
    model = Payment
    icon = "doc-full"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("booking")

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
        return super().get_queryset(request).select_related("payment__booking")

    list_display = ("payment", "amount", "status", "reason", "error", "attempts", "next_retry_at", "created_at")
    list_filter = ("status",)


class PaymentEventViewSet(ReadOnlyViewSet):
    """What the providers sent, refused webhooks included (outcome «отклонено»)."""

    model = PaymentEvent
    icon = "list-ul"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("payment__booking")

    list_display = ("received_at", "provider", "kind", "outcome", "payment")
    list_filter = ("outcome", "provider")
    search_fields = ("event_id",)


class PaymentsGroup(SnippetViewSetGroup):
    menu_label = _("Платежи")
    menu_icon = "doc-full"
    menu_order = 410
    items = (PaymentViewSet, RefundViewSet, PaymentEventViewSet)
