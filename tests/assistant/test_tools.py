"""The tools the model may call answer with the same limits as the web pages: a customer's bookings and requests only
to that identified customer, listings only of the bot's own site, a lead only with a phone that is a phone."""

from datetime import timedelta

import pytest
from django.utils import timezone

from assistant import tools
from assistant.models import Conversation
from bookings.models import BlockedPeriod
from catalog.models import RentalPropertyPage
from leads.models import Lead
from tests.accounts.factories import UserFactory
from tests.bookings.factories import BookingFactory, RentalFactory
from tests.leads.factories import LeadFactory

pytestmark = pytest.mark.django_db


def chat(bot, user=None):
    return Conversation.objects.create(bot=bot, channel="web", external_chat_id=f"tools-{timezone.now():%f}", user=user)


def test_bookings_are_shown_only_to_the_customer_the_chat_belongs_to(rentals_bot):
    guest, stranger = UserFactory(), UserFactory()
    mine = BookingFactory(guest=guest)
    theirs = BookingFactory(guest=stranger)
    assert "не вошёл" in tools.my_bookings(chat(rentals_bot)).text
    text = tools.my_bookings(chat(rentals_bot, guest)).text
    assert mine.rental.title in text and theirs.rental.title not in text


def test_requests_are_the_customers_own_on_this_site(rentals_bot, realty_bot):
    customer = UserFactory()
    here = LeadFactory(site=rentals_bot.site, user=customer)
    elsewhere = LeadFactory(site=realty_bot.site, user=customer)
    somebody_elses = LeadFactory(site=rentals_bot.site, user=UserFactory())
    assert "не вошёл" in tools.my_requests(chat(rentals_bot)).text
    text = tools.my_requests(chat(rentals_bot, customer)).text
    assert f"№{here.pk} " in text
    assert f"№{elsewhere.pk} " not in text and f"№{somebody_elses.pk} " not in text


def test_availability_only_for_a_listing_of_the_bots_site_and_sensible_dates(rentals_bot):
    start = timezone.localdate() + timedelta(days=60)
    other_site = RentalFactory()
    answer = tools.check_availability(chat(rentals_bot), other_site.pk, str(start), str(start + timedelta(days=2)))
    assert answer.text == "Такого объекта на сайте нет."
    on_site = RentalPropertyPage.objects.live().descendant_of(rentals_bot.site.root_page)
    rental = on_site.exclude(pk__in=BlockedPeriod.objects.values("rental")).first()
    backwards = tools.check_availability(chat(rentals_bot), rental.pk, str(start), str(start - timedelta(days=2)))
    assert backwards.text.startswith("Даты не подходят")
    free = tools.check_availability(chat(rentals_bot), rental.pk, str(start), str(start + timedelta(days=2)))
    assert "свободен" in free.text and free.sources[0].url
    BookingFactory(rental=rental, check_in=start, for_nights=2)
    taken = tools.check_availability(chat(rentals_bot), rental.pk, str(start), str(start + timedelta(days=2)))
    assert "занят" in taken.text


def test_a_lead_needs_a_real_phone_and_goes_through_the_intake(rentals_bot):
    conversation = chat(rentals_bot)
    assert "Телефон не распознан" in tools.create_lead(conversation, name="Асель", phone="12").text
    assert not Lead.objects.filter(site=rentals_bot.site, name="Асель").exists()
    made = tools.create_lead(conversation, name="Асель", phone="+7 701 555 12 34", message="Перезвоните")
    lead = Lead.objects.get(site=rentals_bot.site, name="Асель")
    assert made.lead == lead and lead.phone == "+77015551234"
    conversation.refresh_from_db()
    assert conversation.lead == lead
