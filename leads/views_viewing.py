"""The client's side of a viewing: pick a free slot, then move or cancel it. Reached by the signed
link from the confirmation and reminders, or from the cabinet by the signed-in owner of the lead.
Plain forms and redirects: no JavaScript needed."""

from datetime import timedelta
from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from leads import ics, scheduling
from leads.clock import leads_time_zone
from leads.models import Appointment, AppointmentStatus, CalendarFeed, Lead, Task
from leads.scheduling import SchedulingRefused, parse_slot_value
from leads.viewing_links import LinkRefused, lead_id_from_token

FEED_PAST_DAYS = 30


def render_in_zone(request, template, context, status=200):
    """Render now, in LEADS_TIME_ZONE: the times on the page are the managers' local ones."""
    with timezone.override(leads_time_zone()):
        return TemplateResponse(request, template, context, status=status).render()


@never_cache
def viewing_by_link(request, token):
    try:
        lead_id = lead_id_from_token(token)
    except LinkRefused as refusal:
        return _refused(request, refusal.message)
    lead = Lead.objects.select_related("site").filter(pk=lead_id).first()
    if lead is None:
        return _refused(request, _("Заявка не найдена."))
    return _viewing_page(request, lead, by=None)


@never_cache
@login_required
def my_viewing(request, lead_id):
    lead = get_object_or_404(Lead.objects.select_related("site"), pk=lead_id, user=request.user)
    return _viewing_page(request, lead, by=request.user)


def _refused(request, message):
    return TemplateResponse(request, "leads/viewing_refused.html", {"message": message}, status=403)


def _viewing_page(request, lead, *, by):
    now = timezone.now()
    appointment = (
        lead.appointments.filter(status=AppointmentStatus.SCHEDULED, starts_at__gt=now).order_by("starts_at").first()
    )
    zone = scheduling.leads_time_zone()
    slots = []
    if lead.is_open:
        today = timezone.localdate(now, zone)
        slots = scheduling.free_slots(lead.site, today, scheduling.CHOICE_DAYS, exclude=appointment)
        if appointment is not None:  # its own time is not a choice to move to
            slots = [slot for slot in slots if slot.starts_at != appointment.starts_at]
        slots = slots[: scheduling.CHOICE_LIMIT]
    error = ""
    if request.method == "POST":
        try:
            _act(request, lead, appointment, slots, by)
        except SchedulingRefused as refusal:
            error = refusal.message
        else:
            return redirect(request.path)
    days = [
        (timezone.localtime(day_slots[0].starts_at, zone), day_slots)
        for day_slots in (
            list(group) for _day, group in groupby(slots, key=lambda s: s.starts_at.astimezone(zone).date())
        )
    ]
    return render_in_zone(
        request,
        "leads/viewing.html",
        {
            "lead": lead,
            "appointment": appointment,
            "days": days,
            "error": error,
            "chosen": request.POST.get("slot", ""),
            "reason": request.POST.get("reason", ""),
        },
        status=400 if error else 200,
    )


def _act(request, lead, appointment, slots, by):
    action = request.POST.get("action")
    if action == "cancel":
        if appointment is None:
            raise SchedulingRefused(_("Отменять нечего: просмотр не назначен."))
        reason = request.POST.get("reason", "").strip() or _("Клиент отменил встречу")
        scheduling.cancel(appointment, by=by, reason=reason)
        messages.success(request, _("Встреча отменена. Если передумаете, выберите новое время на этой странице."))
        return
    value = request.POST.get("slot", "")
    if value not in {slot.value for slot in slots}:
        raise SchedulingRefused(_("Выберите время из списка свободных."))
    starts_at = parse_slot_value(value)
    if action == "book" and appointment is None:
        scheduling.book_viewing(lead, starts_at, by=by)
        messages.success(request, _("Вы записаны на просмотр. Подтверждение придёт по SMS или email."))
    elif action == "reschedule" and appointment is not None:
        scheduling.reschedule(appointment, starts_at, by=by)
        messages.success(request, _("Встреча перенесена. Мы отправили вам новое время."))
    else:
        raise SchedulingRefused(_("Страница устарела: обновите её и попробуйте ещё раз."))


def calendar_feed(request, token):
    """The manager's calendar as .ics for their calendar app; the secret token is the only key."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token, user__is_active=True).first()
    if feed is None:
        raise Http404
    since = timezone.now() - timedelta(days=FEED_PAST_DAYS)
    meetings = Appointment.objects.filter(manager=feed.user, starts_at__gte=since).select_related("lead")
    tasks = Task.objects.filter(manager=feed.user).filter(Q(done_at__isnull=True) | Q(due_at__gte=since))
    name = _("Календарь: %(name)s") % {"name": feed.user}
    body = ics.calendar(name, meetings, tasks, host=request.get_host().split(":")[0])
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="calendar.ics"'
    response["Cache-Control"] = "private, no-store"
    return response
