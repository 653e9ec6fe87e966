"""The intake service: a submission becomes one stored, assigned lead; a repeat within a day joins it;
the source comes from UTM tags or the referrer; notifications wait for the commit."""

from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from catalog.models import ApartmentPage, CarAdPage
from leads.intake import LeadRequest, derive_source, kinds_for, submit_lead, viewing_slot_choices
from leads.models import (
    InteractionKind,
    Lead,
    LeadKind,
    LeadScoringSettings,
    LeadSource,
    LeadStage,
    ManagerDayOff,
)
from notifications.models import Notification
from tests.factories import SiteFactory

pytestmark = pytest.mark.django_db

MOSCOW = ZoneInfo("Europe/Moscow")


def request_for(site, **fields):
    values = {
        "site": site,
        "kind": LeadKind.CONSULTATION,
        "name": "Анна",
        "phone": "+79001234567",
        "consent_at": timezone.now(),
        **fields,
    }
    return LeadRequest(**values)


def test_a_request_is_stored_with_its_listing_snapshot_source_and_history(site, apartment, make_manager):
    manager = make_manager("m@example.com")
    result = submit_lead(
        request_for(
            site,
            kind=LeadKind.VIEWING,
            listing=apartment,
            message="Хочу посмотреть в субботу",
            utm={"utm_source": "yandex", "utm_medium": "cpc", "utm_campaign": "autumn"},
            referrer="https://yandex.ru/search/?text=novostroyki",
            ip_address="10.0.0.7",
            visitor_context={"viewed": [apartment.pk]},
        )
    )
    assert result.created
    lead = Lead.objects.get(pk=result.lead.pk)
    assert (lead.listing_id, lead.listing_title, lead.listing_price) == (apartment.pk, apartment.title, apartment.price)
    assert (lead.source, lead.utm["utm_campaign"], lead.ip_address) == (LeadSource.ADS, "autumn", "10.0.0.7")
    assert lead.manager == manager and lead.stage == LeadStage.NEW
    assert lead.visitor_context == {"viewed": [apartment.pk]}
    kinds = list(lead.interactions.values_list("kind", flat=True))
    assert kinds == [InteractionKind.REQUEST, InteractionKind.ASSIGNMENT]
    request_line = lead.interactions.get(kind=InteractionKind.REQUEST)
    assert request_line.text == "Хочу посмотреть в субботу"
    assert request_line.data["listing"] == apartment.pk


def test_the_same_phone_within_a_day_joins_its_open_lead(site, apartment, make_manager):
    make_manager("m@example.com")
    first = submit_lead(request_for(site)).lead
    again = submit_lead(request_for(site, kind=LeadKind.VIEWING, listing=apartment, message="И просмотр"))
    assert not again.created and again.lead.pk == first.pk
    assert Lead.objects.filter(phone="+79001234567").count() == 1
    requests = first.interactions.filter(kind=InteractionKind.REQUEST).order_by("pk")
    assert [r.data["kind"] for r in requests] == ["consultation", "viewing"]
    assert requests.last().data["listing_title"] == apartment.title
    # one assignment only: the repeat stays with the same manager
    assert first.interactions.filter(kind=InteractionKind.ASSIGNMENT).count() == 1


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"created_at": timezone.now() - timedelta(hours=25)}, id="older-than-a-day"),
        pytest.param({"stage": LeadStage.LOST, "lost_reason": "price"}, id="closed"),
    ],
)
def test_an_old_or_closed_lead_is_not_joined(site, make_manager, change):
    make_manager("m@example.com")
    first = submit_lead(request_for(site)).lead
    Lead.objects.filter(pk=first.pk).update(**change)
    again = submit_lead(request_for(site))
    assert again.created and again.lead.pk != first.pk


def test_the_same_phone_on_another_site_is_another_lead(site, make_manager):
    cars = SiteFactory()
    make_manager("m@example.com", sites=[site, cars])
    first = submit_lead(request_for(site)).lead
    other = submit_lead(request_for(cars, kind=LeadKind.CALLBACK)).lead
    assert other.pk != first.pk and other.site == cars


def test_an_unassigned_open_lead_gets_a_manager_on_the_repeat(site, make_manager):
    first = submit_lead(request_for(site)).lead
    assert first.manager is None
    manager = make_manager("late@example.com")
    again = submit_lead(request_for(site)).lead
    assert again.pk == first.pk and again.manager == manager


def test_notifications_go_out_after_commit_to_manager_and_client(
    site, apartment, make_manager, django_capture_on_commit_callbacks
):
    manager = make_manager("m@example.com")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        lead = submit_lead(request_for(site, listing=apartment, email="anna@example.com")).lead
    assert not Notification.objects.filter(kind__startswith="lead.").exists()  # nothing before the commit
    for callback in callbacks:
        callback()
    assigned = Notification.objects.get(kind="lead.assigned", channel="email")
    assert assigned.recipient == manager and apartment.title in assigned.subject
    client = Notification.objects.get(kind="lead.received")
    assert (client.channel, client.address) == ("email", "anna@example.com")
    assert f"№{lead.pk}" in client.subject


