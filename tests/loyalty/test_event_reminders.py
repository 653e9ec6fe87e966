"""Reminders a day and two hours before an event, each sent once through the outbox; after it, attendees are asked
for a rating once and may leave one (1–5) with a comment."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from loyalty.services import events
from loyalty.tasks import ask_event_feedback, expire_event_offers, send_event_reminders
from notifications.models import Notification
from tests.loyalty.factories import START, MemberFactory, club_event, superuser

pytestmark = pytest.mark.django_db


def reminders(member):
    return list(
        Notification.objects.filter(recipient=member.user, kind="club.event_reminder").values_list("subject", flat=True)
    )


def test_a_reminder_a_day_before_and_another_two_hours_before_each_once(clock):
    event = club_event(start=START + timedelta(days=3))
    member = MemberFactory()
    events.register(event, member)
    assert events.send_reminders(at=START) == 0
    day_before = event.start - timedelta(hours=23)
    assert events.send_reminders(at=day_before) == 1
    assert events.send_reminders(at=day_before + timedelta(minutes=5)) == 0
    assert reminders(member) == [f"Завтра: {event.title}"]
    two_hours = event.start - timedelta(hours=1, minutes=50)
    assert events.send_reminders(at=two_hours) == 1
    assert events.send_reminders(at=two_hours + timedelta(minutes=5)) == 0
    assert sorted(reminders(member)) == sorted([f"Завтра: {event.title}", f"Через два часа: {event.title}"])


def test_a_seat_taken_an_hour_before_gets_no_late_reminders(clock):
    event = club_event(start=START + timedelta(hours=1))
    member = MemberFactory()
    events.register(event, member)
    assert events.send_reminders(at=START + timedelta(minutes=5)) == 0
    assert reminders(member) == []


def test_the_beat_tasks_run_the_services(clock):
    event = club_event(start=START + timedelta(hours=20))
    events.register(event, MemberFactory())
    assert send_event_reminders() == 0  # registered within the day: the day's reminder is not sent late
    assert expire_event_offers() == 0
    assert ask_event_feedback() == 0


def test_attendees_are_asked_once_and_rate_the_event(clock):
    event = club_event(start=START + timedelta(days=1))
    came, absent = MemberFactory(), MemberFactory()
    registration = events.register(event, came)
    events.register(event, absent)
    events.check_in(event, events.ticket_code(registration), by=superuser(), at=event.start)
    after = event.end + timedelta(hours=1)
    assert events.send_feedback_requests(at=after) == 1
    assert events.send_feedback_requests(at=after) == 0
    assert Notification.objects.filter(recipient=came.user, kind="club.event_feedback").exists()
    assert not Notification.objects.filter(recipient=absent.user, kind="club.event_feedback").exists()
    with pytest.raises(ValidationError):
        events.leave_feedback(registration, 5, at=event.start)  # not over yet
    with pytest.raises(ValidationError):
        events.leave_feedback(registration, 6, at=after)
    events.leave_feedback(registration, 5, "Супер", at=after)
    feedback = events.leave_feedback(registration, 4, "Хорошо", at=after)
    assert (feedback.rating, feedback.comment) == (4, "Хорошо")
    assert events.event_report(event)["average"] == 4
    with pytest.raises(ValidationError):
        events.leave_feedback(events.registration_for(event, absent), 5, at=after)


def test_the_members_data_export_holds_her_registrations_and_ratings(clock):
    from accounts.cabinet.personal_data import export_personal_data

    event = club_event(start=START + timedelta(days=1))
    member = MemberFactory()
    registration = events.register(event, member)
    events.check_in(event, events.ticket_code(registration), by=superuser(), at=event.start)
    events.leave_feedback(registration, 5, "Спасибо", at=event.end)
    [exported] = export_personal_data(member.user)["club"]["events"]
    assert (exported["event"], exported["status"], exported["rating"], exported["comment"]) == (
        event.title, "registered", 5, "Спасибо",
    )  # fmt: skip
