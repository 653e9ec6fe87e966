"""The rental search by dates (issue 5.1; seed 003, scenario 1 and «Проверка доступности»)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bookings.models import BlockReason
from catalog.filters.rentals import RentalFilterSet
from catalog.models import PropertyType, RentalPropertyPage
from tests.bookings.factories import HOST, BlockedPeriodFactory, BookingFactory, RentalFactory
from tests.utils import parse_html

pytestmark = pytest.mark.django_db


@pytest.fixture
def index(rental):
    """The rentals section of the tests' site: `rental`, three more flats and a house."""
    RentalFactory.create_batch(3)
    RentalFactory(property_type=PropertyType.objects.get(slug="chastnyy-dom"), rooms=4)
    return rental.get_parent().specific


def search(client, index, **params):
    response = client.get(index.url, params, HTTP_HOST=HOST)
    assert response.status_code == 200
    return response


def found(response):
    return {page.pk for page in response.context["listings"].paginator.object_list}


def all_active(index):
    active = RentalPropertyPage.objects.live().descendant_of(index).filter(is_active=True)
    return set(active.values_list("pk", flat=True))


def test_a_property_booked_on_any_night_of_the_stay_is_left_out(client, index, rental, guest, future):
    BookingFactory(rental=rental, guest=guest, check_in=future(2), check_out=future(5))
    result = found(search(client, index, check_in=future(4), check_out=future(8)))
    assert result == all_active(index) - {rental.pk}


def test_a_closed_property_is_left_out(client, index, rental, future):
    BlockedPeriodFactory(rental=rental, start=future(0), end=future(10), reason=BlockReason.PERSONAL)
    assert rental.pk not in found(search(client, index, check_in=future(9), check_out=future(12)))


def test_expired_holds_and_cancelled_stays_do_not_leave_a_property_out(client, index, rental, guest, future):
    BookingFactory(rental=rental, guest=guest, check_in=future(0), check_out=future(3), hold_ran_out=True)
    BookingFactory(rental=rental, guest=guest, check_in=future(3), check_out=future(6), cancelled=True)
    BookingFactory(rental=rental, guest=guest, check_in=future(6), check_out=future(7), hold=True)
    assert rental.pk in found(search(client, index, check_in=future(0), check_out=future(6)))
    assert rental.pk not in found(search(client, index, check_in=future(5), check_out=future(7)))


def test_back_to_back_stays_are_allowed(client, index, rental, guest, future):
    BookingFactory(rental=rental, guest=guest, check_in=future(3), check_out=future(6))
    BlockedPeriodFactory(rental=rental, start=future(8), end=future(10), reason=BlockReason.REPAIRS)
    assert rental.pk in found(search(client, index, check_in=future(0), check_out=future(3)))  # leave as they come
    assert rental.pk in found(search(client, index, check_in=future(6), check_out=future(8)))  # between the two
    assert rental.pk in found(search(client, index, check_in=future(10), check_out=future(12)))


def test_dates_combine_with_other_filters(client, index, rental, guest, future):
    BookingFactory(rental=rental, guest=guest, check_in=future(0), check_out=future(2))
    kind = rental.property_type.slug
    result = found(search(client, index, property_type=kind, check_in=future(0), check_out=future(1)))
    same_kind = set(
        RentalPropertyPage.objects.live()
        .descendant_of(index)
        .filter(is_active=True, property_type=rental.property_type)
        .values_list("pk", flat=True)
    )
    assert result == same_kind - {rental.pk}


@pytest.mark.parametrize(
    ("start", "end", "field", "message"),
    [
        (-300, -298, "check_in", "Дата заезда уже прошла."),
        (5, 2, "check_out", "Дата выезда должна быть позже даты заезда."),
        (5, 5, "check_out", "Дата выезда должна быть позже даты заезда."),
        (0, 120, "check_out", "Можно забронировать не больше 90 ночей подряд."),
        (0, None, "check_out", "Укажите обе даты: заезда и выезда."),
        (None, 3, "check_in", "Укажите обе даты: заезда и выезда."),
    ],
)
def test_bad_dates_are_explained_and_leave_the_search_unfiltered(
    client, index, rental, guest, future, start, end, field, message
):
    BookingFactory(rental=rental, guest=guest, check_in=future(0), check_out=future(200))
    params = {}
    if start is not None:
        params["check_in"] = future(start)
    if end is not None:
        params["check_out"] = future(end)
    response = search(client, index, **params)
    assert response.context["filter"].form.errors[field] == [message]
    assert message in parse_html(response).select_one(".filter-form").get_text()
    assert found(response) == all_active(index)


def test_a_date_that_is_not_a_date_is_refused(client, index):
    response = search(client, index, check_in="завтра", check_out="2030-02-30")
    errors = response.context["filter"].form.errors
    assert set(errors) == {"check_in", "check_out"}
    assert found(response) == all_active(index)


def test_the_date_filter_is_one_query_with_not_exists(index, future):
    params = {"check_in": future(0).isoformat(), "check_out": future(3).isoformat()}
    listings = index.listings()
    filterset = RentalFilterSet(params, queryset=listings)
    with CaptureQueriesContext(connection) as queries:
        count = filterset.qs.count()
    assert count > 0
    [sql] = [query["sql"] for query in queries]
    assert sql.count("NOT EXISTS") == 2, sql  # stays and closed dates


def count_queries(path, params):
    client = Client()
    client.get(path, params, HTTP_HOST=HOST)  # warm the caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params, HTTP_HOST=HOST)
    assert response.status_code == 200
    return len(queries)


def test_search_queries_do_not_grow_with_bookings(index, guest, future):
    RentalFactory.create_batch(10)  # more than a page of results
    params = {"check_in": future(10), "check_out": future(12), "sort": "price"}
    few = count_queries(index.url, params)
    for page in RentalPropertyPage.objects.child_of(index):
        BookingFactory(rental=page, guest=guest, check_in=future(0), check_out=future(10))
        BookingFactory(rental=page, guest=guest, check_in=future(12), check_out=future(20))
    assert count_queries(index.url, params) == few
