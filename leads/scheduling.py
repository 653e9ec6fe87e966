"""Viewings booked into the managers' free slots, and moved, cancelled or closed afterwards.

A slot is free when at least one active manager of the site works then (work days and hours in
LEADS_TIME_ZONE, no day off) and has no scheduled meeting overlapping it; it starts at least
LEADS_BOOKING_NOTICE_HOURS from now. Booking and moving lock the lead, the meeting and then the
site's manager profiles (in that order, always), re-check the slot and write, in one transaction:
two clients never get one manager's slot. On PostgreSQL an EXCLUDE constraint (migration 0003) is
the last line of defence. These functions are the only writers of an Appointment's time and status."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Prefetch
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from leads import meeting_notices
from leads.clock import leads_time_zone
from leads.models import (
    Appointment,
    AppointmentStatus,
    InteractionKind,
    Lead,
    LeadStage,
    ManagerDayOff,
    ManagerProfile,
)
from leads.pipeline import can_move, log_interaction, move_to_stage

CHOICE_DAYS = 14  # how far ahead the client is offered slots
CHOICE_LIMIT = 60


class SchedulingRefused(Exception):
    """The meeting cannot be booked, moved or closed; `message` says why, in words for the person."""

    def __init__(self, message):
        self.message = message
        super().__init__(str(message))


class SlotTaken(SchedulingRefused):
    def __init__(self):
        super().__init__(_("Это время уже занято. Выберите другое."))


@dataclass(frozen=True)
class Slot:
    starts_at: datetime
    ends_at: datetime
    manager_ids: tuple[int, ...]  # users free then, in the order they are picked

    @property
    def value(self):
        return slot_value(self.starts_at)

    @property
    def label(self):
        return slot_label(self.starts_at)


def viewing_duration():
    return timedelta(minutes=settings.LEADS_VIEWING_MINUTES)


def earliest_start(now=None):
    return (now or timezone.now()) + timedelta(hours=settings.LEADS_BOOKING_NOTICE_HOURS)


def slot_value(starts_at):
    """The slot's form value: its moment in LEADS_TIME_ZONE, ISO 8601 with the offset."""
    return timezone.localtime(starts_at, leads_time_zone()).isoformat(timespec="minutes")


def slot_label(starts_at):
    return formats.date_format(timezone.localtime(starts_at, leads_time_zone()), "D, j E, H:i")


def parse_slot_value(value):
    """The moment a slot's form value names, or None for anything that is not one."""
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return moment if timezone.is_aware(moment) else None


def site_managers(site):
    return ManagerProfile.objects.filter(sites=site, is_active=True, user__is_active=True)


def _works_on(profile, day):
    if day.isoweekday() not in (profile.work_days or []):
        return False
    return not any(off.starts_on <= day <= off.ends_on for off in profile.days_off.all())


def _starts_of_day(profile, day, duration, zone):
    start = datetime.combine(day, profile.work_start, tzinfo=zone)
    end = datetime.combine(day, profile.work_end, tzinfo=zone)
    while start + duration <= end:
        yield start
        start += duration


def free_slots(site, start_date: date, days: int, duration=None, *, now=None, exclude=None, managers=None):
    """The free slots of the site's active managers from start_date for `days` days, earliest first.

    Three queries whatever the number of managers, days or meetings. `exclude`: a meeting to treat as
    not there (the one being moved); `managers`: the profiles to use, already loaded (and locked)."""
    duration = duration or viewing_duration()
    zone = leads_time_zone()
    last_day = start_date + timedelta(days=days - 1)
    if managers is None:
        managers = site_managers(site)
    # the one assigned longest ago first, as the round robin of new leads does
    profiles = list(
        managers.order_by(F("last_assigned_at").asc(nulls_first=True), "pk").prefetch_related(
            Prefetch(
                "days_off", queryset=ManagerDayOff.objects.filter(ends_on__gte=start_date, starts_on__lte=last_day)
            )
        )
    )
    window_start = datetime.combine(start_date, time.min, tzinfo=zone)
    window_end = datetime.combine(last_day + timedelta(days=1), time.min, tzinfo=zone)
    meetings = Appointment.objects.filter(
        manager_id__in=[p.user_id for p in profiles],
        status=AppointmentStatus.SCHEDULED,
        starts_at__lt=window_end,
        ends_at__gt=window_start,
    )
    if exclude is not None:
        meetings = meetings.exclude(pk=exclude.pk)
    busy = defaultdict(list)
    for manager_id, starts_at, ends_at in meetings.values_list("manager_id", "starts_at", "ends_at"):
        busy[manager_id].append((starts_at, ends_at))

    earliest = earliest_start(now)
    free = defaultdict(list)
    for offset in range(days):
        day = start_date + timedelta(days=offset)
        for profile in profiles:
            if not _works_on(profile, day):
                continue
            for start in _starts_of_day(profile, day, duration, zone):
                end = start + duration
                if start < earliest or any(b_start < end and start < b_end for b_start, b_end in busy[profile.user_id]):
                    continue
                free[start].append(profile.user_id)
    return [Slot(start, start + duration, tuple(free[start])) for start in sorted(free)]


