"""Registration for club events (catalog.EventPage): seats per tier, the waiting list, cancellations, tickets,
check-in at the door, reminders and ratings.

Every write that changes who holds a seat runs in one transaction under a lock on the event's row (as a booking
locks its property), so seats never go past the capacity whatever runs at once, and the waiting list is served in
the order members joined it (`pk`).

Seats: `registered` and `offered` registrations hold one. An event's `elite_seats` are kept for Elite and Inner
Circle: the other tiers take at most `capacity - elite_seats` seats. A freed seat is offered to the first waiting
member it fits; she has CLUB_EVENT_OFFER_HOURS (never past the start) to confirm, else the offer expires
(`expire_offers`, Celery beat) and passes on. A member cancels until CLUB_EVENT_CANCEL_HOURS before the start.

Paid events (price > 0): a seat that fits is `payment_due` for CLUB_EVENT_PAYMENT_MINUTES (never past the start)
and becomes `registered` when the provider says it is paid (loyalty.services.event_payments); unpaid, it expires
and passes on like an offer. Refunds are whole: a member who cancels in time, everyone when the organiser cancels,
and a payment that arrives after its seat has gone (loyalty.services.event_refunds).
"""

import re
from base64 import urlsafe_b64encode
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Avg, Count, Q
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

from catalog.models import EventPage, Tier
from core import ratelimit
from loyalty import notify
from loyalty.models import EventFeedback, EventRegistration, Member
from loyalty.services.event_refunds import refund_registration, withdraw_open_payments
from loyalty.services.ledger import ClubError

Status = EventRegistration.Status
ELITE_TIERS = (Tier.ELITE.value, Tier.INNER_CIRCLE.value)
TICKET_PREFIX = "EV1"
TICKET_RE = re.compile(rf"^{TICKET_PREFIX}\.(\d+)\.([A-Za-z0-9_-]{{16}})$")
CHECK_DIGITS = 6
BAD_TICKETS_ALLOWED = 20
BAD_TICKETS_WINDOW = 10 * 60  # seconds
FEEDBACK_DAYS = 14  # after the end, attendees may rate the event this long

__all__ = [
    "cancel",
    "cancel_deadline",
    "cancel_event",
    "check_in",
    "confirm",
    "event_report",
    "expire_offers",
    "leave_feedback",
    "register",
    "registration_for",
    "resolve_ticket",
    "seat_paid",
    "send_feedback_requests",
    "send_reminders",
    "short_code",
    "ticket_code",
]


def now():
    return timezone.now()


def is_elite(member):
    return member.tier in ELITE_TIERS


def cancel_deadline(event):
    return event.start - timedelta(hours=settings.CLUB_EVENT_CANCEL_HOURS)


def lock_event(event_or_id) -> EventPage:
    pk = getattr(event_or_id, "pk", event_or_id)
    return EventPage.objects.select_for_update(of=("self",)).get(pk=pk)


def lock_registration(registration) -> EventRegistration:
    return (
        EventRegistration.objects.select_for_update(of=("self",)).select_related("member__user").get(pk=registration.pk)
    )


def seat_counts(event):
    """(seats held, of them by members below Elite)."""
    counts = EventRegistration.objects.filter(event=event, status__in=EventRegistration.HOLDS_SEAT).aggregate(
        total=Count("pk"), others=Count("pk", filter=~Q(member__tier__in=ELITE_TIERS))
    )
    return counts["total"], counts["others"]


def fits(event, member, total, others):
    if total >= event.capacity:
        return False
    return is_elite(member) or others < event.capacity - event.elite_seats


def registration_for(event, member):
    """The member's active registration for the event (registered, offered or waiting), or None."""
    return (
        EventRegistration.objects.filter(event=event, member=member, status__in=EventRegistration.ACTIVE)
        .order_by("-pk")
        .first()
    )


def check_open(event, member, at):
    if not event.live or event.status != EventPage.Status.SCHEDULED or at >= event.start:
        raise ClubError(_("Запись на это мероприятие закрыта."), code="event_closed")
    if member.tier not in (event.allowed_tiers or []):
        raise ClubError(
            _("Это мероприятие для статусов: %(tiers)s."),
            code="tier_not_allowed",
            params={"tiers": ", ".join(event.tier_labels)},
        )
    if not member.user.is_active:
        raise ClubError(_("Учётная запись отключена."), code="member_inactive")


def mark_passed_reminders(registration, event, at):
    """Reminders whose moment has already passed when the seat is taken are not sent late."""
    if event.start - at <= timedelta(days=1):
        registration.reminded_day_at = at
    if event.start - at <= timedelta(hours=2):
        registration.reminded_hours_at = at


