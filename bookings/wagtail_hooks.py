"""Bookings in the admin: a read-only list and detail for those who manage the rentals.

Status changes never go through a generic edit form: they go through `bookings.status`
(actions added by the views that need them), so nobody, superuser included, edits a
booking's fields directly here."""

from django.core.exceptions import PermissionDenied
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import InspectView, SnippetViewSetGroup

from bookings.admin import door_codes, reviews
from bookings.admin.analytics import AnalyticsViewSet
from bookings.admin.booking_actions import URL_NAME, BookingActionsView
from bookings.admin.filters import BookingFilterSet
from bookings.admin.payments import PaymentsGroup
from bookings.admin.policies import BookingPermissionPolicy
from bookings.admin.pricing import PricesAndDatesGroup
from bookings.availability import exclude_busy
from bookings.card import rental_card_context
from bookings.models import Booking, DoorCodeReveal, Review
from bookings.permissions import can_reveal_door_codes
from bookings.templatetags.booking_prices import tenge
from bookings.templatetags.booking_times import property_time
from catalog.models import RentalPropertyPage
from core.admin import ScopedSnippetViewSet
from core.money import format_tenge


class BookingInspectView(InspectView):
    """Money as the site shows it («42 000 ₸», not «42000,00»), the short number, the hold at the property's clock."""

    def get_number_display_value(self):
        return f"{self.object.short_number} ({self.object.number})"

    def get_total_display_value(self):
        return tenge(self.object.total)

    def get_discount_display_value(self):
        return tenge(self.object.discount)

    def get_hold_expires_at_display_value(self):
        return property_time(self.object.hold_expires_at, "j E Y, H:i") or "—"


class BookingViewSet(ScopedSnippetViewSet):
    model = Booking
    inspect_view_class = BookingInspectView
    policy_class = BookingPermissionPolicy
    icon = "date"
    menu_label = _("Бронирования")
    inspect_view_enabled = True
    list_display = [
        Column("short_number", label=_("Номер")),  # a property: without a label Wagtail shows «Short number»
        "rental",
        "guest_name",
        "check_in",
        "check_out",
        "status",
        Column("total", label=_("Сумма, ₸"), accessor=lambda booking: format_tenge(booking.total)),
    ]
    filterset_class = BookingFilterSet
    # The short number (the UUID's first 8 characters, as guests see it) finds the booking too.
    search_fields = ["number", "guest_name", "guest_phone", "guest_email"]
    inspect_view_fields = [
        "number",
        "rental",
        "status",
        "check_in",
        "check_out",
        "nights",
        "guests_count",
        "total",
        "promo_code",
        "discount",
        "guest_name",
        "guest_phone",
        "guest_email",
        "comment",
        "hold_expires_at",
        "created_at",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("rental")


class BookingsGroup(SnippetViewSetGroup):
    """«Бронирования» in the menu: the list, and the analytics in the same scope (bookings/admin/analytics.py)."""

    menu_label = _("Бронирования")
    menu_icon = "date"
    menu_order = 200
    items = (BookingViewSet, AnalyticsViewSet)


register_snippet(BookingsGroup)


# -- prices, closed dates and promo codes (bookings/admin/pricing.py) --
register_snippet(PricesAndDatesGroup)


# -- door codes and reviews: the property's codes page, the access log, moderation and replies ---------------------


class ReviewsAndAccessGroup(SnippetViewSetGroup):
    menu_label = _("Отзывы и доступ")
    menu_icon = "comment"
    menu_order = 420
    items = (reviews.ReviewViewSet, door_codes.DoorCodeRevealViewSet)


register_snippet(ReviewsAndAccessGroup)


@hooks.register("register_admin_urls")
def register_door_code_and_review_urls():
    urls = [
        path("door-codes/<int:rental_id>/", door_codes.door_codes, name="door_codes"),
        path("reviews/<int:pk>/", reviews.review_detail, name="review"),
    ]
    return [path("bookings/", include((urls, "bookings_admin")))]


def door_codes_button(page, user, priority):
    if page.specific_class is RentalPropertyPage and can_reveal_door_codes(user, page):
        yield Button(
            _("Коды доступа"),
            reverse("bookings_admin:door_codes", args=[page.pk]),
            icon_name="key",
            priority=priority,
        )


@hooks.register("register_page_header_buttons")
def door_codes_header_button(page, user, view_name=None, next_url=None):
    yield from door_codes_button(page, user, priority=80)


@hooks.register("register_page_listing_more_buttons")
def door_codes_listing_button(page, user, next_url=None):
    yield from door_codes_button(page, user, priority=70)


@hooks.register("before_delete_snippet")
def keep_access_log_and_reviews(request, instances):
    """Refuse the whole request, not only the rows: their policy lets nobody delete them (bookings/admin/policies.py).

    The access log is append-only; a review is hidden by rejecting it, which keeps the rating right."""
    if any(isinstance(instance, DoorCodeReveal | Review) for instance in instances):
        raise PermissionDenied


# -- payments and the realtor's actions on a booking -----------------------------------------------------------------

register_snippet(PaymentsGroup)


@hooks.register("register_admin_urls")
def booking_actions_url():
    return [path("bookings/<uuid:number>/actions/", BookingActionsView.as_view(), name=URL_NAME)]


@hooks.register("register_snippet_listing_buttons")
def booking_actions_button(snippet, user, next_url=None):
    # On every booking row: the listing is already scoped, and the view checks the permission itself.
    if isinstance(snippet, Booking):
        yield Button(
            _("Отмена, заселение, выезд"), reverse(URL_NAME, args=[snippet.number]), icon_name="calendar-check"
        )


# -- what the rentals catalog shows from bookings (catalog/models/rentals.py, catalog/filters/rentals.py) --


@hooks.register("rental_reviews")
def rental_reviews(rental, limit):
    """The latest published reviews with authors and photos (two queries)."""
    return Review.objects.for_property_page(rental.source_listing, limit)


@hooks.register("rental_page_context")
def rental_card(rental, request):
    """The busy-dates calendar and the price of the chosen dates on the property page."""
    return rental_card_context(rental.source_listing, request)


@hooks.register("filter_rentals_free_on")
def rentals_free_on(queryset, check_in, check_out):
    return exclude_busy(queryset, check_in, check_out)
