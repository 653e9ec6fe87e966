"""Bookings in the Wagtail admin."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet

from bookings.admin.booking_actions import URL_NAME, BookingActionsView
from bookings.admin.payments import PaymentsGroup
from bookings.models import Booking

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
