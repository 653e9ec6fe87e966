"""The manager's calendar in the admin: a week of meetings and tasks, one meeting's actions (move,
cancel, done, no-show), booking a viewing for a lead, marking a task done, the .ics feed address.

Every object is looked up inside the user's scope (leads.permissions): another id is a 404."""

from datetime import datetime, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from core.http import safe_next
from leads import scheduling
from leads.clock import leads_time_zone
from leads.manager_tasks import complete_task
from leads.models import AppointmentStatus, CalendarFeed
from leads.models.reminders import new_feed_token
from leads.permissions import (
    appointments_visible_to,
    can_work_lead,
    leads_visible_to,
    profiles_visible_to,
    tasks_visible_to,
)
from leads.scheduling import SchedulingRefused, parse_slot_value
from leads.views_viewing import render_in_zone

ALL = "all"


def _week_start(value, zone):
    try:
        day = datetime.strptime(value or "", "%Y-%m-%d").date()
    except ValueError:
        day = timezone.localdate(timezone.now(), zone)
    return day - timedelta(days=day.weekday())


def _owner_choices(user):
    profiles = profiles_visible_to(user).select_related("user").order_by("user__last_name", "user__email")
    return [profile.user for profile in profiles]


@never_cache
def calendar_view(request):
    """A week grid of one manager's meetings and tasks; heads of sales and the superuser pick the manager
    (or «all»); a manager sees only their own."""
    user = request.user
    owners = _owner_choices(user)
    if not owners and not user.is_superuser:
        raise PermissionDenied
    choice = request.GET.get("manager") or ""
    if choice == ALL and len(owners) > 1:
        owner = None
        owner_ids = [o.pk for o in owners]
    else:
        owner = next((o for o in owners if str(o.pk) == choice), None)
        if owner is None:
            owner = next((o for o in owners if o.pk == user.pk), owners[0] if owners else None)
        owner_ids = [owner.pk] if owner else []  # a superuser before any manager profile exists

    zone = leads_time_zone()
    start = _week_start(request.GET.get("week"), zone)
    days = [start + timedelta(days=offset) for offset in range(7)]
    window = (
        datetime.combine(start, time.min, tzinfo=zone),
        datetime.combine(start + timedelta(days=7), time.min, tzinfo=zone),
    )
    meetings = appointments_visible_to(user).filter(
        manager_id__in=owner_ids, starts_at__gte=window[0], starts_at__lt=window[1]
    )
    tasks = tasks_visible_to(user).filter(manager_id__in=owner_ids, due_at__gte=window[0], due_at__lt=window[1])
    grid = {day: [] for day in days}
    for meeting in meetings.select_related("lead", "manager"):
        grid[timezone.localtime(meeting.starts_at, zone).date()].append(("meeting", meeting.starts_at, meeting))
    for task in tasks.select_related("lead", "manager"):
        grid[timezone.localtime(task.due_at, zone).date()].append(("task", task.due_at, task))
    overdue = (
        tasks_visible_to(user)
        .filter(manager_id__in=owner_ids, done_at__isnull=True, due_at__lt=timezone.now())
        .select_related("lead", "manager")
    )

    feed = None
    if owner is not None and owner.pk == user.pk:
        feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return render_in_zone(
        request,
        "leads/admin/calendar.html",
        {
            "page_title": _("Календарь"),
            "header_icon": "date",
            "owners": owners if len(owners) > 1 else [],
            "owner": owner,
            "choice": ALL if owner is None else str(owner.pk),
            "days": [(day, sorted(grid[day], key=lambda item: item[1])) for day in days],
            "today": timezone.localdate(timezone.now(), zone),
            "previous_week": (start - timedelta(days=7)).isoformat(),
            "next_week": (start + timedelta(days=7)).isoformat(),
            "overdue": overdue,
            "feed_url": request.build_absolute_uri(reverse("leads:calendar_feed", args=[feed.token])) if feed else "",
            "show_manager": owner is None,
        },
    )


@require_POST
def regenerate_feed(request):
    """A new secret address for the user's own .ics feed; the old one stops working at once."""
    if not profiles_visible_to(request.user).filter(user=request.user).exists():
        raise PermissionDenied
    CalendarFeed.objects.update_or_create(user=request.user, defaults={"token": new_feed_token()})
    messages.success(request, _("Создан новый адрес календаря. Старый больше не работает."))
    return redirect("leads_calendar:index")


