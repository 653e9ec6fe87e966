import pytest

from leads.models import InteractionKind, LeadStage, LostReason
from leads.permissions import can_reassign, can_work_lead, leads_visible_to
from leads.pipeline import StageChangeRefused, log_interaction, move_to_stage

pytestmark = pytest.mark.django_db


def test_a_lead_moves_through_the_pipeline_and_every_move_is_in_its_history(make_lead, make_manager):
    manager = make_manager("m1@example.com")
    lead = make_lead(manager=manager)
    for stage in (LeadStage.IN_WORK, LeadStage.MEETING, LeadStage.DEAL, LeadStage.WON):
        move_to_stage(lead, stage, by=manager)
    lead.refresh_from_db()
    assert lead.stage == LeadStage.WON
    assert lead.closed_at is not None
    moves = [(i.data["from"], i.data["to"], i.author) for i in lead.interactions.filter(kind=InteractionKind.STAGE)]
    assert moves == [
        ("new", "in_work", manager),
        ("in_work", "meeting", manager),
        ("meeting", "deal", manager),
        ("deal", "won", manager),
    ]


def test_a_won_lead_cannot_move_and_a_lost_one_needs_a_reason(make_lead):
    lead = make_lead(stage=LeadStage.DEAL)
    with pytest.raises(StageChangeRefused, match="причину"):
        move_to_stage(lead, LeadStage.LOST)
    move_to_stage(lead, LeadStage.LOST, lost_reason=LostReason.PRICE)
    lead.refresh_from_db()
    assert (lead.stage, lead.lost_reason) == (LeadStage.LOST, LostReason.PRICE)
    move_to_stage(lead, LeadStage.IN_WORK)  # reopened
    lead.refresh_from_db()
    assert (lead.stage, lead.lost_reason, lead.closed_at) == (LeadStage.IN_WORK, "", None)
    won = make_lead(stage=LeadStage.WON)
    with pytest.raises(StageChangeRefused, match="Нельзя перевести"):
        move_to_stage(won, LeadStage.IN_WORK)
    assert won.interactions.count() == 0


def test_the_first_call_by_a_manager_stamps_first_contact_once(make_lead, make_manager):
    manager = make_manager("m1@example.com")
    lead = make_lead(manager=manager)
    log_interaction(lead, InteractionKind.NOTE, by=manager, text="Заметка")
    lead.refresh_from_db()
    assert lead.first_contact_at is None
    first = log_interaction(lead, InteractionKind.CALL, by=manager, text="Позвонил")
    log_interaction(lead, InteractionKind.CALL, by=manager, text="Ещё раз")
    lead.refresh_from_db()
    assert lead.first_contact_at == first.created_at


def test_a_manager_sees_own_leads_a_head_of_sales_the_sites_and_a_customer_none(
    make_lead, make_manager, django_user_model
):
    manager = make_manager("m1@example.com")
    colleague = make_manager("m2@example.com")
    head = make_manager("head@example.com", head=True)
    elsewhere_head = make_manager("head2@example.com", head=True, sites=[])
    customer = django_user_model.objects.create_user(email="c@example.com", password="pw")
    mine, theirs = make_lead(manager=manager), make_lead(manager=colleague)

    assert list(leads_visible_to(manager)) == [mine]
    assert not can_work_lead(manager, theirs)
    assert set(leads_visible_to(head)) == {mine, theirs}
    assert can_reassign(head, theirs) and not can_reassign(manager, mine)
    assert not leads_visible_to(elsewhere_head).exists()
    assert not leads_visible_to(customer).exists()