def test_without_email_the_client_gets_an_sms(site, make_manager, django_capture_on_commit_callbacks):
    make_manager("m@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        lead = submit_lead(request_for(site)).lead
    sms = Notification.objects.get(kind="lead.received")
    assert (sms.channel, sms.address) == ("sms", "+79001234567")
    assert f"№{lead.pk}" in sms.body and len(sms.body) <= 160


def test_a_repeat_tells_the_manager_it_came_again(site, make_manager, django_capture_on_commit_callbacks):
    manager = make_manager("m@example.com")
    submit_lead(request_for(site))
    with django_capture_on_commit_callbacks(execute=True):
        submit_lead(request_for(site, message="Ещё вопрос"))
    assert Notification.objects.filter(kind="lead.repeat_request", recipient=manager).exists()


def test_a_rolled_back_submission_leaves_nothing(site, make_manager, django_capture_on_commit_callbacks):
    from django.db import transaction

    make_manager("m@example.com")
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(RuntimeError), transaction.atomic():
        submit_lead(request_for(site))
        raise RuntimeError("the caller failed")
    assert not Lead.objects.filter(phone="+79001234567").exists()
    assert callbacks == []


# On PostgreSQL the phone's lock is one more query (an advisory lock); SQLite serialises writers without it.
LOCK_QUERIES = 1 if connection.vendor == "postgresql" else 0


@pytest.mark.parametrize(
    "moment",
    [
        pytest.param(datetime(2026, 11, 25, 12, 0, tzinfo=MOSCOW), id="wednesday-noon-at-work"),
        pytest.param(datetime(2026, 11, 29, 3, 0, tzinfo=MOSCOW), id="sunday-night-nobody-at-work"),
    ],
)
def test_a_submission_costs_a_fixed_number_of_queries(site, make_manager, django_assert_num_queries, moment):
    for i in range(2):
        make_manager(f"few{i}@example.com")
    LeadScoringSettings.load()  # the scoring rules' row exists from the first save on
    with time_machine.travel(moment, tick=False):
        # 13 to store, assign and log (two savepoints included), the phone's lock on PostgreSQL; each of the two
        # history lines rescores the lead (3 queries each)
        with django_assert_num_queries(13 + LOCK_QUERIES + 2 * 3) as few:
            submit_lead(request_for(site, phone="+79001110000"))
        for i in range(8):
            make_manager(f"many{i}@example.com")
            submit_lead(request_for(site, phone=f"+7900222000{i}"))
        with django_assert_num_queries(len(few.captured_queries)):
            submit_lead(request_for(site, phone="+79003330000"))


# -- where from ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("utm", "referrer", "source"),
    [
        ({}, "", LeadSource.DIRECT),
        ({}, "http://inback.localhost/novostroyki/", LeadSource.DIRECT),
        ({}, "https://www.google.com/", LeadSource.SEARCH),
        ({}, "https://yandex.ru/search/?text=жк", LeadSource.SEARCH),
        ({}, "https://vk.com/wall-1", LeadSource.SOCIAL),
        ({}, "https://t.me/inback_channel", LeadSource.SOCIAL),
        ({}, "https://cian.ru/novostroyki/", LeadSource.REFERRAL),
        ({"utm_source": "yandex", "utm_medium": "cpc"}, "", LeadSource.ADS),
        ({"utm_source": "vk", "utm_medium": "social"}, "", LeadSource.SOCIAL),
        ({"utm_source": "google", "utm_medium": "organic"}, "", LeadSource.SEARCH),
        ({"utm_source": "newsletter", "utm_medium": "email"}, "https://vk.com/", LeadSource.OTHER),
    ],
)
def test_source_from_utm_tags_then_the_referrer(utm, referrer, source):
    assert derive_source(utm, referrer, own_hosts=("inback.localhost",)) == source


def test_each_listing_takes_its_kinds():
    assert kinds_for(ApartmentPage()) == (LeadKind.CONSULTATION, LeadKind.VIEWING, LeadKind.CALLBACK)
    assert kinds_for(CarAdPage()) == (LeadKind.TEST_DRIVE, LeadKind.CALLBACK)
    assert set(kinds_for(None)) == set(LeadKind.values)


def test_a_car_snapshot_keeps_its_price():
    from leads.intake import listing_snapshot

    car = CarAdPage(title="Toyota Camry 2019", price=Decimal("2450000"))
    assert listing_snapshot(car) == ("Toyota Camry 2019", Decimal("2450000"))


# -- viewing slots ---------------------------------------------------------------------------------------------------


def test_viewing_slots_follow_the_managers_hours_and_days_off(site, make_manager):
    monday_8am = datetime(2026, 11, 23, 8, 0, tzinfo=MOSCOW)
    early = make_manager("early@example.com", work_start=time(9), work_end=time(12))
    make_manager("late@example.com", work_start=time(15), work_end=time(17), work_days=[1])
    ManagerDayOff.objects.create(manager=early.manager_profile, starts_on=monday_8am.date(), ends_on=monday_8am.date())
    slots = [datetime.fromisoformat(value) for value, _label in viewing_slot_choices(site, monday_8am)]
    monday = [s.hour for s in slots if s.date() == monday_8am.date()]
    tuesday = [s.hour for s in slots if s.date() == monday_8am.date() + timedelta(days=1)]
    assert monday == [15, 16]  # the early manager is off; the late one works 15–17
    assert tuesday == [9, 10, 11]
    assert all(s.isoweekday() <= 5 for s in slots)
    label = viewing_slot_choices(site, monday_8am)[0][1]
    assert "15:00" in label and "ноября" in label


def test_without_managers_slots_are_office_hours_and_start_after_notice(site):
    friday_4pm = datetime(2026, 11, 27, 16, 0, tzinfo=MOSCOW)
    slots = [datetime.fromisoformat(value) for value, _label in viewing_slot_choices(site, friday_4pm)]
    assert slots[0] == datetime(2026, 11, 30, 9, 0, tzinfo=MOSCOW)  # too late on Friday, weekend off
    assert {s.hour for s in slots} <= set(range(9, 18))
