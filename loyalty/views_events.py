"""The member's pages of club events: her ticket (QR code, typed code, .ics), registering, confirming an offered
seat, cancelling, and rating the event afterwards. Thin views over loyalty.services.events."""

import logging
from datetime import UTC

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from catalog.models import EventPage
from integrations.payments import sandbox
from integrations.payments.base import UnknownProvider, WebhookRejected
from loyalty.models import EventPayment, EventRegistration
from loyalty.services import event_payments
from loyalty.services import events as services
from loyalty.site import member_view
from loyalty.views import qr_svg

Status = EventRegistration.Status
logger = logging.getLogger(__name__)


def event_or_404(event_id):
    event = EventPage.objects.live().select_related("city", "organiser").filter(pk=event_id).first()
    if event is None:
        raise Http404
    return event


def latest_registration(event, member):
    return EventRegistration.objects.filter(event=event, member=member).order_by("-pk").first()


@member_view
def event(request, event_id):
    event = event_or_404(event_id)
    member = request.member
    registration = latest_registration(event, member)
    at = timezone.now()
    context = {"event": event, "member": member, "registration": registration, "at": at}
    if registration is not None:
        if registration.status == Status.REGISTERED:
            code = services.ticket_code(registration)
            context.update(ticket=code, qr=qr_svg(code), short_code=services.short_code(registration))
        if registration.status == Status.WAITING:
            context["position"] = services.waiting_position(registration)
        context["refund"] = (
            EventPayment.objects.filter(registration=registration, refund__isnull=False)
            .select_related("refund")
            .first()
        )
        context["can_cancel"] = registration.is_active and (
            registration.status != Status.REGISTERED or at <= services.cancel_deadline(event)
        )
        context["can_rate"] = services.can_rate(registration, at)
        context["feedback"] = getattr(registration, "feedback", None) if registration.pk else None
    context["cancel_deadline"] = services.cancel_deadline(event)
    context["tier_allowed"] = member.tier in (event.allowed_tiers or [])
    context["open"] = event.status == EventPage.Status.SCHEDULED and at < event.start
    return TemplateResponse(request, "loyalty/event.html", context)


def act(request, event_id, action, success):
    event = event_or_404(event_id)
    try:
        action(event, request.member)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect("loyalty:event", event_id=event.pk)


def active_registration(event, member):
    registration = services.registration_for(event, member)
    if registration is None:
        raise services.ClubError(_("Вы не записаны на это мероприятие."), code="not_registered")
    return registration


@member_view
@require_POST
def register(request, event_id):
    event = event_or_404(event_id)
    try:
        registration = services.register(event, request.member)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if registration.status == Status.WAITING:
            messages.info(request, _("Мест нет — вы в листе ожидания. Если место освободится, мы напишем."))
        elif registration.status == Status.PAYMENT_DUE:
            messages.info(request, _("Место за вами. Оплатите его, и билет появится здесь."))
        else:
            messages.success(request, _("Вы записаны! Билет с QR-кодом — ниже."))
    return redirect("loyalty:event", event_id=event.pk)


