"""The CRM's factories make rows the models' own validation accepts, tied together the way the services tie them."""

import pytest

from leads.models import AppointmentStatus, LeadStage
from tests.leads.factories import (
    AppointmentFactory,
    CashbackRuleFactory,
    DealFactory,
    InteractionFactory,
    LeadFactory,
    ManagerProfileFactory,
    TaskFactory,
)

pytestmark = pytest.mark.django_db


def test_each_factory_makes_a_valid_row():
    profile = ManagerProfileFactory(head=True)
    lead = LeadFactory(manager=profile.user, in_work=True)
    rows = [
        profile,
        lead,
        LeadFactory(lost=True),
        InteractionFactory(lead=lead),
        TaskFactory(lead=lead),
        AppointmentFactory(lead=lead),
        CashbackRuleFactory(site=lead.site),
        DealFactory(),
    ]
    for row in rows:
        row.full_clean()
    assert profile.user.is_staff and profile.user.groups.filter(name="Менеджер").exists()
    assert (lead.stage, rows[2].stage, rows[2].lost_reason) == (LeadStage.IN_WORK, LeadStage.LOST, "price")
    assert rows[4].manager == profile.user and rows[5].manager == profile.user
    assert rows[5].status == AppointmentStatus.SCHEDULED and rows[5].ends_at > rows[5].starts_at
    assert rows[7].lead.stage == LeadStage.DEAL and rows[7].lead.site != lead.site  # a site of its own