def take_seat(registration, event, at):
    """The seat is hers: at once for a free event; for a paid one, once she pays within the time to pay."""
    if event.is_free:
        registration.status = Status.REGISTERED
        registration.confirmed_at = at
        mark_passed_reminders(registration, event, at)
    else:
        registration.status = Status.PAYMENT_DUE
        registration.offer_expires_at = min(at + timedelta(minutes=settings.CLUB_EVENT_PAYMENT_MINUTES), event.start)


def release_stale_seats(event, at) -> int:
    """Offers and unpaid seats past their time pass on now, whether or not the beat task has run (the event's row
    is locked by the caller). Returns how many expired."""
    stale = EventRegistration.objects.filter(event=event, status__in=EventRegistration.TIMED, offer_expires_at__lt=at)
    for registration in stale:
        withdraw_open_payments(registration)
    expired = stale.update(status=Status.EXPIRED, cancelled_at=at)
    if expired:
        offer_freed_seats(event, at)
    return expired


def register(event, member, *, at=None) -> EventRegistration:
    """A seat if one fits the member's tier (to pay for, if the event is paid), else a place at the end of the
    waiting list. ClubError if the event is closed or not for her tier, or she is already on its list."""
    at = at or now()
    with transaction.atomic():
        event = lock_event(event)
        member = Member.objects.select_related("user").get(pk=member.pk)
        check_open(event, member, at)
        release_stale_seats(event, at)
        if registration_for(event, member) is not None:
            raise ClubError(_("Вы уже записаны на это мероприятие."), code="already_registered")
        total, others = seat_counts(event)
        registration = EventRegistration(event=event, member=member, created_at=at)
        if fits(event, member, total, others):
            take_seat(registration, event, at)
        else:
            registration.status = Status.WAITING
        registration.save()
        return registration


def waiting_position(registration):
    """1 for the first on the waiting list."""
    return (
        EventRegistration.objects.filter(
            event_id=registration.event_id, status=Status.WAITING, pk__lt=registration.pk
        ).count()
        + 1
    )


def offer_freed_seats(event, at) -> list[EventRegistration]:
    """Offer every free seat to the first waiting member it fits (the event's row is locked by the caller)."""
    if at >= event.start or event.status != EventPage.Status.SCHEDULED:
        return []
    total, others = seat_counts(event)
    offered = []
    waiting = EventRegistration.objects.filter(event=event, status=Status.WAITING).select_related("member__user")
    for registration in waiting.order_by("pk"):
        if total >= event.capacity:
            break
        if not fits(event, registration.member, total, others):
            continue
        registration.status = Status.OFFERED
        registration.offer_expires_at = min(at + timedelta(hours=settings.CLUB_EVENT_OFFER_HOURS), event.start)
        registration.save(update_fields=["status", "offer_expires_at"])
        notify.event_seat_offered(registration, event)
        offered.append(registration)
        total += 1
        others += 0 if is_elite(registration.member) else 1
    return offered


def confirm(registration, *, at=None) -> EventRegistration:
    """The member takes the seat offered to her (before the offer expires)."""
    at = at or now()
    with transaction.atomic():
        event = lock_event(registration.event_id)
        registration = lock_registration(registration)
        if registration.status != Status.OFFERED:
            raise ClubError(_("Место вам сейчас не предложено."), code="not_offered")
        if at > registration.offer_expires_at:
            raise ClubError(_("Время подтвердить место вышло."), code="offer_expired")
        take_seat(registration, event, at)
        registration.save()
        return registration


def seat_paid(registration, *, at=None) -> bool:
    """Her payment came through: the seat is hers (True). If it had already gone (the time to pay ran out, she
    cancelled, the event was cancelled), she keeps it only when it had simply expired and a seat still fits;
    otherwise False, and the caller gives the money back."""
    at = at or now()
    event = lock_event(registration.event_id)
    registration = lock_registration(registration)
    if registration.status == Status.REGISTERED:
        return True
    if registration.status == Status.EXPIRED:
        member = registration.member
        still_open = event.status == EventPage.Status.SCHEDULED and at < event.start
        if not still_open or registration_for(event, member) is not None:
            return False
        if not fits(event, member, *seat_counts(event)):
            return False
    elif registration.status != Status.PAYMENT_DUE:
        return False
    registration.status = Status.REGISTERED
    registration.confirmed_at = at
    registration.offer_expires_at = None
    mark_passed_reminders(registration, event, at)
    registration.save()
    return True