def viewing_slot_choices(site, now=None, *, days=CHOICE_DAYS, limit=CHOICE_LIMIT):
    """(value, label) of the next free viewing slots of the site, for a form's ChoiceField."""
    today = timezone.localdate(now or timezone.now(), leads_time_zone())
    return [(slot.value, slot.label) for slot in free_slots(site, today, days, now=now)[:limit]]


# -- booking, moving, cancelling ---------------------------------------------------------------------------------


def _pick_manager(site, starts_at, duration, *, preferred=None, exclude=None):
    """Lock the site's managers' profiles and return the user id of one who is free for the whole slot."""
    if starts_at < earliest_start():
        raise SchedulingRefused(
            _("Это время уже недоступно: запись возможна не раньше чем за %(hours)d ч.")
            % {"hours": settings.LEADS_BOOKING_NOTICE_HOURS}
        )
    locked = site_managers(site).select_for_update(of=("self",)).order_by("pk")
    list(locked.values_list("pk", flat=True))  # takes the locks, in one order for everyone
    day = timezone.localdate(starts_at, leads_time_zone())
    slot = next((s for s in free_slots(site, day, 1, duration, exclude=exclude) if s.starts_at == starts_at), None)
    if slot is None:
        raise SlotTaken
    return preferred if preferred in slot.manager_ids else slot.manager_ids[0]


def _hand_over_lead(lead, manager_id, by):
    """The meeting went to another manager: the lead follows, and its history says so."""
    if lead.manager_id == manager_id:
        return
    previous = lead.manager_id
    lead.manager_id = manager_id
    lead.assigned_at = timezone.now()
    Lead.objects.filter(pk=lead.pk).update(manager_id=manager_id, assigned_at=lead.assigned_at)
    ManagerProfile.objects.filter(user_id=manager_id).update(last_assigned_at=lead.assigned_at)
    log_interaction(
        lead,
        InteractionKind.ASSIGNMENT,
        by=by,
        text=_("Менеджер сменился: встречу ведёт свободный в это время.")
        if previous
        else _("Назначен менеджер, свободный в это время."),
        data={"from": previous, "to": manager_id, "reason": "meeting"},
    )
    meeting_notices.lead_handed_over(lead)


def _lock(appointment):
    lead = Lead.objects.select_for_update().select_related("site").get(pk=appointment.lead_id)
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    appointment.lead = lead
    return appointment


def _meeting_log(appointment, action, by, text="", **data):
    log_interaction(
        appointment.lead,
        InteractionKind.MEETING,
        by=by,
        text=text,
        data={"appointment": appointment.pk, "action": action, "starts_at": appointment.starts_at.isoformat(), **data},
    )


def _refuse_on_overlap(error):
    if "appointment_no_overlap" in str(error):
        raise SlotTaken from error
    raise error


def book_viewing(lead, starts_at, *, by=None):
    """Book the lead's viewing at `starts_at`, with its own manager when free, or raise SchedulingRefused."""
    try:
        with transaction.atomic():
            lead = Lead.objects.select_for_update().select_related("site").get(pk=lead.pk)
            if not lead.is_open:
                raise SchedulingRefused(_("Заявка закрыта: записаться по ней нельзя."))
            if lead.appointments.filter(status=AppointmentStatus.SCHEDULED, ends_at__gt=timezone.now()).exists():
                raise SchedulingRefused(_("Просмотр уже назначен: его можно перенести или отменить."))
            duration = viewing_duration()
            manager_id = _pick_manager(lead.site, starts_at, duration, preferred=lead.manager_id)
            appointment = Appointment.objects.create(
                lead=lead,
                manager_id=manager_id,
                starts_at=starts_at,
                ends_at=starts_at + duration,
                place=lead.listing_title,
            )
            _hand_over_lead(lead, manager_id, by)
            if lead.stage != LeadStage.MEETING and can_move(lead, LeadStage.MEETING):
                move_to_stage(lead, LeadStage.MEETING, by=by)
            _meeting_log(
                appointment,
                "booked",
                by,
                text=_("Назначен просмотр: %(when)s") % {"when": appointment_when(appointment)},
            )
            meeting_notices.booked(appointment, by)
            return appointment
    except IntegrityError as error:
        _refuse_on_overlap(error)


