"""The CRM demo (demo/sales/crm.py): leads in every stage, scored, worked by the demo manager; idempotent."""

import pytest

from demo.sales import crm
from leads.models import Lead, LeadStage

pytestmark = pytest.mark.django_db


def test_the_demo_makes_scored_leads_in_every_stage_once(inback_site):
    home = inback_site.root_page
    assert crm.seed(home) == 12
    leads = Lead.objects.filter(site=inback_site, visitor_context__demo=True)
    assert set(leads.values_list("stage", flat=True)) == set(LeadStage.values)
    assert all(lead.score > 0 and lead.score_reasons for lead in leads)
    assert leads.filter(manager__email=crm.MANAGER_EMAIL).count() == 12
    assert leads.filter(user__email=crm.CUSTOMER_EMAIL).count() == 2
    assert crm.seed(home) == 0
