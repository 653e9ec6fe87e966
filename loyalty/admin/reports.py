"""The win-win report of a chain: the superuser's for every chain, a business owner's for the chains with a step
at their partner (the chain's policy scope)."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from loyalty.models import Chain
from loyalty.services import chain_analytics

URL_NAME = "loyalty_chain_report"


class ChainReportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "loyalty/admin/chain_report.html"
    page_title = gettext_lazy("Отчёт по цепочке")
    header_icon = "link"

    def dispatch(self, request, *args, **kwargs):
        chains = Chain.snippet_viewset.permission_policy.instances_user_has_permission_for(request.user, "view")
        self.chain = get_object_or_404(chains, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.chain)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "chain": self.chain, "links": chain_analytics(self.chain)}