def _slot_choices(site, exclude=None):
    today = timezone.localdate(timezone.now(), leads_time_zone())
    slots = scheduling.free_slots(site, today, scheduling.CHOICE_DAYS, exclude=exclude)
    if exclude is not None:  # the meeting's own time is not a choice to move to
        slots = [slot for slot in slots if slot.starts_at != exclude.starts_at]
    return [(slot.value, slot.label) for slot in slots[: scheduling.CHOICE_LIMIT]]


def _chosen_start(request, choices):
    value = request.POST.get("slot", "")
    if value not in {v for v, _label in choices}:
        raise SchedulingRefused(_("Выберите время из списка свободных."))
    return parse_slot_value(value)


@never_cache
def appointment_view(request, pk):
    appointment = get_object_or_404(
        appointments_visible_to(request.user).select_related("lead__site", "manager"), pk=pk
    )
    lead = appointment.lead
    may_act = appointment.manager_id == request.user.pk or can_work_lead(request.user, lead)
    is_open = appointment.status == AppointmentStatus.SCHEDULED and appointment.starts_at > timezone.now()
    choices = _slot_choices(lead.site, exclude=appointment) if may_act and is_open else []
    error = ""
    if request.method == "POST":
        if not may_act:
            raise PermissionDenied
        action = request.POST.get("action")
        try:
            if action == "reschedule":
                scheduling.reschedule(appointment, _chosen_start(request, choices), by=request.user)
                messages.success(request, _("Встреча перенесена, клиент получит сообщение."))
            elif action == "cancel":
                scheduling.cancel(appointment, by=request.user, reason=request.POST.get("reason", ""))
                messages.success(request, _("Встреча отменена, клиент получит сообщение."))
            elif action in (AppointmentStatus.DONE, AppointmentStatus.NO_SHOW):
                scheduling.close_meeting(appointment, action, by=request.user)
                messages.success(request, _("Итог встречи записан."))
            else:
                raise SchedulingRefused(_("Неизвестное действие."))
            return redirect("leads_calendar:appointment", appointment.pk)
        except SchedulingRefused as refusal:
            error = refusal.message
            appointment.refresh_from_db()
    return render_in_zone(
        request,
        "leads/admin/appointment.html",
        {
            "page_title": _("Встреча"),
            "header_icon": "date",
            "appointment": appointment,
            "lead": lead,
            "may_act": may_act,
            "is_open": is_open,
            "can_close": may_act
            and appointment.status == AppointmentStatus.SCHEDULED
            and appointment.starts_at <= timezone.now(),
            "choices": choices,
            "error": error,
            "reason": request.POST.get("reason", ""),
        },
        status=400 if error else 200,
    )


@never_cache
def book_view(request, lead_id):
    """The manager books a viewing for a lead they work, into a free slot of the lead's site."""
    lead = get_object_or_404(leads_visible_to(request.user).select_related("site"), pk=lead_id)
    choices = _slot_choices(lead.site)
    error = ""
    if request.method == "POST":
        try:
            appointment = scheduling.book_viewing(lead, _chosen_start(request, choices), by=request.user)
        except SchedulingRefused as refusal:
            error = refusal.message
        else:
            messages.success(request, _("Просмотр назначен, клиент получит подтверждение."))
            return redirect("leads_calendar:appointment", appointment.pk)
    return render_in_zone(
        request,
        "leads/admin/book.html",
        {
            "page_title": _("Назначить просмотр"),
            "header_icon": "date",
            "lead": lead,
            "choices": choices,
            "error": error,
        },
        status=400 if error else 200,
    )


@never_cache
def task_done_view(request, pk):
    task = get_object_or_404(tasks_visible_to(request.user).select_related("lead"), pk=pk)
    if request.method == "POST":
        try:
            complete_task(task, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Задача «%(title)s» выполнена.") % {"title": task.title})
        return HttpResponseRedirect(
            safe_next(request, request.POST.get("next"), fallback=reverse("leads_calendar:index"))
        )
    return TemplateResponse(
        request,
        "leads/admin/task_done.html",
        {"page_title": _("Задача выполнена?"), "header_icon": "tasks", "task": task},
    )