def cancel(registration, *, at=None) -> EventRegistration:
    """The member leaves: a seat (until the deadline), an offer or her place on the waiting list. A freed seat
    goes to the next one waiting."""
    at = at or now()
    with transaction.atomic():
        event = lock_event(registration.event_id)
        registration = lock_registration(registration)
        if not registration.is_active:
            raise ClubError(_("Эта запись уже не действует."), code="not_active")
        if registration.status == Status.REGISTERED and at > cancel_deadline(event):
            raise ClubError(
                _("Отменить запись можно не позже чем за %(hours)s ч до начала."),
                code="too_late_to_cancel",
                params={"hours": settings.CLUB_EVENT_CANCEL_HOURS},
            )
        held = registration.holds_seat
        registration.status = Status.CANCELLED
        registration.cancelled_at = at
        registration.save(update_fields=["status", "cancelled_at"])
        withdraw_open_payments(registration)
        refund_registration(registration, _("Отмена записи участницей"))
        if held:
            offer_freed_seats(event, at)
        return registration


def expire_offers(*, at=None) -> int:
    """Offers not confirmed and seats not paid in time expire, and their seats pass on (Celery beat)."""
    at = at or now()
    expired = 0
    events = (
        EventRegistration.objects.filter(status__in=EventRegistration.TIMED, offer_expires_at__lt=at)
        .values_list("event_id", flat=True)
        .distinct()
    )
    for event_id in list(events):
        with transaction.atomic():
            expired += release_stale_seats(lock_event(event_id), at)
    return expired


def cancel_event(event, *, at=None) -> int:
    """The organiser cancelled the event: every active registration ends and each member is told (called when the
    page is published as cancelled, see loyalty.signals)."""
    at = at or now()
    with transaction.atomic():
        event = lock_event(event)
        active = list(
            EventRegistration.objects.select_for_update(of=("self",))
            .filter(event=event, status__in=EventRegistration.ACTIVE)
            .select_related("member__user")
        )
        for registration in active:
            registration.status = Status.EVENT_CANCELLED
            registration.cancelled_at = at
            registration.save(update_fields=["status", "cancelled_at"])
            withdraw_open_payments(registration)
            refund_registration(registration, _("Мероприятие отменено организатором"))
            notify.event_cancelled(registration, event)
        return len(active)


# Tickets: a QR payload `EV1.<registration>.<signature>` and a typed code `<registration>-<6 digits>`, both
# bound to the registration, its event and its member by an HMAC keyed from SECRET_KEY.


def ticket_digest(registration_id, event_id, member_id):
    return salted_hmac("loyalty.events.ticket", f"{registration_id}.{event_id}.{member_id}", algorithm="sha256")


def ticket_code(registration) -> str:
    digest = ticket_digest(registration.pk, registration.event_id, registration.member_id).digest()
    return f"{TICKET_PREFIX}.{registration.pk}.{urlsafe_b64encode(digest[:12]).decode()}"


def short_code(registration) -> str:
    digest = ticket_digest(registration.pk, registration.event_id, registration.member_id).digest()
    digits = int.from_bytes(digest[-8:], "big") % 10**CHECK_DIGITS
    return f"{registration.pk}-{digits:0{CHECK_DIGITS}d}"


def invalid_ticket():
    return ClubError(_("Билет не распознан. Проверьте код или отсканируйте QR-код."), code="ticket_invalid")


def resolve_ticket(text) -> EventRegistration:
    """The registration whose QR payload or typed code `text` is; ClubError if it is nobody's."""
    text = (text or "").strip()
    digits = re.sub(r"[\s-]", "", text)
    if match := TICKET_RE.match(text):
        pk = int(match[1])
    elif digits.isdigit() and CHECK_DIGITS < len(digits) <= 18:
        pk = int(digits[:-CHECK_DIGITS])
    else:
        raise invalid_ticket()
    registration = EventRegistration.objects.select_related("member__user").filter(pk=pk).first()
    if registration is None:
        raise invalid_ticket()
    expected = ticket_code(registration) if match else short_code(registration).replace("-", "")
    if not constant_time_compare(text if match else digits, expected):
        raise invalid_ticket()
    return registration


