"""The public side of leads: the form's submission and the personal-data policy it links to.

Without JavaScript the form posts here and the visitor is sent back to the page with a message (or sees
the form again with its errors); with htmx the form is swapped for the thank-you note or itself with errors."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from wagtail.models import Page, Site

from core.http import client_ip, safe_next
from leads import ratelimit
from leads.forms import BUTTON_TEXTS, LeadForm
from leads.intake import LeadRequest, book_chosen_slot, kinds_for, submit_lead
from leads.models import LeadKind
from leads.scheduling import appointment_when
from leads.visitor import form_action, utm_and_referrer, visitor_context


def find_listing(site, listing_id):
    """The live public page of this site the form was on, or None."""
    if not listing_id:
        return None
    page = Page.objects.live().public().filter(pk=listing_id, path__startswith=site.root_page.path).first()
    return page.specific if page is not None else None


@never_cache
@require_POST
def submit(request):
    site = Site.find_for_request(request)
    kind = request.POST.get("kind")
    if site is None or kind not in LeadKind.values:
        return TemplateResponse(request, "leads/bad_request.html", status=400)
    now = timezone.now()
    form = LeadForm(request.POST, kind=kind, site=site, now=now)
    listing = None
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        listing = find_listing(site, data["listing"])
        if data["listing"] and listing is None:
            form.add_error(None, _("Объект не найден или снят с публикации. Обновите страницу."))
        elif kind not in kinds_for(listing):
            form.add_error(None, _("Для этого объекта такую заявку отправить нельзя."))
        else:
            try:
                ratelimit.check(client_ip(request), data["phone"])
            except ratelimit.TooManyRequests as error:
                form.add_error(None, error.message)
                status = 429
            else:
                result = submit_lead(lead_request(request, site, form, listing, now))
                appointment = book_chosen_slot(result.lead) if result.created else None
                return thank(request, form, result, appointment)
    context = {
        "form": form,
        "action": form_action(request),
        "kind": kind,
        "listing": listing,
        "next": safe_next(request, request.POST.get("next")),
        # the page's own button text (a block may have its own), shown again with the errors
        "button": request.POST.get("button", "")[:60] or BUTTON_TEXTS[kind],
    }
    if request.htmx:
        return TemplateResponse(request, "leads/lead_form.html", context, status=status)
    return TemplateResponse(request, "leads/submit_page.html", context, status=status)


def lead_request(request, site, form, listing, now):
    data = form.cleaned_data
    utm, referrer = utm_and_referrer(request)
    return LeadRequest(
        site=site,
        kind=data["kind"],
        name=data["name"],
        phone=data["phone"],
        email=data["email"],
        message=data["message"],
        preferred_time=form.preferred,
        consent_at=now,
        listing=listing,
        utm=utm,
        referrer=referrer,
        ip_address=client_ip(request),
        user=request.user if request.user.is_authenticated else None,
        visitor_context=visitor_context(request),
        language=get_language() or "",
    )


def thank(request, form, result, appointment=None):
    lead = result.lead
    when = appointment_when(appointment) if appointment else ""
    if request.htmx:
        context = {"lead": lead, "created": result.created, "appointment": appointment, "when": when}
        return TemplateResponse(request, "leads/thanks.html", context)
    if appointment:
        messages.success(
            request,
            _("Спасибо! Заявка №%(number)s принята, вы записаны на %(when)s. Мы пришлём напоминание.")
            % {"number": lead.pk, "when": when},
        )
        return HttpResponseRedirect(safe_next(request, form.cleaned_data.get("next")))
    if result.created:
        text = _("Спасибо! Заявка №%(number)s принята, менеджер скоро свяжется с вами.")
    else:
        text = _("Спасибо! Мы добавили ваше обращение к заявке №%(number)s, менеджер скоро свяжется с вами.")
    messages.success(request, text % {"number": lead.pk})
    return HttpResponseRedirect(safe_next(request, form.cleaned_data.get("next")))


def privacy(request):
    return TemplateResponse(request, "leads/privacy.html", {})
