"""Free slots and viewings booked, moved and cancelled in them: hours, days off, meetings, the race."""

from datetime import time, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page

from leads.models import (
    Appointment,
    AppointmentStatus,
    InteractionKind,
    Lead,
    LeadKind,
    LeadStage,
    ManagerDayOff,
    ManagerProfile,
)
from leads.scheduling import (
    SchedulingRefused,
    SlotTaken,
    book_viewing,
    cancel,
    free_slots,
    parse_slot_value,
    reschedule,
    viewing_slot_choices,
)
from notifications.models import Notification
from tests.bookings.conftest import committed_rows, run_concurrently  # noqa: F401 (committed_rows: a fixture)
from tests.factories import SiteFactory
from tests.leads.factories import at

pytestmark = pytest.mark.django_db


def starts(slots):
    return [(timezone.localtime(s.starts_at).hour, len(s.manager_ids)) for s in slots]


def test_slots_follow_working_hours_days_and_days_off(site, calendar_manager, monday):
    anna = calendar_manager("anna@example.com")
    calendar_manager("boris@example.com", work_start=time(12), work_end=time(15), work_days=[1, 2, 3, 4, 5, 6])
    with timezone.override(timezone.get_fixed_timezone(180)):
        assert starts(free_slots(site, monday, 1)) == [(10, 1), (11, 1), (12, 2), (13, 1), (14, 1)]
        saturday = monday + timedelta(days=5)
        assert starts(free_slots(site, saturday, 2)) == [(12, 1), (13, 1), (14, 1)]  # Sunday: nobody
        ManagerDayOff.objects.create(manager=anna.manager_profile, starts_on=monday, ends_on=monday)
        assert starts(free_slots(site, monday, 1)) == [(12, 1), (13, 1), (14, 1)]
    ManagerProfile.objects.filter(user=anna).update(is_active=False)
    assert len(free_slots(site, monday + timedelta(days=1), 1)) == 3  # Boris alone


def test_a_meeting_takes_its_managers_slot_and_slots_are_never_in_the_past(
    site, calendar_manager, viewing_lead, monday
):
    anna = calendar_manager("anna@example.com")
    Appointment.objects.create(
        lead=viewing_lead(), manager=anna, starts_at=at(monday, 10, 30), ends_at=at(monday, 11, 30)
    )
    assert free_slots(site, monday, 1)[0].starts_at == at(monday, 12)  # 10:30–11:30 blocks 10 and 11
    # At 9:30 on Monday the 2-hour notice leaves only 12:00 (10:00 and 11:00 are too soon anyway).
    Appointment.objects.all().delete()
    assert [s.starts_at for s in free_slots(site, monday, 1, now=at(monday, 9, 30))] == [at(monday, 12)]


def test_the_number_of_queries_does_not_grow_with_managers_days_or_meetings(
    site, calendar_manager, viewing_lead, monday
):
    def count(days):
        with CaptureQueriesContext(connection) as queries:
            free_slots(site, monday, days)
        return len(queries)

    anna = calendar_manager("anna@example.com")
    small = count(1)
    for index in range(6):
        manager = calendar_manager(f"m{index}@example.com")
        ManagerDayOff.objects.create(manager=manager.manager_profile, starts_on=monday, ends_on=monday)
        Appointment.objects.create(
            lead=viewing_lead(),
            manager=anna,
            starts_at=at(monday + timedelta(days=index), 10),
            ends_at=at(monday + timedelta(days=index), 11),
        )
    assert count(14) == small == 3


def test_booking_prefers_the_leads_manager_and_notifies_both_sides(calendar_manager, viewing_lead, monday):
    calendar_manager("anna@example.com")
    boris = calendar_manager("boris@example.com")
    lead = viewing_lead(manager=boris, stage=LeadStage.IN_WORK, email="client@example.com")

    appointment = book_viewing(lead, at(monday, 11))

    assert (appointment.manager, appointment.ends_at, appointment.place) == (boris, at(monday, 12), lead.listing_title)
    lead.refresh_from_db()
    assert lead.stage == LeadStage.MEETING and lead.manager == boris
    meeting = lead.interactions.get(kind=InteractionKind.MEETING)
    assert meeting.data["action"] == "booked" and meeting.data["appointment"] == appointment.pk
    client_messages = Notification.objects.filter(kind="appointment.booked")
    assert sorted(client_messages.values_list("channel", "address")) == [
        ("email", "client@example.com"),
        ("sms", lead.phone),
    ]
    assert "/leads/viewing/" in client_messages.get(channel="sms").body
    assert Notification.objects.filter(kind="appointment.for_manager", recipient=boris).exists()