def check_in(event, code, *, by, at=None, scanned_at=None):
    """Record that the ticket's holder came: (registration, True) the first time, (registration, False) when she
    was already checked in (a second scan, or an offline queue synced twice). ClubError for a ticket that is not
    this event's or holds no seat. `scanned_at`: when an offline scanner saw the ticket (kept if plausible)."""
    at = at or now()
    key = f"club-checkin-bad-tickets:{by.pk}"
    if ratelimit.hits(key) >= BAD_TICKETS_ALLOWED:
        raise ClubError(_("Слишком много неверных билетов подряд. Подождите 10 минут."), code="too_many_tickets")
    try:
        registration = resolve_ticket(code)
    except ClubError:
        ratelimit.hit(key, BAD_TICKETS_WINDOW)
        raise
    if registration.event_id != event.pk:
        raise ClubError(_("Этот билет на другое мероприятие."), code="ticket_other_event")
    with transaction.atomic():
        registration = lock_registration(registration)
        if registration.checked_in_at is not None:
            return registration, False
        if registration.status != Status.REGISTERED:
            raise ClubError(
                _("По этому билету места нет: %(status)s."),
                code="ticket_not_registered",
                params={"status": registration.get_status_display()},
            )
        when = at
        if scanned_at is not None and event.start - timedelta(hours=12) <= scanned_at <= at:
            when = scanned_at
        registration.checked_in_at = when
        registration.checked_in_by = by
        registration.save(update_fields=["checked_in_at", "checked_in_by"])
        return registration, True


# Reminders and ratings (Celery beat): each message is sent once, marked in the transaction that writes it.


def send_reminders(*, at=None) -> int:
    """A reminder a day before and another two hours before, to each member holding a seat."""
    at = at or now()
    sent = 0
    base = EventRegistration.objects.filter(
        status=Status.REGISTERED,
        event__live=True,
        event__status=EventPage.Status.SCHEDULED,
        event__start__gt=at,
    )
    soon = base.filter(event__start__lte=at + timedelta(hours=2), reminded_hours_at__isnull=True)
    tomorrow = base.filter(
        event__start__gt=at + timedelta(hours=2),
        event__start__lte=at + timedelta(days=1),
        reminded_day_at__isnull=True,
    )
    for rows, field, hours in ((soon, "reminded_hours_at", True), (tomorrow, "reminded_day_at", False)):
        with transaction.atomic():
            due = rows.select_for_update(of=("self",), skip_locked=True).select_related("member__user", "event")
            for registration in due:
                setattr(registration, field, at)
                if hours and registration.reminded_day_at is None:
                    registration.reminded_day_at = at  # no «tomorrow» two hours before
                registration.save(update_fields=["reminded_day_at", "reminded_hours_at"])
                notify.event_reminder(registration, registration.event, soon=hours)
                sent += 1
    return sent


def send_feedback_requests(*, at=None) -> int:
    """After the event, each attendee is asked once for a rating."""
    at = at or now()
    with transaction.atomic():
        due = (
            EventRegistration.objects.select_for_update(of=("self",), skip_locked=True)
            .filter(
                checked_in_at__isnull=False,
                feedback_asked_at__isnull=True,
                event__end__lte=at,
                event__end__gt=at - timedelta(days=FEEDBACK_DAYS),
            )
            .select_related("member__user", "event")
        )
        count = 0
        for registration in due:
            registration.feedback_asked_at = at
            registration.save(update_fields=["feedback_asked_at"])
            notify.event_feedback(registration, registration.event)
            count += 1
        return count


def can_rate(registration, at=None):
    at = at or now()
    event = registration.event
    return registration.checked_in_at is not None and event.end <= at < event.end + timedelta(days=FEEDBACK_DAYS)


def leave_feedback(registration, rating, comment="", *, at=None) -> EventFeedback:
    """An attendee's rating 1–5 and comment, after the event (a second one replaces the first)."""
    at = at or now()
    registration = EventRegistration.objects.select_related("event").get(pk=registration.pk)
    if not can_rate(registration, at):
        raise ClubError(_("Оценить мероприятие могут те, кто на нём был, после его окончания."), code="cannot_rate")
    if rating not in range(1, 6):
        raise ClubError(_("Оценка — от 1 до 5."), code="bad_rating")
    feedback, _created = EventFeedback.objects.update_or_create(
        registration=registration, defaults={"rating": rating, "comment": comment.strip()[:2000], "created_at": at}
    )
    return feedback


def event_report(event):
    """What the organiser sees: counts by state, attendance and the ratings (a constant number of queries)."""
    rows = EventRegistration.objects.filter(event=event)
    counts = rows.aggregate(
        registered=Count("pk", filter=Q(status=Status.REGISTERED)),
        waiting=Count("pk", filter=Q(status=Status.WAITING)),
        offered=Count("pk", filter=Q(status=Status.OFFERED)),
        cancelled=Count("pk", filter=Q(status__in=[Status.CANCELLED, Status.EXPIRED, Status.EVENT_CANCELLED])),
        attended=Count("pk", filter=Q(checked_in_at__isnull=False)),
    )
    ratings = EventFeedback.objects.filter(registration__event=event).aggregate(
        average=Avg("rating"), count=Count("pk")
    )
    return {**counts, **ratings}
