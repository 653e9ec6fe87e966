"""The customer's side of their leads: what the cabinet's «Мои заявки» shows, in the customer's words."""

from django.db.models import Case, Prefetch, When
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from accounts.cabinet.views import cabinet_view
from catalog.models import RealtyIndexPage, RentalIndexPage
from catalog.site_catalogs import catalog_models, site_has_catalog
from leads.models import Appointment, AppointmentStatus, Lead, LeadStage

CUSTOMER_STATUS = {
    LeadStage.NEW: _("Получена, менеджер скоро свяжется с вами"),
    LeadStage.IN_WORK: _("Менеджер работает над вашей заявкой"),
    LeadStage.MEETING: _("Назначена встреча"),
    LeadStage.DEAL: _("Оформляем сделку"),
    LeadStage.WON: _("Сделка завершена"),
    LeadStage.LOST: _("Заявка закрыта"),
}


def customer_status(lead):
    return CUSTOMER_STATUS[LeadStage(lead.stage)]


def takes_requests(request) -> bool:
    """«Мои заявки» is this brand's business where it has a catalog that takes requests (not only rentals)."""
    return any(not issubclass(model, RentalIndexPage) for model in catalog_models(request) if model)


def sells_realty(request) -> bool:
    """Cashback comes from new-build deals: the business of a brand with a realty catalog."""
    return site_has_catalog(request, RealtyIndexPage)


def leads_of(user, site=None):
    """The user's leads, those made on `site` first, then newest first, each with `upcoming` = its scheduled
    meetings still ahead (two queries)."""
    upcoming = Appointment.objects.filter(status=AppointmentStatus.SCHEDULED, starts_at__gte=timezone.now()).order_by(
        "starts_at"
    )
    leads = (
        Lead.objects.filter(user=user)
        .select_related("manager", "listing")
        .prefetch_related(Prefetch("appointments", queryset=upcoming, to_attr="upcoming"))
        .order_by(Case(When(site=site, then=0), default=1), "-created_at", "-pk")
    )
    for lead in leads:
        lead.customer_status = customer_status(lead)
        lead.next_appointment = lead.upcoming[0] if lead.upcoming else None
        yield lead


@cabinet_view
def requests_list(request):
    """The cabinet section «Мои заявки» (registered in LeadsConfig.ready())."""
    return TemplateResponse(
        request,
        "leads/cabinet/requests.html",
        {"section": "requests", "leads": list(leads_of(request.user, Site.find_for_request(request)))},
    )