def test_a_busy_manager_hands_the_meeting_and_the_lead_to_a_free_one(calendar_manager, viewing_lead, monday):
    anna = calendar_manager("anna@example.com")
    boris = calendar_manager("boris@example.com")
    book_viewing(viewing_lead(manager=boris), at(monday, 10))
    lead = viewing_lead(manager=boris)

    appointment = book_viewing(lead, at(monday, 10))

    assert appointment.manager == anna
    lead.refresh_from_db()
    assert lead.manager == anna
    handover = lead.interactions.get(kind=InteractionKind.ASSIGNMENT)
    assert handover.data == {"from": boris.pk, "to": anna.pk, "reason": "meeting"}
    assert Notification.objects.filter(kind="lead.assigned", recipient=anna).exists()


@pytest.mark.parametrize(
    ("hour", "minute", "message"),
    [(10, 30, "занято"), (9, 0, "занято"), (14, 0, "занято")],
)
def test_a_time_that_is_not_a_free_slot_is_refused_and_nothing_changes(
    calendar_manager, viewing_lead, monday, hour, minute, message
):
    calendar_manager("anna@example.com")
    lead = viewing_lead()
    with pytest.raises(SlotTaken, match=message):
        book_viewing(lead, at(monday, hour, minute))
    assert not Appointment.objects.exists() and not lead.interactions.exists()
    assert not Notification.objects.filter(kind__startswith="appointment.").exists()


def test_a_slot_too_soon_or_a_second_booking_or_a_closed_lead_is_refused(calendar_manager, viewing_lead, monday):
    calendar_manager("anna@example.com", work_days=[1, 2, 3, 4, 5, 6, 7], work_start=time(0), work_end=time(23))
    lead = viewing_lead()
    soon = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    with pytest.raises(SchedulingRefused, match="не раньше чем за 2 ч"):
        book_viewing(lead, soon)
    book_viewing(lead, at(monday, 10))
    with pytest.raises(SchedulingRefused, match="уже назначен"):
        book_viewing(lead, at(monday, 12))
    with pytest.raises(SchedulingRefused, match="Заявка закрыта"):
        book_viewing(viewing_lead(stage=LeadStage.WON), at(monday, 12))
    assert Appointment.objects.count() == 1


def test_reschedule_keeps_the_manager_frees_the_old_slot_and_tells_the_client(
    site, calendar_manager, viewing_lead, monday
):
    anna = calendar_manager("anna@example.com")
    lead = viewing_lead(manager=anna)
    appointment = book_viewing(lead, at(monday, 10))

    reschedule(appointment, at(monday, 12), by=anna)

    appointment.refresh_from_db()
    assert (appointment.starts_at, appointment.manager) == (at(monday, 12), anna)
    assert at(monday, 10) in [s.starts_at for s in free_slots(site, monday, 1)]
    assert Notification.objects.filter(kind="appointment.rescheduled", address=lead.phone).count() == 1
    # the manager moved it: no message to themselves
    assert (
        not Notification.objects.filter(kind="appointment.for_manager", recipient=anna)
        .exclude(body__contains="новая встреча")
        .exists()
    )
    with pytest.raises(SchedulingRefused, match="уже назначена на это время"):
        reschedule(appointment, at(monday, 12), by=anna)


def test_cancel_needs_a_reason_and_returns_the_lead_to_work(calendar_manager, viewing_lead, monday):
    anna = calendar_manager("anna@example.com")
    lead = viewing_lead(manager=anna)
    appointment = book_viewing(lead, at(monday, 10))
    with pytest.raises(SchedulingRefused, match="причину"):
        cancel(appointment, by=anna, reason="  ")
    cancel(appointment, by=anna, reason="Клиент заболел")
    appointment.refresh_from_db()
    lead.refresh_from_db()
    assert (appointment.status, appointment.cancel_reason) == (AppointmentStatus.CANCELLED, "Клиент заболел")
    assert lead.stage == LeadStage.IN_WORK
    assert "Клиент заболел" in Notification.objects.get(kind="appointment.cancelled").body
    with pytest.raises(SchedulingRefused, match="уже отменена"):
        cancel(appointment, by=anna, reason="ещё раз")
    with pytest.raises(SchedulingRefused, match="уже отменена"):
        reschedule(appointment, at(monday, 11), by=anna)


def test_slot_choices_are_values_a_form_can_parse_back(site, calendar_manager, monday):
    calendar_manager("anna@example.com")
    choices = viewing_slot_choices(site, now=at(monday, 8))
    value, label = choices[0]
    assert parse_slot_value(value) == at(monday, 10)
    assert label.endswith("10:00")
    assert parse_slot_value("завтра") is None and parse_slot_value("2030-01-01T10:00") is None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="EXCLUDE USING gist is PostgreSQL's")