def reschedule(appointment, new_start, *, by=None):
    """Move a scheduled meeting to `new_start` (its manager kept when free then), or raise SchedulingRefused."""
    try:
        with transaction.atomic():
            appointment = _lock(appointment)
            _check_scheduled(appointment)
            if new_start == appointment.starts_at:
                raise SchedulingRefused(_("Встреча уже назначена на это время."))
            duration = appointment.ends_at - appointment.starts_at
            manager_id = _pick_manager(
                appointment.lead.site, new_start, duration, preferred=appointment.manager_id, exclude=appointment
            )
            previous_start, previous_manager = appointment.starts_at, appointment.manager_id
            appointment.starts_at, appointment.ends_at = new_start, new_start + duration
            appointment.manager_id = manager_id
            appointment.save(update_fields=["starts_at", "ends_at", "manager", "updated_at"])
            if manager_id != previous_manager and appointment.lead.manager_id == previous_manager:
                _hand_over_lead(appointment.lead, manager_id, by)
            _meeting_log(
                appointment,
                "rescheduled",
                by,
                text=_("Встреча перенесена на %(when)s") % {"when": appointment_when(appointment)},
                previous_starts_at=previous_start.isoformat(),
            )
            meeting_notices.rescheduled(appointment, by, previous_manager_id=previous_manager)
            return appointment
    except IntegrityError as error:
        _refuse_on_overlap(error)


def cancel(appointment, *, by=None, reason=""):
    """Cancel a scheduled meeting with a reason; the lead goes back to work if no other meeting is left."""
    reason = (reason or "").strip()
    if not reason:
        raise SchedulingRefused(_("Укажите причину отмены."))
    with transaction.atomic():
        appointment = _lock(appointment)
        _check_scheduled(appointment)
        appointment.status = AppointmentStatus.CANCELLED
        appointment.cancel_reason = reason[:255]
        appointment.save(update_fields=["status", "cancel_reason", "updated_at"])
        _meeting_log(appointment, "cancelled", by, text=_("Встреча отменена: %(reason)s") % {"reason": reason})
        lead = appointment.lead
        others = lead.appointments.filter(status=AppointmentStatus.SCHEDULED).exists()
        if lead.stage == LeadStage.MEETING and not others:
            move_to_stage(lead, LeadStage.IN_WORK, by=by, comment=_("Встреча отменена"))
        meeting_notices.cancelled(appointment, by)
        return appointment


def close_meeting(appointment, status, *, by):
    """Record how a meeting went: it took place (DONE) or the client did not come (NO_SHOW)."""
    if status not in (AppointmentStatus.DONE, AppointmentStatus.NO_SHOW):
        raise SchedulingRefused(_("Неизвестный итог встречи."))
    with transaction.atomic():
        appointment = _lock(appointment)
        if appointment.status != AppointmentStatus.SCHEDULED:
            raise SchedulingRefused(_("Итог этой встречи уже отмечен или она отменена."))
        if appointment.starts_at > timezone.now():
            raise SchedulingRefused(_("Встреча ещё не началась."))
        appointment.status = status
        appointment.save(update_fields=["status", "updated_at"])
        _meeting_log(appointment, status, by, text=AppointmentStatus(status).label)
        return appointment


def _check_scheduled(appointment):
    if appointment.status != AppointmentStatus.SCHEDULED:
        raise SchedulingRefused(_("Эта встреча уже отменена или состоялась."))
    if appointment.starts_at <= timezone.now():
        raise SchedulingRefused(_("Встреча уже началась: изменить её нельзя."))


def appointment_when(appointment):
    return slot_label(appointment.starts_at)
