"""The guest's side of paying and cancelling, the sandbox payment page and the providers' webhook."""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import floatformat
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from bookings import lifecycle
from bookings.models import Booking, BookingStatus, Payment, PaymentStatus
from bookings.payments.services import (
    PaymentNotPossible,
    poll_payment,
    receive_webhook,
    start_payment,
    why_unpayable,
)
from bookings.status import TransitionNotAllowed
from integrations.payments import sandbox
from integrations.payments.base import UnknownProvider, WebhookRejected, get_provider

logger = logging.getLogger(__name__)


def guest_view(view):
    return never_cache(login_required(view))


def render(request, template, context, status=None):
    """Times on these pages are the rental's local time (Astana), whatever the server's zone."""
    context = {"booking_time_zone": settings.BOOKING_TIME_ZONE, **context}
    return TemplateResponse(request, f"bookings/payments/{template}", context, status=status)


def own_booking(request, number):
    """The signed-in guest's booking; anyone else's is a 404, as if it did not exist."""
    return get_object_or_404(Booking.objects.select_related("rental"), number=number, guest=request.user)


@guest_view
def pay(request, number):
    booking = own_booking(request, number)
    if request.method == "POST":
        try:
            payment = start_payment(
                booking,
                return_url=request.build_absolute_uri(reverse("bookings:payment_status", args=[booking.number])),
                webhook_url=request.build_absolute_uri(reverse("payment_webhook", args=[settings.PAYMENT_PROVIDER])),
            )
        except PaymentNotPossible as error:
            messages.error(request, error.message)
            return redirect("bookings:payment_status", booking.number)
        return redirect(payment.redirect_url)
    if why_unpayable(booking):
        return redirect("bookings:payment_status", booking.number)
    return render(request, "pay.html", {"booking": booking})


@guest_view
def payment_status(request, number):
    """Where the provider sends the guest back: paid, still processing, or failed with a retry while the hold lasts."""
    booking = own_booking(request, number)
    payment = booking.payments.first()
    if payment and payment.status == PaymentStatus.CREATED and get_provider(payment.provider).polls:
        # Kaspi's invoice is paid in the app: ask now rather than wait for the beat task's next round.
        poll_payment(payment)
        booking.refresh_from_db()
        payment.refresh_from_db()
    if booking.status in (BookingStatus.CONFIRMED, BookingStatus.CHECKED_IN, BookingStatus.COMPLETED):
        state = "confirmed"
    elif booking.status == BookingStatus.CANCELLED:
        state = "cancelled"
    elif not booking.hold_is_live:
        state = "expired"
    elif payment is None:
        state = "unpaid"
    elif payment.status == PaymentStatus.CREATED:
        state = "processing"
    else:
        state = "failed"
    return render(request, "status.html", {"booking": booking, "payment": payment, "state": state})


@guest_view
def cancel(request, number):
    booking = own_booking(request, number)
    terms = lifecycle.guest_cancellation_terms(booking)
    cancellable = booking.status in (BookingStatus.HOLD, BookingStatus.CONFIRMED)
    policy = sorted(settings.BOOKING_REFUND_POLICY, reverse=True)
    if request.method == "POST":
        try:
            terms = lifecycle.cancel_by_guest(booking, request.user)
        except TransitionNotAllowed:
            messages.error(request, _("Это бронирование уже нельзя отменить."))
            context = {"booking": booking, "terms": terms, "cancellable": False, "policy": policy}
            return render(request, "cancel.html", context, status=400)
        if terms.refund:
            message = _("Бронирование отменено. Вернём %(amount)s ₸ на карту, с которой вы платили.") % {
                "amount": floatformat(terms.refund, "-2g")
            }
        else:
            message = _("Бронирование отменено.")
        messages.success(request, message)
        return redirect("cabinet:bookings")
    return render(
        request, "cancel.html", {"booking": booking, "terms": terms, "cancellable": cancellable, "policy": policy}
    )


@guest_view
def sandbox_payment(request, payment_id):
    """The sandbox's stand-in for Kaspi's payment page (only while PAYMENT_PROVIDER is "sandbox")."""
    if settings.PAYMENT_PROVIDER != "sandbox":
        raise Http404
    payment = get_object_or_404(
        Payment.objects.select_related("booking__rental"),
        provider="sandbox",
        provider_payment_id=payment_id,
        booking__guest=request.user,
    )
    if request.method == "POST":
        if payment.status != PaymentStatus.CREATED:
            messages.info(request, _("Этот платёж уже обработан."))
        else:
            receive_webhook("sandbox", sandbox.signed_webhook(payment, paid=request.POST.get("action") == "pay"))
        return redirect("bookings:payment_status", payment.booking.number)
    return render(request, "sandbox.html", {"payment": payment, "booking": payment.booking})


@csrf_exempt
@require_POST
def payment_webhook(request, provider):
    """A payment provider tells us what happened. Signed; each event id is acted on once."""
    try:
        outcome = receive_webhook(provider, request)
    except UnknownProvider:
        raise Http404 from None
    except WebhookRejected as rejected:
        logger.warning("%s webhook rejected (%s): %s", provider, rejected.status, rejected)
        return HttpResponse(status=rejected.status)
    return JsonResponse({"outcome": outcome or "duplicate"})
