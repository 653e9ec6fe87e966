"""The member's event pages (register, ticket with a QR code, .ics, cancel, rate), the button on the event's page,
and the staff's door: check-in by the signed ticket, once (a second scan and a re-synced offline queue change
nothing), only for the event's organiser and the superuser; the organiser's report."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from accounts import roles
from catalog.models import Tier
from loyalty.models import EventRegistration
from loyalty.services import events
from tests.accounts.factories import staff
from tests.loyalty.factories import HOST, START, MemberFactory, PartnerFactory, club_event, superuser

pytestmark = pytest.mark.django_db
Status = EventRegistration.Status


@pytest.fixture
def club(client, clock):
    client.defaults["HTTP_HOST"] = HOST
    return client


@pytest.fixture
def event(clock, partner):
    return club_event(capacity=1, organiser=partner, start=START + timedelta(days=3))


def checkin_url(event):
    return reverse("loyalty_event_checkin", args=[event.pk])


def sync_url(event):
    return reverse("loyalty_event_checkin_sync", args=[event.pk])


def test_a_member_registers_from_the_event_page_and_gets_a_ticket(club, event, member):
    club.force_login(member.user)
    page = club.get(event.url)
    assert page.status_code == 200
    assert reverse("loyalty:event_register", args=[event.pk]) in page.text
    response = club.post(f"/club/events/{event.pk}/register/")
    assert response.status_code == 302 and response["Location"] == f"/club/events/{event.pk}/"
    registration = events.registration_for(event, member)
    assert registration.status == Status.REGISTERED
    ticket = club.get(f"/club/events/{event.pk}/")
    assert ticket.status_code == 200
    assert "club-qr-svg" in ticket.text and events.short_code(registration) in ticket.text
    assert reverse("loyalty:event_ics", args=[event.pk]) in ticket.text
    home = club.get("/club/")
    assert event.title in home.text and f"/club/events/{event.pk}/" in home.text
    assert "Мой билет" in club.get(event.url).text


def test_the_second_member_waits_and_the_ics_is_a_calendar_event(club, event, member):
    events.register(event, MemberFactory())
    club.force_login(member.user)
    club.post(f"/club/events/{event.pk}/register/")
    page = club.get(f"/club/events/{event.pk}/")
    assert "листе ожидания: 1-я" in page.text and "club-qr-svg" not in page.text
    calendar = club.get(f"/club/events/{event.pk}/ticket.ics")
    assert calendar["Content-Type"].startswith("text/calendar")
    body = calendar.content.decode()
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))  # folded as RFC 5545 asks
    unfolded = body.replace("\r\n ", "")
    assert "BEGIN:VEVENT" in unfolded and f"SUMMARY:{event.title}" in unfolded
    assert "DTSTART:20270313T090000Z" in body  # START + 3 days, 12:00 Moscow


def test_a_member_cancels_on_her_page_and_the_next_is_offered_the_seat(club, event, member):
    waiting = MemberFactory()
    club.force_login(member.user)
    club.post(f"/club/events/{event.pk}/register/")
    events.register(event, waiting)
    club.post(f"/club/events/{event.pk}/cancel/")
    assert events.registration_for(event, member) is None
    assert events.registration_for(event, waiting).status == Status.OFFERED
    club.force_login(waiting.user)
    assert "Подтвердить место" in club.get(f"/club/events/{event.pk}/").text
    club.post(f"/club/events/{event.pk}/confirm/")
    assert events.registration_for(event, waiting).status == Status.REGISTERED


def test_an_insider_is_told_the_event_is_for_other_tiers(club, clock):
    event = club_event(allowed_tiers=[Tier.VIP])
    member = MemberFactory()
    club.force_login(member.user)
    page = club.get(f"/club/events/{event.pk}/")
    assert "Это мероприятие для статусов: VIP" in page.text
    club.post(f"/club/events/{event.pk}/register/")
    assert not EventRegistration.objects.filter(event=event).exists()
    with translation.override("en"):
        page = club.get(f"/en/club/events/{event.pk}/")
    assert "This event is for the tiers: VIP" in page.text


def test_the_ticket_code_is_bound_to_its_registration(event, member):
    registration = events.register(event, member)
    code = events.ticket_code(registration)
    assert events.resolve_ticket(code) == registration
    assert events.resolve_ticket(events.short_code(registration)) == registration
    forged = code[:-2] + ("AA" if not code.endswith("AA") else "BB")
    for bad in (forged, f"EV1.{registration.pk + 1}.{code.rsplit('.', 1)[1]}", "123", ""):
        with pytest.raises(Exception) as error:
            events.resolve_ticket(bad)
        assert error.value.code == "ticket_invalid"


def test_check_in_once_then_already_checked_in(client, event, member, partner):
    registration = events.register(event, member)
    owner = staff(roles.BUSINESS_OWNER, business=partner)
    client.force_login(owner)
    page = client.get(checkin_url(event))
    assert page.status_code == 200 and "checkin.js" in page.text and "<script>" not in page.text
    client.post(checkin_url(event), {"code": events.ticket_code(registration)})
    registration.refresh_from_db()
    assert registration.checked_in_at == START and registration.checked_in_by == owner
    response = client.post(checkin_url(event), {"code": events.short_code(registration)}, follow=True)
    assert "уже отмечен" in response.text
    registration.refresh_from_db()
    assert registration.checked_in_at == START


def test_an_offline_queue_synced_twice_checks_each_ticket_in_once(client, member, partner, clock):
    event = club_event(organiser=partner, start=START + timedelta(hours=2))
    registration = events.register(event, member)
    client.force_login(staff(roles.BUSINESS_OWNER, business=partner))
    scanned = (START + timedelta(minutes=5)).isoformat()
    batch = {
        "scans": [
            {"id": "a", "code": events.ticket_code(registration), "scanned_at": scanned},
            {"id": "b", "code": events.ticket_code(registration), "scanned_at": scanned},
            {"id": "c", "code": "EV1.999999.AAAAAAAAAAAAAAAA", "scanned_at": scanned},
        ]
    }
    clock.shift(timedelta(minutes=30))
    first = client.post(sync_url(event), json.dumps(batch), content_type="application/json").json()
    assert [result["status"] for result in first["results"]] == ["ok", "already", "error"]
    assert first["attended"] == 1
    again = client.post(sync_url(event), json.dumps(batch), content_type="application/json").json()
    assert [result["status"] for result in again["results"]] == ["already", "already", "error"]
    registration.refresh_from_db()
    assert registration.checked_in_at == START + timedelta(minutes=5)  # when it was scanned, offline
    assert EventRegistration.objects.filter(event=event, checked_in_at__isnull=False).count() == 1


def test_a_ticket_for_another_event_or_without_a_seat_is_refused(event, member, clock):
    other = club_event()
    registration = events.register(other, member)
    with pytest.raises(Exception) as error:
        events.check_in(event, events.ticket_code(registration), by=superuser())
    assert error.value.code == "ticket_other_event"
    events.register(event, MemberFactory())
    waiting = events.register(event, MemberFactory())
    with pytest.raises(Exception) as error:
        events.check_in(event, events.ticket_code(waiting), by=superuser())
    assert error.value.code == "ticket_not_registered"


def test_the_door_is_the_organisers_and_the_superusers_only(client, event, member):
    registration = events.register(event, member)
    client.force_login(staff(roles.BUSINESS_OWNER, business=PartnerFactory()))
    assert client.get(reverse("loyalty_events")).url == "/admin/"
    batch = {"scans": [{"id": "a", "code": events.ticket_code(registration)}]}
    response = client.post(sync_url(event), json.dumps(batch), content_type="application/json")
    assert response.status_code in (302, 403)
    registration.refresh_from_db()
    assert registration.checked_in_at is None
    client.force_login(superuser())
    assert event.title in client.get(reverse("loyalty_events")).text
    assert client.get(checkin_url(event)).status_code == 200


def test_the_organiser_sees_attendance_and_ratings_and_may_cancel(client, event, member, partner, clock):
    registration = events.register(event, member)
    events.check_in(event, events.ticket_code(registration), by=superuser())
    events.leave_feedback(registration, 4, "Отличный вечер", at=event.end + timedelta(hours=1))
    owner = staff(roles.BUSINESS_OWNER, business=partner)
    client.force_login(owner)
    report = client.get(reverse("loyalty_event_report", args=[event.pk]))
    assert report.context["report"]["attended"] == 1 and report.context["report"]["average"] == 4
    assert "Отличный вечер" in report.text and member.phone not in report.text
    future = club_event(organiser=partner, start=START + timedelta(days=5))
    waiting = events.register(future, MemberFactory())
    assert client.post(reverse("loyalty_event_report", args=[future.pk])).status_code == 302
    future.refresh_from_db()
    waiting.refresh_from_db()
    assert future.status == "cancelled" and waiting.status == Status.EVENT_CANCELLED
