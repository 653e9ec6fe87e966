"""The realtor's actions on one booking: cancel with a reason, mark check-in and check-out, retry a refund.

Allowed to whoever `bookings.permissions.can_manage_booking` allows; anyone else gets 403 and nothing changes."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from bookings import lifecycle
from bookings.models import Booking, BookingStatus, Refund, RefundStatus
from bookings.payments.services import retry_refund
from bookings.permissions import can_manage_booking
from bookings.status import TransitionNotAllowed, can_transition

URL_NAME = "bookings_booking_actions"


class BookingActionsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "bookings/payments/admin/booking_actions.html"
    page_title = gettext_lazy("Бронирование")
    header_icon = "date"

    def dispatch(self, request, number):
        self.booking = get_object_or_404(Booking.objects.select_related("rental", "guest"), number=number)
        if not can_manage_booking(request.user, self.booking):
            raise PermissionDenied
        return super().dispatch(request, number)

    def get_page_subtitle(self):
        return f"{self.booking.short_number} · {self.booking.rental.title}"

    def get_context_data(self, **kwargs):
        booking = self.booking
        return super().get_context_data(
            booking=booking,
            payments=booking.payments.prefetch_related("refunds"),
            history=booking.status_history.select_related("changed_by"),
            can_cancel=can_transition(booking, BookingStatus.CANCELLED),
            can_check_in=can_transition(booking, BookingStatus.CHECKED_IN),
            can_check_out=can_transition(booking, BookingStatus.COMPLETED),
            **kwargs,
        )

    def post(self, request, number):
        action = request.POST.get("action")
        try:
            if action == "cancel":
                terms = lifecycle.cancel_by_staff(self.booking, request.user, request.POST.get("reason", ""))
                amount = floatformat(terms.refund, "-2g")
                messages.success(request, _("Бронирование отменено, гостю вернётся %(amount)s ₸.") % {"amount": amount})
            elif action == "check_in":
                lifecycle.check_in(self.booking, request.user)
                messages.success(request, _("Гость заселён."))
            elif action == "check_out":
                lifecycle.check_out(self.booking, request.user)
                messages.success(request, _("Гость выехал, бронирование завершено."))
            elif action == "retry_refund":
                refund = get_object_or_404(
                    Refund, pk=request.POST.get("refund"), payment__booking=self.booking, status=RefundStatus.FAILED
                )
                refund = retry_refund(refund)
                if refund.status == RefundStatus.SUCCEEDED:
                    messages.success(request, _("Возврат выполнен."))
                else:
                    messages.error(request, _("Платёжная система снова отказала: %(error)s") % {"error": refund.error})
            else:
                return self.refuse(_("Неизвестное действие."))
        except ValidationError as error:
            return self.refuse(" ".join(error.messages), reason=request.POST.get("reason", ""))
        except TransitionNotAllowed as error:
            return self.refuse(error.message)
        return redirect(URL_NAME, self.booking.number)

    def refuse(self, message, **context):
        self.booking.refresh_from_db()
        response = self.render_to_response(self.get_context_data(error=message, **context))
        response.status_code = 400
        return response
