"""Club events: seats per tier, the waiting list and its offers, cancellations by the member and the organiser."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from catalog.models import EventPage, Tier
from loyalty.models import EventRegistration
from loyalty.services import events
from notifications.models import Notification
from tests.loyalty.factories import START, MemberFactory, club_event

pytestmark = pytest.mark.django_db
Status = EventRegistration.Status


def statuses(event):
    return list(EventRegistration.objects.filter(event=event).order_by("pk").values_list("status", flat=True))


def sent(member, kind):
    return Notification.objects.filter(recipient=member.user, kind=kind)


def test_seats_fill_up_then_the_waiting_list_takes_the_rest(clock):
    event = club_event(capacity=2)
    members = [MemberFactory() for _ in range(4)]
    for member in members:
        events.register(event, member)
    assert statuses(event) == [Status.REGISTERED, Status.REGISTERED, Status.WAITING, Status.WAITING]
    third = events.registration_for(event, members[3])
    assert events.waiting_position(third) == 2
    with pytest.raises(ValidationError) as error:
        events.register(event, members[0])
    assert error.value.code == "already_registered"


def test_a_vip_only_event_refuses_insiders(clock):
    event = club_event(allowed_tiers=[Tier.VIP, Tier.ELITE, Tier.INNER_CIRCLE])
    with pytest.raises(ValidationError) as error:
        events.register(event, MemberFactory(tier=Tier.INSIDER))
    assert error.value.code == "tier_not_allowed"
    assert events.register(event, MemberFactory(tier=Tier.VIP)).status == Status.REGISTERED


def test_seats_held_for_elite_are_not_taken_by_other_tiers(clock):
    event = club_event(capacity=3, elite_seats=1)
    vips = [MemberFactory(tier=Tier.VIP) for _ in range(3)]
    results = [events.register(event, vip).status for vip in vips]
    assert results == [Status.REGISTERED, Status.REGISTERED, Status.WAITING]
    elite = events.register(event, MemberFactory(tier=Tier.INNER_CIRCLE))
    assert elite.status == Status.REGISTERED
    assert events.register(event, MemberFactory(tier=Tier.ELITE)).status == Status.WAITING


def test_a_freed_seat_is_offered_to_the_next_and_passes_on_when_not_confirmed(clock):
    event = club_event(capacity=1)
    first, second, third = (MemberFactory() for _ in range(3))
    seat = events.register(event, first)
    events.register(event, second)
    events.register(event, third)
    with override_settings(CLUB_EVENT_OFFER_HOURS=6):
        events.cancel(seat)
    offer = events.registration_for(event, second)
    assert offer.status == Status.OFFERED
    assert offer.offer_expires_at == START + timedelta(hours=6)
    assert sent(second, "club.event_seat_offered").exists()
    assert not sent(third, "club.event_seat_offered").exists()
    assert "/club/events/" in sent(second, "club.event_seat_offered").first().body
    assert events.expire_offers(at=START + timedelta(hours=5)) == 0
    assert events.expire_offers(at=START + timedelta(hours=7)) == 1
    offer.refresh_from_db()
    assert offer.status == Status.EXPIRED
    assert events.registration_for(event, third).status == Status.OFFERED
    with pytest.raises(ValidationError) as error:
        events.confirm(offer, at=START + timedelta(hours=7))
    assert error.value.code == "not_offered"
    confirmed = events.confirm(events.registration_for(event, third), at=START + timedelta(hours=8))
    assert confirmed.status == Status.REGISTERED


def test_an_offer_is_confirmed_only_before_it_expires(clock):
    event = club_event(capacity=1)
    first, second = MemberFactory(), MemberFactory()
    seat = events.register(event, first)
    events.register(event, second)
    events.cancel(seat)
    offer = events.registration_for(event, second)
    with pytest.raises(ValidationError) as error:
        events.confirm(offer, at=offer.offer_expires_at + timedelta(seconds=1))
    assert error.value.code == "offer_expired"


def test_a_member_cancels_only_before_the_deadline(clock):
    event = club_event(start=START + timedelta(days=2))
    member = MemberFactory()
    registration = events.register(event, member)
    with override_settings(CLUB_EVENT_CANCEL_HOURS=24), pytest.raises(ValidationError) as error:
        events.cancel(registration, at=event.start - timedelta(hours=23))
    assert error.value.code == "too_late_to_cancel"
    with override_settings(CLUB_EVENT_CANCEL_HOURS=24):
        assert events.cancel(registration, at=event.start - timedelta(hours=25)).status == Status.CANCELLED
    assert events.register(event, member, at=event.start - timedelta(hours=25)).status == Status.REGISTERED


def test_cancelling_the_event_tells_everyone_on_its_list(clock):
    event = club_event(capacity=1)
    members = [MemberFactory() for _ in range(3)]
    for member in members:
        events.register(event, member)
    event.status = EventPage.Status.CANCELLED
    event.save_revision().publish()  # the editor's «Опубликовать»: the signal ends the registrations
    assert set(statuses(event)) == {Status.EVENT_CANCELLED}
    for member in members:
        assert sent(member, "club.event_cancelled").exists()
    with pytest.raises(ValidationError) as error:
        events.register(event, MemberFactory())
    assert error.value.code == "event_closed"


def test_seats_for_elite_cannot_exceed_the_capacity(clock):
    event = club_event(capacity=5)
    event.elite_seats = 6
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "elite_seats" in error.value.message_dict
