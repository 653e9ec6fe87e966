"""The member's pages of club events: her ticket (QR code, typed code, .ics), registering, confirming an offered
seat, cancelling, and rating the event afterwards. Thin views over loyalty.services.events."""

from datetime import UTC

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog.models import EventPage
from loyalty.models import EventRegistration
from loyalty.services import events as services
from loyalty.site import member_view
from loyalty.views import qr_svg

Status = EventRegistration.Status


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
        else:
            messages.success(request, _("Вы записаны! Билет с QR-кодом — ниже."))
    return redirect("loyalty:event", event_id=event.pk)


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
