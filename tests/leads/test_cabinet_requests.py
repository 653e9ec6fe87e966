"""The cabinet's «Мои заявки»: the signed-in person's leads with their status in customer words."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from accounts.cabinet.sections import sections
from leads.models import Appointment, AppointmentStatus, Lead, LeadKind, LeadStage
from leads.pipeline import move_to_stage
from tests.conftest import DEMO_HOSTS
from tests.factories import apartment_on
from tests.leads.factories import AppointmentFactory
from tests.utils import parse_html

pytestmark = pytest.mark.django_db
URL = "/account/requests/"


@pytest.fixture
def customer():
    return get_user_model().objects.create_user(email="buyer@example.com", password="pw", first_name="Ольга")


def items(response):
    return [" ".join(li.get_text(" ").split()) for li in parse_html(response).select("#requests li")]


def test_the_customer_sees_own_leads_newest_first_with_status_manager_and_next_meeting(
    client, customer, make_lead, make_manager, site
):
    manager = make_manager("olga-manager@example.com")
    manager.first_name, manager.last_name = "Игорь", "Смирнов"
    manager.save()
    older = make_lead(user=customer, kind=LeadKind.CONSULTATION, listing_title="ЖК Солнечный")
    newer = make_lead(user=customer, kind=LeadKind.VIEWING, listing_title="Квартира 2-к, 54 м²", manager=manager)
    move_to_stage(newer, LeadStage.MEETING, by=manager)
    soon = timezone.now() + timedelta(days=2)
    AppointmentFactory(lead=newer, manager=manager, starts_at=soon, place="Офис на Тверской")
    AppointmentFactory(lead=newer, manager=manager, starts_at=soon - timedelta(days=5), status=AppointmentStatus.DONE)
    make_lead(user=None, name="Чужой", listing_title="Чужая квартира")
    someone = get_user_model().objects.create_user(email="someone@example.com", password="pw")
    make_lead(user=someone, listing_title="Квартира соседа")

    client.force_login(customer)
    response = client.get(URL, HTTP_HOST=site.hostname)
    assert response.status_code == 200
    rows = items(response)
    assert len(rows) == 2
    assert "Просмотр объекта" in rows[0] and "Квартира 2-к, 54 м²" in rows[0]
    assert "Назначена встреча" in rows[0]
    assert "Ваш менеджер: Игорь" in rows[0] and "Смирнов" not in rows[0]
    assert "Офис на Тверской" in rows[0]
    assert "записаться, перенести или отменить" in rows[0]  # the viewing's own page (leads/views_viewing.py)
    assert "записаться" not in rows[1]  # a consultation has no viewing to book
    assert "Консультация" in rows[1] and "ЖК Солнечный" in rows[1]
    assert "менеджер скоро свяжется" in rows[1]
    assert "Чуж" not in response.content.decode() and "соседа" not in response.content.decode()
    assert older.pk != newer.pk


def test_an_empty_list_says_what_will_appear(client, customer, site):
    client.force_login(customer)
    response = client.get(URL, HTTP_HOST=site.hostname)
    assert "У вас пока нет заявок" in response.content.decode()


def test_the_query_count_does_not_grow_with_the_number_of_leads(client, customer, make_lead, make_manager, site):
    manager = make_manager("count-manager@example.com")
    apartments = [apartment_on(site) for _ in range(3)]
    client.force_login(customer)

    def add_leads(n):
        first_day = 1 + lead_count()
        for i in range(n):
            apartment = apartments[i % len(apartments)]
            lead = make_lead(user=customer, manager=manager, listing=apartment, listing_title=apartment.title)
            # one meeting per day: a manager cannot have two in one slot
            start = timezone.now() + timedelta(days=first_day + i)
            AppointmentFactory(lead=lead, manager=manager, starts_at=start)

    def lead_count():
        return Appointment.objects.filter(manager=manager).count()

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL, HTTP_HOST=site.hostname).status_code == 200
        return len(queries)

    add_leads(2)
    count_queries()  # the first request fills the caches (site root paths, ...)
    small = count_queries()
    add_leads(10)
    large = count_queries()
    page = client.get(URL, HTTP_HOST=site.hostname)
    assert len(items(page)) == 12
    assert f'href="{apartments[0].get_url_parts()[2]}"' in page.content.decode()
    assert large == small


def test_the_requests_made_on_this_brand_come_first(client, customer, make_lead, site):
    """On the demo's InBack a request made there leads, even when one made on the test site is newer."""
    inback = Site.objects.get(hostname=DEMO_HOSTS["inback"])
    here = make_lead(user=customer, listing_title="ЖК на InBack", site=inback)
    make_lead(user=customer, listing_title="Объявление на другом сайте")
    client.force_login(customer)
    assert "ЖК на InBack" in items(client.get(URL, HTTP_HOST=inback.hostname))[0]
    assert "Объявление на другом сайте" in items(client.get(URL, HTTP_HOST=site.hostname))[0]
    assert here.created_at < Lead.objects.exclude(pk=here.pk).get(user=customer).created_at


@pytest.mark.parametrize(
    ("brand", "first_sections"),
    [
        ("zhilego", ["profile", "favorites", "history", "bookings", "notifications"]),
        ("inback", ["profile", "favorites", "history", "requests", "cashback", "notifications"]),
        ("avtofamily", ["profile", "favorites", "history", "requests", "notifications"]),
    ],
)
def test_each_brands_cabinet_opens_with_that_brands_business(client, customer, brand, first_sections):
    client.force_login(customer)
    response = client.get("/account/", HTTP_HOST=DEMO_HOSTS[brand])
    hrefs = [a["href"] for a in parse_html(response).select(".cabinet-nav a")]
    keys = {reverse(section.url): section.key for section in sections()}
    order = [keys[href] for href in hrefs]
    assert order[: len(first_sections)] == first_sections
    assert sorted(order) == sorted(keys.values())  # every section is still there, further down
