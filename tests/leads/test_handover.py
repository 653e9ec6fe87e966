"""Handing a lead over by hand tells the new manager; a phone lead nobody took is assigned like a web lead."""

import pytest

from leads.models import LeadKind
from leads.phone_leads import record_phone_lead
from leads.reassignment import reassign
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_the_manager_a_lead_is_handed_to_is_told_after_commit(
    make_lead, make_manager, django_capture_on_commit_callbacks
):
    first, second = make_manager("first@example.com"), make_manager("second@example.com")
    head = make_manager("head@example.com", head=True)
    lead = make_lead(manager=first)
    with django_capture_on_commit_callbacks(execute=True):
        reassign(lead, second, by=head)
    told = Notification.objects.filter(kind="lead.assigned")
    assert set(told.values_list("recipient", flat=True)) == {second.pk}


def test_a_phone_lead_without_a_manager_goes_to_one_by_the_assignment_rule(site, make_manager):
    make_manager("only@example.com")
    head = make_manager("head@example.com", head=True, is_active=False)  # a head who takes no leads himself
    lead = record_phone_lead(site=site, kind=LeadKind.CALLBACK, name="Олег", phone="+79005554433", by=head)
    lead.refresh_from_db()
    assert lead.manager.email == "only@example.com"
    assert lead.interactions.filter(kind="assignment", data__to=lead.manager_id).exists()
