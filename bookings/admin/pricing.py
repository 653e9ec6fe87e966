"""Admin for prices, closed dates and promo codes («Цены и даты» in the menu).

Prices and closed dates belong to a property: whoever may edit the property's page may manage them
(bookings.permissions.can_edit_rental), and sees only those of such properties; another id in the URL
is a 404. Promo codes are the platform's: the usual model permissions (the superuser by default)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.snippets.views.snippets import (
    CopyView,
    CreateView,
    DeleteView,
    EditView,
    HistoryView,
    SnippetViewSet,
    SnippetViewSetGroup,
    UsageView,
)

from bookings.blocking import save_blocked_period
from bookings.models import BlockedPeriod, PriceOverride, PromoCode, RentalPricing
from bookings.permissions import can_edit_rental, editable_rentals


class RentalScopedPermissionPolicy(BasePermissionPolicy):
    """Every action on a record is allowed exactly when the user may edit its property's page."""

    def user_has_permission(self, user, action):
        return self.user_has_any_permission(user, {action})

    def user_has_any_permission(self, user, actions):
        if not (user.is_authenticated and user.is_active):
            return False
        if user.is_superuser:
            return True
        if not hasattr(user, "_may_edit_some_rental"):  # asked on every admin page for the menu
            user._may_edit_some_rental = editable_rentals(user).exists()
        return user._may_edit_some_rental

    def users_with_any_permission(self, actions):
        return PagePermissionPolicy().users_with_any_permission({"change"})

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, {action}, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return user.is_authenticated and can_edit_rental(user, instance.rental)

    def instances_user_has_any_permission_for(self, user, actions):
        records = self.model._default_manager.select_related("rental")
        if user.is_active and user.is_superuser:
            return records.all()
        return records.filter(rental__in=editable_rentals(user))


class RentalScopedForm(WagtailAdminModelForm):
    """The property list offers only the properties the user may edit; another id is refused."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None:
            self.fields["rental"].queryset = editable_rentals(self.for_user).order_by("title")


class BlockedPeriodForm(RentalScopedForm):
    def save(self, commit=True):
        # under the property's lock, so a guest's hold cannot take these nights meanwhile
        return save_blocked_period(super().save(commit=False), by=self.for_user)


class ScopedObjectMixin:
    """Edit, delete, copy, history and usage views find only records the user may manage."""

    def scoped_records(self):
        return self.permission_policy.instances_user_has_permission_for(self.request.user, "change")

    def get_queryset(self):  # edit and delete views
        return self.scoped_records()

    def get_base_object_queryset(self):  # history and usage views
        return self.scoped_records()


class RefusesLateConflicts:
    """A booking made between the form check and the save (under the lock) comes back as a form error."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)


class ScopedCreateView(RefusesLateConflicts, CreateView):
    pass


class ScopedEditView(RefusesLateConflicts, ScopedObjectMixin, EditView):
    pass


class ScopedCopyView(ScopedObjectMixin, CopyView):
    pass


class ScopedDeleteView(ScopedObjectMixin, DeleteView):
    pass


class ScopedHistoryView(ScopedObjectMixin, HistoryView):
    pass


class ScopedUsageView(ScopedObjectMixin, UsageView):
    pass


class RentalScopedViewSet(SnippetViewSet):
    base_form_class = RentalScopedForm  # the form the model's panels are built on
    add_view_class = ScopedCreateView
    edit_view_class = ScopedEditView
    copy_view_class = ScopedCopyView
    delete_view_class = ScopedDeleteView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    search_backend_name = None
    search_fields = ("rental__title",)

    @property
    def permission_policy(self):
        return RentalScopedPermissionPolicy(self.model)

    def get_queryset(self, request):
        return self.permission_policy.instances_user_has_permission_for(request.user, "change")

    def get_edit_handler(self):
        return ObjectList(self.model.panels, base_form_class=self.base_form_class).bind_to_model(self.model)


class RentalPricingViewSet(RentalScopedViewSet):
    model = RentalPricing
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


class PromoCodeViewSet(SnippetViewSet):
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
