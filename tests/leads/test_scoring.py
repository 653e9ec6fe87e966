"""Lead scoring: the rules, their recomputation on every event, and the rules editable as a setting."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from leads import scoring
from leads.models import InteractionKind, LeadKind, LeadScoringSettings, LeadSource, LeadStage
from leads.pipeline import log_interaction, move_to_stage

pytestmark = pytest.mark.django_db


def rules_of(lead):
    return {reason["rule"]: reason["points"] for reason in lead.score_reasons}


def test_a_fresh_lead_is_scored_from_source_kind_price_and_visitor_context(make_lead):
    lead = make_lead(
        source=LeadSource.ADS,
        kind=LeadKind.VIEWING,
        listing_price=Decimal("25000000"),
        visitor_context={"visits": 4, "viewed": [1, 2, 3, 4, 5, 6]},
    )
    log_interaction(lead, InteractionKind.REQUEST)
    lead.refresh_from_db()
    assert rules_of(lead) == {"source": 15, "kind": 15, "price": 15, "visits": 10, "viewed": 10}
    assert lead.score == 65
    assert scoring.temperature(lead.score, LeadScoringSettings.load()) == scoring.WARM
    assert scoring.reasons_for_display(lead)[0] == (scoring.RULE_LABELS["source"], 15)


def test_a_cold_lead_gets_little_and_the_score_stays_within_0_and_100(make_lead):
    lead = make_lead(source=LeadSource.OTHER, kind=LeadKind.CONSULTATION, listing_price=Decimal("100000"))
    log_interaction(lead, InteractionKind.REQUEST)
    for _ in range(5):
        log_interaction(lead, InteractionKind.CALL, data={"outcome": "no_answer"})
    lead.refresh_from_db()
    assert rules_of(lead) == {"kind": 5, "missed_calls": -15}  # the penalty is capped at 15
    assert lead.score == 0

    hot = make_lead(
        phone="+79009990000",
        source=LeadSource.PHONE,
        kind=LeadKind.VIEWING,
        listing_price=Decimal("30000000"),
        visitor_context={"visits": 10, "viewed_count": 20},
    )
    for _ in range(3):
        log_interaction(hot, InteractionKind.REQUEST)
    log_interaction(hot, InteractionKind.CALL, data={"outcome": "answered"})
    log_interaction(hot, InteractionKind.MESSAGE, data={"direction": "in"})
    log_interaction(hot, InteractionKind.MEETING)
    hot.refresh_from_db()
    assert sum(rules_of(hot).values()) > 100
    assert hot.score == 100
    assert scoring.temperature(hot.score, LeadScoringSettings.load()) == scoring.HOT


def test_reaction_to_contact_and_stage_moves_change_the_score(make_lead, make_manager):
    manager = make_manager("scoring-m@example.com")
    lead = make_lead(source=LeadSource.DIRECT, kind=LeadKind.CALLBACK, manager=manager)
    log_interaction(lead, InteractionKind.REQUEST)
    lead.refresh_from_db()
    assert lead.score == 15

    log_interaction(lead, InteractionKind.CALL, by=manager, data={"outcome": "answered"})
    lead.refresh_from_db()
    assert lead.score == 25
    log_interaction(lead, InteractionKind.MESSAGE, by=manager, data={"direction": "out"})
    lead.refresh_from_db()
    assert lead.score == 25, "our own message is not the client's reaction"
    log_interaction(lead, InteractionKind.MESSAGE, by=manager, data={"direction": "in"})
    lead.refresh_from_db()
    assert lead.score == 35

    move_to_stage(lead, LeadStage.MEETING, by=manager)
    assert lead.score == 55, "the object passed in gets the new score too"
    lead.refresh_from_db()
    assert rules_of(lead)["meeting"] == 20


def test_repeat_requests_count_on_the_lead_and_across_leads_from_the_same_phone(make_lead):
    make_lead(phone="+79005550000", stage=LeadStage.LOST, lost_reason="price")
    lead = make_lead(phone="+79005550000", source=LeadSource.OTHER, kind=LeadKind.CONSULTATION)
    log_interaction(lead, InteractionKind.REQUEST)
    lead.refresh_from_db()
    assert rules_of(lead)["repeat"] == 10
    log_interaction(lead, InteractionKind.REQUEST)
    log_interaction(lead, InteractionKind.REQUEST)
    lead.refresh_from_db()
    assert rules_of(lead)["repeat"] == 20  # 3 repeats, capped at 20


def test_rescoring_takes_three_queries(make_lead, django_assert_num_queries):
    lead = make_lead()
    LeadScoringSettings.load()
    with django_assert_num_queries(3):  # the settings, the annotated lead, the update
        scoring.rescore(lead)


def test_changing_the_settings_rescores_open_leads_and_not_closed_ones(make_lead, django_capture_on_commit_callbacks):
    open_lead = make_lead(source=LeadSource.SEARCH, kind=LeadKind.CONSULTATION)
    closed = make_lead(phone="+79001110000", source=LeadSource.SEARCH, stage=LeadStage.WON)
    scoring.rescore(open_lead)
    scoring.rescore(closed)
    assert (open_lead.score, closed.score) == (20, 40)  # the won lead had its meeting

    rules = LeadScoringSettings.load()
    rules.source_search = 40
    with django_capture_on_commit_callbacks(execute=True):
        rules.save()
    open_lead.refresh_from_db()
    closed.refresh_from_db()
    assert open_lead.score == 45
    assert closed.score == 40


def test_settings_refuse_thresholds_in_the_wrong_order():
    rules = LeadScoringSettings.load()
    rules.warm_from, rules.hot_from = 80, 60
    with pytest.raises(ValidationError) as error:
        rules.full_clean()
    assert "warm_from" in error.value.message_dict
