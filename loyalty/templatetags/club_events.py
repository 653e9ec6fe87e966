"""The member's registration box on a club event's page (catalog's template loads it: catalog may not import the
club, a template may)."""

from django import template
from django.utils import timezone

from loyalty.models import EventRegistration, Member
from loyalty.services import events
from loyalty.site import club_index

register = template.Library()


@register.inclusion_tag("loyalty/includes/event_registration.html", takes_context=True)
def event_registration(context, event):
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or club_index(request) is None:
        return {"show": False}
    member = Member.objects.filter(user=user).first() if user and user.is_authenticated else None
    registration = events.registration_for(event, member) if member else None
    at = timezone.now()
    return {
        "show": True,
        "event": event,
        "member": member,
        "registration": registration,
        "open": event.status == event.Status.SCHEDULED and at < event.start,
        "tier_allowed": member is not None and member.tier in (event.allowed_tiers or []),
        "can_cancel": registration is not None
        and (registration.status != EventRegistration.Status.REGISTERED or at <= events.cancel_deadline(event)),
        "csrf_token": context.get("csrf_token"),
    }