@member_view
@require_POST
def pay(request, event_id):
    """Open (or reopen) the payment for her seat and send her to the provider's page."""
    event = event_or_404(event_id)
    try:
        registration = active_registration(event, request.member)
        payment = event_payments.start_payment(
            registration,
            return_url=request.build_absolute_uri(reverse("loyalty:event", args=[event.pk])),
            webhook_url=request.build_absolute_uri(reverse("club_payment_webhook", args=[settings.PAYMENT_PROVIDER])),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("loyalty:event", event_id=event.pk)
    return redirect(payment.redirect_url)


@member_view
def sandbox_payment(request, payment_id):
    """The sandbox's stand-in for the provider's page (only while PAYMENT_PROVIDER is "sandbox")."""
    if settings.PAYMENT_PROVIDER != "sandbox":
        raise Http404
    payment = get_object_or_404(
        EventPayment.objects.select_related("registration__event"),
        provider="sandbox",
        provider_payment_id=payment_id,
        registration__member=request.member,
    )
    event = payment.registration.event
    if request.method == "POST":
        if payment.status != EventPayment.Status.CREATED:
            messages.info(request, _("Этот платёж уже обработан."))
        else:
            paid = request.POST.get("action") == "pay"
            outcome = event_payments.receive_webhook("sandbox", sandbox.signed_webhook(payment, paid=paid))
            if outcome == "paid":
                messages.success(request, _("Оплата прошла. Вы записаны — билет ниже."))
            elif outcome == "refunded":
                messages.error(request, _("Оплата пришла, когда время на неё уже вышло и место ушло. Деньги вернём."))
            else:
                messages.error(request, _("Оплата не прошла. Можно попробовать ещё раз, пока место за вами."))
        return redirect("loyalty:event", event_id=event.pk)
    return TemplateResponse(request, "loyalty/sandbox.html", {"payment": payment, "event": event})


@csrf_exempt
@require_POST
def payment_webhook(request, provider):
    """A payment provider tells us what happened to a club payment. Signed; each event id is acted on once."""
    try:
        outcome = event_payments.receive_webhook(provider, request)
    except UnknownProvider:
        raise Http404 from None
    except WebhookRejected as rejected:
        logger.warning("%s club webhook rejected (%s): %s", provider, rejected.status, rejected)
        return HttpResponse(status=rejected.status)
    return JsonResponse({"outcome": outcome or "duplicate"})


@member_view
@require_POST
def confirm(request, event_id):
    return act(
        request,
        event_id,
        lambda event, member: services.confirm(active_registration(event, member)),
        _("Место ваше — билет ниже."),
    )


@member_view
@require_POST
def cancel(request, event_id):
    return act(
        request,
        event_id,
        lambda event, member: services.cancel(active_registration(event, member)),
        _("Запись отменена."),
    )


@member_view
@require_POST
def rate(request, event_id):
    event = event_or_404(event_id)
    registration = latest_registration(event, request.member)
    try:
        rating = int(request.POST.get("rating", ""))
    except ValueError:
        rating = 0
    try:
        if registration is None:
            raise services.ClubError(_("Вы не записаны на это мероприятие."), code="not_registered")
        services.leave_feedback(registration, rating, request.POST.get("comment", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Спасибо за оценку!"))
    return redirect("loyalty:event", event_id=event.pk)


def ics_text(value):
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line, limit=75):
    """RFC 5545 3.1: lines longer than 75 octets continue on the next line after a space (never inside a
    character's UTF-8 bytes)."""
    parts, current, size = [], "", 0
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            parts.append(current)
            current, size = " ", 1
        current += char
        size += width
    parts.append(current)
    return "\r\n".join(parts)


@member_view
def ics(request, event_id):
    """The event for the member's calendar (RFC 5545), with the ticket's page as its link."""
    event = event_or_404(event_id)
    registration = services.registration_for(event, request.member)
    if registration is None:
        raise Http404

    def stamp(value):
        return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")

    url = request.build_absolute_uri(request.path.rsplit("ticket.ics", 1)[0])
    place = event.place_label if event.has_place else event.online_url
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Svoy Krug//Club events//RU",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:club-event-{event.pk}-{registration.pk}@{request.get_host().split(':')[0]}",
        f"DTSTAMP:{stamp(timezone.now())}",
        f"DTSTART:{stamp(event.start)}",
        f"DTEND:{stamp(event.end)}",
        f"SUMMARY:{ics_text(event.title)}",
        f"DESCRIPTION:{ics_text(event.summary + chr(10) + url)}",
        f"LOCATION:{ics_text(place or '')}",
        f"URL:{url}",
        "STATUS:" + ("CANCELLED" if event.status == EventPage.Status.CANCELLED else "CONFIRMED"),
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    body = "\r\n".join(fold(line) for line in lines) + "\r\n"
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response
