"""Automatic assignment: working hours, days off, fewest open leads, round robin, nobody at work,
nobody at all, and redistribution when a manager stops taking leads."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from leads.assignment import assign, redistribute_open_leads
from leads.models import InteractionKind, LeadScoringSettings, LeadStage, ManagerDayOff, ManagerProfile
from notifications.models import Notification
from tests.factories import SiteFactory

pytestmark = pytest.mark.django_db

MOSCOW = ZoneInfo("Europe/Moscow")
# A Wednesday: 2026-11-25 is an ISO weekday 3.
WEDNESDAY_NOON = datetime(2026, 11, 25, 12, 0, tzinfo=MOSCOW)
WEDNESDAY_NIGHT = datetime(2026, 11, 25, 23, 0, tzinfo=MOSCOW)


def assigned_to(lead, now=WEDNESDAY_NOON):
    return assign(lead, now=now).manager


def test_the_manager_at_work_with_the_fewest_open_leads_gets_it(make_manager, make_lead):
    busy = make_manager("busy@example.com")
    free = make_manager("free@example.com")
    make_lead(manager=busy)
    make_lead(manager=free, stage=LeadStage.WON)  # closed leads do not count
    make_lead(manager=free, stage=LeadStage.LOST, lost_reason="price")
    lead = make_lead()
    assert assigned_to(lead) == free
    lead.refresh_from_db()
    assert (lead.manager, lead.assigned_at) == (free, WEDNESDAY_NOON)
    [line] = lead.interactions.filter(kind=InteractionKind.ASSIGNMENT)
    assert line.data == {"from": None, "to": free.pk}
    assert line.author is None


def test_managers_off_work_are_skipped_while_someone_works(make_manager, make_lead):
    make_manager("weekend@example.com", work_days=[6, 7])
    make_manager("evening@example.com", work_start=time(14), work_end=time(22))
    at_work = make_manager("day@example.com")
    make_lead(manager=at_work)
    make_lead(manager=at_work)  # two open leads, the others none: still the only one at work
    assert assigned_to(make_lead()) == at_work


def test_a_day_off_takes_the_manager_out(make_manager, make_lead):
    away = make_manager("away@example.com")
    ManagerDayOff.objects.create(
        manager=away.manager_profile, starts_on=date(2026, 11, 24), ends_on=date(2026, 11, 25), reason="отпуск"
    )
    present = make_manager("present@example.com")
    make_lead(manager=present)
    assert assigned_to(make_lead()) == present
    ManagerDayOff.objects.all().update(ends_on=date(2026, 11, 24))  # back on Wednesday
    assert assigned_to(make_lead()) == away


def test_a_night_shift_past_midnight_counts_as_at_work(make_manager, make_lead):
    make_manager("day@example.com")
    night = make_manager("night@example.com", work_days=[1, 2, 3, 4, 5, 6, 7], work_start=time(20), work_end=time(8))
    assert assigned_to(make_lead(), now=WEDNESDAY_NIGHT) == night


def test_ties_go_round_robin_the_longest_unassigned_first(make_manager, make_lead):
    first, second, third = (make_manager(f"m{i}@example.com") for i in range(3))
    order = []
    for minute in range(6):
        lead = make_lead()
        order.append(assign(lead, now=WEDNESDAY_NOON + timedelta(minutes=minute)).manager)
    assert order == [first, second, third, first, second, third]


def test_round_robin_puts_the_never_assigned_before_the_lowest_id(make_manager, make_lead):
    veteran = make_manager("veteran@example.com")
    newcomer = make_manager("newcomer@example.com")
    ManagerProfile.objects.filter(user=veteran).update(last_assigned_at=WEDNESDAY_NOON - timedelta(days=1))
    assert assigned_to(make_lead()) == newcomer


def test_when_nobody_is_at_work_all_managers_taking_leads_share_the_same_way(make_manager, make_lead):
    loaded = make_manager("loaded@example.com")
    light = make_manager("light@example.com")
    make_lead(manager=loaded)
    assert assigned_to(make_lead(), now=WEDNESDAY_NIGHT) == light


def test_inactive_managers_other_sites_and_blocked_accounts_never_get_leads(make_manager, make_lead, django_user_model):
    make_manager("paused@example.com", is_active=False)
    make_manager("cars@example.com", sites=[SiteFactory()])
    blocked = make_manager("blocked@example.com")
    django_user_model.objects.filter(pk=blocked.pk).update(is_active=False)
    taker = make_manager("taker@example.com")
    for _ in range(3):
        make_lead(manager=taker)
    assert assigned_to(make_lead()) == taker


def test_with_nobody_taking_leads_the_lead_stays_unassigned_and_heads_of_sales_hear(
    make_manager, make_lead, django_capture_on_commit_callbacks
):
    head = make_manager("head@example.com", head=True, is_active=False)
    lead = make_lead()
    with django_capture_on_commit_callbacks(execute=True):
        result = assign(lead, now=WEDNESDAY_NOON)
    assert result.manager is None
    lead.refresh_from_db()
    assert lead.manager is None
    assert lead.interactions.get(kind=InteractionKind.ASSIGNMENT).data == {
        "from": None,
        "to": None,
        "reason": "no_manager",
    }
    notice = Notification.objects.get(kind="lead.unassigned", recipient=head, channel="email")
    assert lead.name in notice.body and "вручную" in notice.body


def test_the_manager_is_told_only_after_commit(make_manager, make_lead, django_capture_on_commit_callbacks):
    manager = make_manager("told@example.com")
    lead = make_lead(listing_title="ЖК Северная гавань")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assign(lead, now=WEDNESDAY_NOON)
    assert not Notification.objects.filter(recipient=manager).exists()
    for callback in callbacks:
        callback()
    notice = Notification.objects.get(recipient=manager, kind="lead.assigned", channel="email")
    assert "ЖК Северная гавань" in notice.subject
    assert "/admin/" in notice.body


# -- redistribution --------------------------------------------------------------------------------------------------


def test_unticking_accepts_leads_hands_open_leads_to_the_others_each_logged_and_told(
    make_manager, make_lead, django_capture_on_commit_callbacks
):
    leaving = make_manager("leaving@example.com")
    first, second = make_manager("first@example.com"), make_manager("second@example.com")
    open_leads = [make_lead(manager=leaving, phone=f"+7900123456{i}") for i in range(4)]
    won = make_lead(manager=leaving, stage=LeadStage.WON)
    profile = leaving.manager_profile
    profile.is_active = False
    with django_capture_on_commit_callbacks(execute=True):
        profile.save()
    managers = []
    for lead in open_leads:
        lead.refresh_from_db()
        managers.append(lead.manager)
        line = lead.interactions.get(kind=InteractionKind.ASSIGNMENT)
        assert line.data["from"] == leaving.pk and line.data["to"] == lead.manager_id
        assert line.text == "Менеджер больше не принимает заявки"
    assert sorted(m.email for m in managers) == ["first@example.com"] * 2 + ["second@example.com"] * 2
    won.refresh_from_db()
    assert won.manager == leaving  # closed leads keep their history
    told = Notification.objects.filter(kind="lead.assigned", channel="email")
    assert sorted(told.values_list("recipient__email", flat=True)) == sorted(m.email for m in managers)
    assert first != second


def test_blocking_the_account_redistributes_too_and_a_second_run_finds_nothing(make_manager, make_lead):
    from accounts.roles import set_blocked

    leaving = make_manager("blocked@example.com")
    other = make_manager("other@example.com")
    lead = make_lead(manager=leaving)
    set_blocked(leaving, True)
    lead.refresh_from_db()
    assert lead.manager == other
    assert redistribute_open_leads(leaving) == []


def test_the_last_manager_leaving_leaves_leads_unassigned_for_the_head(make_manager, make_lead):
    make_manager("head@example.com", head=True, is_active=False)
    only = make_manager("only@example.com")
    lead = make_lead(manager=only)
    profile = only.manager_profile
    profile.is_active = False
    profile.save(update_fields=["is_active"])
    lead.refresh_from_db()
    assert lead.manager is None
    assert lead.interactions.get(kind=InteractionKind.ASSIGNMENT).data["reason"] == "no_manager"


def test_other_saves_of_a_manager_do_not_touch_leads(make_manager, make_lead, django_assert_num_queries):
    manager = make_manager("stays@example.com")
    lead = make_lead(manager=manager)
    with django_assert_num_queries(1):  # the UPDATE only: an active manager costs no lookup
        manager.save(update_fields=["last_login"])
    lead.refresh_from_db()
    assert lead.manager == manager


def test_assignment_reads_a_fixed_number_of_queries(make_manager, make_lead, django_assert_num_queries):
    for i in range(2):
        make_manager(f"few{i}@example.com")
    LeadScoringSettings.load()  # the scoring rules' row exists from the first save on
    # the lead's insert, 6 for the assignment (lock, days off, counts, two updates, history), 3 to rescore
    with django_assert_num_queries(10) as few:
        assign(make_lead(), now=WEDNESDAY_NOON)
    for i in range(10):
        manager = make_manager(f"many{i}@example.com")
        make_lead(manager=manager)
    with django_assert_num_queries(len(few.captured_queries)):
        assign(make_lead(), now=WEDNESDAY_NOON)


def test_timezone_setting_moves_the_working_day(make_manager, make_lead, settings):
    settings.LEADS_TIME_ZONE = "Asia/Almaty"  # 12:00 in Moscow is 14:00 in Almaty
    make_manager("morning@example.com", work_start=time(9), work_end=time(13))
    afternoon = make_manager("afternoon@example.com", work_start=time(13), work_end=time(18))
    assert assigned_to(make_lead()) == afternoon
