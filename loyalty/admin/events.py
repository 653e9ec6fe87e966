"""Club events in the admin: the list of events in the user's scope, the check-in page at the door (camera or typed
code, a queue kept offline and synced later; the server is idempotent by ticket), and the organiser's report
(registrations, attendance, ratings) with «cancel the event».

Scope: the superuser every event; a business owner the events their partner organises (an event of the club
itself, without an organiser, is the superuser's). Checked on every request."""

import json
from datetime import datetime, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from accounts import roles
from accounts.admin_menu import RoleMenuItem
from catalog.models import EventPage
from loyalty.admin.policies import owned_partner_ids
from loyalty.models import EventFeedback, EventRegistration
from loyalty.services import events as services

URL_NAME = "loyalty_events"
MAX_SYNC = 500  # scans in one offline batch


def staff_events(user):
    """The events the user may check people in for and see the report of."""
    if not (user.is_authenticated and user.is_active):
        return EventPage.objects.none()
    if user.is_superuser:
        return EventPage.objects.all()
    return EventPage.objects.filter(organiser__in=owned_partner_ids(user))


def event_in_scope(request, pk):
    if not staff_events(request.user).exists():
        raise PermissionDenied
    return get_object_or_404(staff_events(request.user), pk=pk)


class EventAdminMixin(WagtailAdminTemplateMixin):
    """The header's breadcrumbs: home › the club's events › this page (with the event's title)."""

    event = None

    def get_breadcrumbs_items(self):
        items = [*self.breadcrumbs_items, {"url": reverse(URL_NAME), "label": gettext_lazy("Мероприятия клуба")}]
        if self.event is not None:
            items.append({"url": "", "label": f"{self.get_page_title()}: {self.event.title}"})
        return items


class EventListView(EventAdminMixin, TemplateView):
    template_name = "loyalty/admin/events.html"
    page_title = gettext_lazy("Мероприятия клуба: вход и отчёты")
    header_icon = "date"

    def dispatch(self, request, *args, **kwargs):
        if not staff_events(request.user).exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        since = timezone.now() - timedelta(days=30)
        rows = staff_events(self.request.user).filter(end__gte=since).order_by("start", "pk")[:100]
        return {**super().get_context_data(**kwargs), "events": rows}


class CheckInView(EventAdminMixin, TemplateView):
    """The door: a form for one code (works without JavaScript) and, with static/loyalty/checkin.js, the camera and
    an offline queue in localStorage synced to `sync`."""

    template_name = "loyalty/admin/checkin.html"
    page_title = gettext_lazy("Вход на мероприятие")
    header_icon = "user"

    def dispatch(self, request, *args, **kwargs):
        self.event = event_in_scope(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.event.title

    def get_context_data(self, **kwargs):
        report = services.event_report(self.event)
        return {
            **super().get_context_data(**kwargs),
            "event": self.event,
            "report": report,
            "sync_url": reverse("loyalty_event_checkin_sync", args=[self.event.pk]),
        }

    def post(self, request, *args, **kwargs):
        try:
            registration, first = services.check_in(self.event, request.POST.get("code"), by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            name = attendee_name(registration)
            if first:
                messages.success(request, _("Отмечена: %(name)s") % {"name": name})
            else:
                messages.warning(request, _("%(name)s — уже отмечен(а)") % {"name": name})
        return redirect("loyalty_event_checkin", pk=self.event.pk)


def attendee_name(registration):
    member = registration.member
    return member.user.get_full_name() or "····" + member.phone[-4:]


def parse_time(value):
    try:
        moment = datetime.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None
    return moment if timezone.is_aware(moment) else None


@require_POST
def checkin_sync(request, pk):
    """Scans from the page's queue: `{"scans": [{"id", "code", "scanned_at"}]}` → a result for each id. Sending the
    same batch again changes nothing (a ticket is checked in once); «already» tells the door it was."""
    event = event_in_scope(request, pk)
    try:
        scans = json.loads(request.body or b"{}").get("scans", [])
    except (ValueError, AttributeError):
        return JsonResponse({"error": _("Неверный запрос.")}, status=400)
    if not isinstance(scans, list) or len(scans) > MAX_SYNC:
        return JsonResponse({"error": _("Неверный запрос.")}, status=400)
    results = []
    for scan in scans:
        if not isinstance(scan, dict):
            continue
        result = {"id": str(scan.get("id", ""))[:64]}
        try:
            registration, first = services.check_in(
                event, str(scan.get("code", ""))[:200], by=request.user, scanned_at=parse_time(scan.get("scanned_at"))
            )
        except ValidationError as error:
            result.update(status="error", code=error.code, message=" ".join(error.messages))
        else:
            name = attendee_name(registration)
            if first:
                result.update(status="ok", name=name, message=_("Отмечена: %(name)s") % {"name": name})
            else:
                result.update(status="already", name=name, message=_("%(name)s — уже отмечен(а)") % {"name": name})
        results.append(result)
    return JsonResponse({"results": results, "attended": services.event_report(event)["attended"]})


class EventReportView(EventAdminMixin, TemplateView):
    template_name = "loyalty/admin/event_report.html"
    page_title = gettext_lazy("Отчёт о мероприятии")
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        self.event = event_in_scope(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.event.title

    def get_context_data(self, **kwargs):
        registrations = list(
            EventRegistration.objects.filter(event=self.event).select_related("member__user").order_by("pk")
        )
        for registration in registrations:
            registration.name = attendee_name(registration)  # a masked phone, never the whole number
        return {
            **super().get_context_data(**kwargs),
            "event": self.event,
            "report": services.event_report(self.event),
            "registrations": registrations,
            "feedback": EventFeedback.objects.filter(registration__event=self.event).order_by("-created_at"),
            "can_cancel": self.event.status != EventPage.Status.CANCELLED and not self.event.is_past,
        }

    def post(self, request, *args, **kwargs):
        """«Отменить мероприятие»: the page is published as cancelled; the signal ends the registrations and tells
        every member on the list."""
        if self.event.status == EventPage.Status.CANCELLED:
            return redirect("loyalty_event_report", pk=self.event.pk)
        page = self.event.get_latest_revision_as_object()
        page.status = EventPage.Status.CANCELLED
        revision = page.save_revision(user=request.user, log_action=True)
        revision.publish(user=request.user, skip_permission_checks=True)  # the organiser may cancel, not edit
        messages.success(request, _("Мероприятие отменено, все записавшиеся получили сообщение."))
        return redirect("loyalty_event_report", pk=self.event.pk)


def menu_item():
    return RoleMenuItem(
        gettext_lazy("Мероприятия клуба: вход"),
        reverse(URL_NAME),
        name="club_events_checkin",
        icon_name="date",
        order=93,
        roles_shown={roles.BUSINESS_OWNER, roles.SUPERUSER},
    )
