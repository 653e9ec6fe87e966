"""Admin for prices, closed dates and promo codes («Цены и даты» in the menu).

Prices and closed dates belong to a property: whoever may edit the property's page may manage them
(bookings.permissions.can_edit_rental), and sees only those of such properties; another id in the URL
is a 404 (RentalScopedPermissionPolicy in bookings/admin/policies.py, applied by core.admin).
Promo codes are the platform's: the usual model permissions (the superuser by default)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.snippets.views.snippets import CreateView, EditView, SnippetViewSetGroup

from bookings.admin.policies import RentalScopedPermissionPolicy
from bookings.blocking import save_blocked_period
from bookings.models import BlockedPeriod, PriceOverride, PromoCode, RentalPricing
from bookings.permissions import editable_rentals
from core.admin import ScopedSnippetViewSet, ServiceErrorsAsFormErrors
from core.locking import VersionedFormMixin


class RentalScopedForm(WagtailAdminModelForm):
    """The property list offers only the properties the user may edit; another id is refused."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None:
            self.fields["rental"].queryset = editable_rentals(self.for_user).order_by("title")


class RentalPricingForm(VersionedFormMixin, RentalScopedForm):
    """An edit opened before a colleague's save is refused (core/locking.py)."""


class BlockedPeriodForm(RentalScopedForm):
    def save(self, commit=True):
        # under the property's lock, so a guest's hold cannot take these nights meanwhile
        return save_blocked_period(super().save(commit=False), by=self.for_user)


# A booking made between the form check and the save (under the property's lock) comes back as a form error.
class RentalRecordCreateView(ServiceErrorsAsFormErrors, CreateView):
    pass


class RentalRecordEditView(ServiceErrorsAsFormErrors, EditView):
    pass


class RentalScopedViewSet(ScopedSnippetViewSet):
    policy_class = RentalScopedPermissionPolicy
    base_form_class = RentalScopedForm  # the form the model's panels are built on
    add_view_class = RentalRecordCreateView
    edit_view_class = RentalRecordEditView
    search_backend_name = None
    search_fields = ("rental__title",)

    def get_edit_handler(self):
        return ObjectList(self.model.panels, base_form_class=self.base_form_class).bind_to_model(self.model)


class RentalPricingViewSet(RentalScopedViewSet):
    model = RentalPricing
    base_form_class = RentalPricingForm
    icon = "cogs"
    list_display = ("rental", "weekend_price", "week_discount_percent", "month_discount_percent")


class PriceOverrideViewSet(RentalScopedViewSet):
    model = PriceOverride
    icon = "date"
    list_display = ("rental", "date", "price")
    list_filter = ("date",)


class BlockedPeriodViewSet(RentalScopedViewSet):
    model = BlockedPeriod
    icon = "lock"
    base_form_class = BlockedPeriodForm
    list_display = ("rental", "start", "end", "reason", "created_by")
    list_filter = ("reason", "start")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("created_by")


class PromoCodeViewSet(ScopedSnippetViewSet):
    model = PromoCode
    icon = "tag"
    list_display = ("code", "value_display", "valid_from", "valid_to", "min_total", "times_used", "is_active")
    list_filter = ("is_active", "kind")
    search_backend_name = None
    search_fields = ("code",)


class PricesAndDatesGroup(SnippetViewSetGroup):
    menu_label = _("Цены и даты")
    menu_icon = "date"
    menu_order = 260
    items = (RentalPricingViewSet, PriceOverrideViewSet, BlockedPeriodViewSet, PromoCodeViewSet)
