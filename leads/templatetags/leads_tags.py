"""`{% lead_form kind listing=page %}`: the lead form of one kind, for any page.

The form's cost is fixed: the site comes from the request (Wagtail caches it there), the viewing slots from
the cache; nothing depends on the number of listings."""

from django import template
from django.core.cache import cache
from django.utils import timezone
from wagtail.models import Site

from leads.forms import BUTTON_TEXTS, SLOT_KINDS, LeadForm
from leads.intake import viewing_slot_choices
from leads.models import LeadKind
from leads.visitor import form_action

register = template.Library()

SLOTS_CACHE_SECONDS = 300

HEADINGS = {
    LeadKind.CONSULTATION: LeadKind.CONSULTATION.label,
    LeadKind.VIEWING: LeadKind.VIEWING.label,
    LeadKind.CALLBACK: LeadKind.CALLBACK.label,
    LeadKind.TEST_DRIVE: LeadKind.TEST_DRIVE.label,
}


def cached_slots(site, now):
    """The viewing slots of the site, computed at most once per site every few minutes."""
    key = f"leads:slots:{site.pk}:{int(now.timestamp()) // SLOTS_CACHE_SECONDS}"
    slots = cache.get(key)
    if slots is None:
        slots = viewing_slot_choices(site, now)
        cache.set(key, slots, SLOTS_CACHE_SECONDS)
    return slots


def initial_for(request, kind, listing):
    initial = {"kind": kind, "listing": listing.pk if listing is not None else None}
    if request is None:  # a block preview in the admin
        return initial
    initial["next"] = request.get_full_path()
    user = request.user
    if user.is_authenticated:
        initial.update(name=user.get_full_name(), phone=user.phone or "", email=user.email or "")
    return initial


@register.inclusion_tag("leads/lead_form_tag.html", takes_context=True)
def lead_form(context, kind, listing=None, heading="", button="", open=False):
    request = context.get("request")
    kind = LeadKind(kind)
    site = Site.find_for_request(request) if request is not None else None
    slots = cached_slots(site, timezone.now()) if kind in SLOT_KINDS and site is not None else []
    form = LeadForm(initial=initial_for(request, kind, listing), kind=kind, site=site, slots=slots)
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "form": form,
        "action": form_action(request),
        "kind": kind,
        "listing": listing,
        "heading": heading or HEADINGS[kind],
        "button": button or BUTTON_TEXTS[kind],
        "open": open,
    }
