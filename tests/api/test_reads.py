"""The read-only catalog of the API: the site's live pages, its filters and sorts, full-text search, a cursor,
and a query count that does not grow with the rows."""

import html
import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from bookings.models import BlockedPeriod
from catalog.models import ApartmentPage, CarAdPage, RentalPropertyPage, ResidentialComplexPage
from tests.api.helpers import BASE, CARS, REALTY, RENTALS, car_index

pytestmark = pytest.mark.django_db


def get(client, path, host, **params):
    response = client.get(BASE + path, params, HTTP_HOST=host)
    return response


def live_cars():
    return CarAdPage.objects.live().descendant_of(car_index())


def test_cars_list_is_the_sites_live_unsold_ads(client):
    response = get(client, "cars/", CARS, page_size=100)
    assert response.status_code == 200
    ids = {car["id"] for car in response.json()["results"]}
    assert ids == set(live_cars().exclude(status=CarAdPage.Status.SOLD).values_list("pk", flat=True))
    first = response.json()["results"][0]
    assert {"make", "model", "price", "status", "url", "payment_types", "features"} <= set(first)
    assert first["make"]["name"]


def test_unpublished_ads_and_other_sites_are_not_listed(client):
    car = live_cars().exclude(status=CarAdPage.Status.SOLD).first()
    car.unpublish()
    ids = {row["id"] for row in get(client, "cars/", CARS, page_size=100).json()["results"]}
    assert car.pk not in ids
    assert get(client, f"cars/{car.pk}/", CARS).status_code == 404
    assert get(client, "cars/", REALTY).json()["results"] == []


def test_filters_sorting_and_the_cursor(client):
    make = live_cars().exclude(status=CarAdPage.Status.SOLD).first().make
    rows = get(client, "cars/", CARS, make=make.pk, page_size=100).json()["results"]
    assert rows and {row["make"]["id"] for row in rows} == {make.pk}

    first = get(client, "cars/", CARS, sort="price", page_size=2).json()
    prices = [row["price"] for row in first["results"]]
    assert prices == sorted(prices)
    second = client.get(first["next"], HTTP_HOST=CARS).json()
    assert second["results"][0]["price"] >= prices[-1]
    assert not {row["id"] for row in second["results"]} & {row["id"] for row in first["results"]}


def test_bad_filter_and_sort_are_400_in_the_one_error_shape(client):
    response = get(client, "cars/", CARS, year_from="soon", sort="cheapest")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["status"] == 400 and error["code"] == "invalid"
    assert error["message"] == "Проверьте данные запроса."
    assert "sort" in error["fields"] or "year_from" in error["fields"]


def test_errors_follow_accept_language(client):
    response = client.get(BASE + "cars/999999999/", HTTP_HOST=CARS, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert response.json()["error"]["message"] == "Not found."
    ru = client.get(BASE + "cars/999999999/", HTTP_HOST=CARS, HTTP_ACCEPT_LANGUAGE="ru")
    assert ru.json()["error"]["message"] == "Страница не найдена."
    assert ru["Content-Language"] == "ru"


def test_full_text_search(client):
    car = live_cars().exclude(status=CarAdPage.Status.SOLD).first()
    CarAdPage.objects.filter(pk=car.pk).update(description="Редкий цвет «фиолетовый хамелеон».")
    car.refresh_from_db()
    from wagtail.search.backends import get_search_backend

    get_search_backend().add(car)
    rows = get(client, "cars/", CARS, search="хамелеон").json()["results"]
    assert [row["id"] for row in rows] == [car.pk]


def test_car_list_queries_do_not_grow_with_rows(client, django_assert_max_num_queries):
    get(client, "cars/", CARS, page_size=1)  # warm the site and reference caches
    with django_assert_max_num_queries(16) as one:
        assert len(get(client, "cars/", CARS, page_size=1).json()["results"]) == 1
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(get(client, "cars/", CARS, page_size=100).json()["results"]) > 3


@pytest.mark.parametrize(
    ("path", "host", "model"),
    [("complexes/", REALTY, ResidentialComplexPage), ("apartments/", REALTY, ApartmentPage)],
)
def test_realty_lists_and_their_query_count(client, django_assert_max_num_queries, path, host, model):
    get(client, path, host, page_size=1)
    with django_assert_max_num_queries(10) as one:
        assert get(client, path, host, page_size=1).status_code == 200
    with django_assert_max_num_queries(len(one.captured_queries)):
        many = get(client, path, host, page_size=100).json()["results"]
    assert len(many) > 1
    first = many[0]
    assert model.objects.live().filter(pk=first["id"]).exists()
    assert get(client, f"{path}{first['id']}/", host).json()["id"] == first["id"]


def test_rentals_free_on_dates_and_availability(client, django_assert_max_num_queries):
    rentals = get(client, "rentals/", RENTALS, page_size=100).json()["results"]
    assert len(rentals) > 1
    rental = RentalPropertyPage.objects.get(pk=rentals[0]["id"])
    check_in = timezone.localdate() + timedelta(days=400)
    check_out = check_in + timedelta(days=3)
    BlockedPeriod.objects.create(rental=rental, start=check_in + timedelta(days=1), end=check_in + timedelta(days=2))
    dates = {"check_in": check_in.isoformat(), "check_out": check_out.isoformat(), "page_size": 100}
    with django_assert_max_num_queries(10):
        free = {row["id"] for row in get(client, "rentals/", RENTALS, **dates).json()["results"]}
    assert rental.pk not in free and free

    calendar = get(client, f"rentals/{rental.pk}/availability/", RENTALS, start=check_in, end=check_out).json()
    assert calendar["available"] is False
    assert calendar["busy"] == [{"date": (check_in + timedelta(days=1)).isoformat(), "state": "blocked"}]
    wrong = get(client, f"rentals/{rental.pk}/availability/", RENTALS, start=check_in, end=date(2000, 1, 1))
    assert wrong.status_code == 400 and "end" in wrong.json()["error"]["fields"]


def test_schema_and_docs_page_serve_our_own_static_files(client):
    schema = client.get(BASE + "schema/", HTTP_HOST=CARS)
    assert schema.status_code == 200
    assert b"/api/v1/cars/" in schema.content
    docs = client.get(BASE, HTTP_HOST=CARS)
    assert docs.status_code == 200
    page = docs.content.decode()
    assert "swagger-ui" in page and "cdn" not in page.lower() and "<script>" not in page  # no inline script
    scripts = re.findall(r'<script src="([^"]+)"', page)
    assert any("drf_spectacular_sidecar/swagger-ui-dist" in src for src in scripts)
    init = client.get(html.unescape(scripts[-1]), HTTP_HOST=CARS)
    assert init.status_code == 200 and "/api/v1/schema/" in init.content.decode()
    assert "script-src 'self' 'nonce-" in docs["Content-Security-Policy"]