def test_the_database_refuses_two_overlapping_scheduled_meetings_of_one_manager(calendar_manager, viewing_lead, monday):
    anna = calendar_manager("anna@example.com")
    Appointment.objects.create(lead=viewing_lead(), manager=anna, starts_at=at(monday, 10), ends_at=at(monday, 11))
    Appointment.objects.create(  # a cancelled one does not hold the slot
        lead=viewing_lead(),
        manager=anna,
        starts_at=at(monday, 10),
        ends_at=at(monday, 11),
        status=AppointmentStatus.CANCELLED,
    )
    with pytest.raises(IntegrityError, match="appointment_no_overlap"), transaction.atomic():
        Appointment.objects.create(
            lead=viewing_lead(), manager=anna, starts_at=at(monday, 10, 30), ends_at=at(monday, 11, 30)
        )


# -- the race: twenty clients press «Записаться» for the same slot at once --------------------------------------

ATTEMPTS = 20


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and EXCLUDE need PostgreSQL")
def test_twenty_concurrent_bookings_of_one_slot_give_exactly_one_meeting(monday, committed_rows):  # noqa: F811 (the fixture)
    def setup():
        site = SiteFactory()  # committed by the thread, with its home page
        user = get_user_model().objects.create_user(email="racer-manager@example.com", is_staff=True)
        profile = ManagerProfile.objects.create(user=user, work_start=time(10), work_end=time(13))
        profile.sites.set([site])
        leads = [
            Lead.objects.create(
                site=site,
                kind=LeadKind.VIEWING,
                name=f"Клиент {i}",
                phone=f"+7900000{i:04d}",
                consent_at=timezone.now(),
            )
            for i in range(ATTEMPTS)
        ]
        return site, user, leads

    [(site, manager, leads)] = run_concurrently([setup])
    phones = [lead.phone for lead in leads]
    committed_rows(lambda: (site.delete(), Page.objects.filter(pk=site.root_page_id).delete()))
    committed_rows(lambda: manager.delete())
    committed_rows(lambda: Lead.objects.filter(site=site).delete())
    committed_rows(lambda: Notification.objects.filter(address__in=phones).delete())

    results = run_concurrently([lambda lead=lead: book_viewing(lead, at(monday, 11)) for lead in leads])

    winners = [r for r in results if isinstance(r, Appointment)]
    losers = [r for r in results if not isinstance(r, Appointment)]
    assert len(winners) == 1
    assert all(isinstance(r, SlotTaken) for r in losers), losers
    assert Appointment.objects.filter(manager=manager, status=AppointmentStatus.SCHEDULED).count() == 1
    assert Lead.objects.filter(site=site, stage=LeadStage.MEETING).count() == 1


def test_moving_to_a_time_the_manager_is_busy_hands_the_meeting_to_a_free_colleague(
    calendar_manager, viewing_lead, monday
):
    anna = calendar_manager("anna@example.com")
    boris = calendar_manager("boris@example.com")
    lead = viewing_lead(manager=anna)
    meeting = book_viewing(lead, at(monday, 10))
    book_viewing(viewing_lead(manager=anna), at(monday, 12))

    reschedule(meeting, at(monday, 12))  # by the client

    meeting.refresh_from_db()
    lead.refresh_from_db()
    assert (meeting.manager, lead.manager) == (boris, boris)
    assert lead.interactions.get(kind=InteractionKind.ASSIGNMENT).data["to"] == boris.pk
    to_boris = Notification.objects.get(kind="appointment.for_manager", recipient=boris, channel="email")
    assert to_boris.subject.startswith("Новая встреча")
    to_anna = Notification.objects.filter(kind="appointment.for_manager", recipient=anna, channel="email")
    assert to_anna.filter(subject__startswith="Встречу ведёт другой менеджер").count() == 1


def test_an_unassigned_lead_gets_the_manager_assigned_longest_ago(calendar_manager, viewing_lead, monday):
    anna = calendar_manager("anna@example.com")
    boris = calendar_manager("boris@example.com")
    ManagerProfile.objects.filter(user=anna).update(last_assigned_at=timezone.now())
    lead = viewing_lead()

    book_viewing(lead, at(monday, 10))

    lead.refresh_from_db()
    assert lead.manager == boris and lead.assigned_at is not None
    assert lead.interactions.get(kind=InteractionKind.ASSIGNMENT).text == "Назначен менеджер, свободный в это время."
    boris.manager_profile.refresh_from_db()
    assert boris.manager_profile.last_assigned_at == lead.assigned_at
