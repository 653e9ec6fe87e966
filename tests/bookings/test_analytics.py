"""Booking analytics and the booking list's filters: figures, scopes per role, bad input, exports, query counts.

Every test gets staff and properties shaped like the demo's (`staff_and_properties`): realtor1 owns properties
1 and 2, realtor2 3 and 4, both in «Тест Комфорт» whose admin is agency-admin; realtor3 owns 5 and 6 in
«Тест Есиль»; 7 to 12 are nobody's."""

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from accounts import roles
from agencies.models import Agency
from bookings.admin.filters import BookingFilterSet
from bookings.analytics import BookingAnalytics, Grouping, Period, Ranking
from bookings.lifecycle import cancel_by_guest, cancel_by_staff
from bookings.models import (
    Booking,
    BookingStatus,
    BookingStatusChange,
    Payment,
    PaymentStatus,
    RentalPricing,
)
from bookings.pricing import nights_of
from catalog.models import RentalPropertyPage
from tests.bookings.factories import (
    AgencyFactory,
    BlockedPeriodFactory,
    BookingFactory,
    PriceOverrideFactory,
    RentalFactory,
    UserFactory,
    rentals_index,
)
from tests.utils import parse_html

pytestmark = pytest.mark.django_db

MONDAY = date(2028, 1, 3)  # two whole weeks: MONDAY .. MONDAY + 13
TWO_WEEKS = Period(start=MONDAY, end=MONDAY + timedelta(days=13), grouping=Grouping.WEEK)
URL = "/admin/bookings/analytics/"
PERIOD_QUERY = {"date_from": "2028-01-03", "date_to": "2028-01-16", "grouping": "week"}


AGENCIES = ("Тест Комфорт", "Тест Есиль")
STAFF = {
    # key: first name, last name, role, agency, numbers of the properties they own
    "realtor1": ("Айгерим", "Сапарова", roles.REALTOR, "Тест Комфорт", (1, 2)),
    "realtor2": ("Ерлан", "Жумабаев", roles.REALTOR, "Тест Комфорт", (3, 4)),
    "realtor3": ("Дана", "Ким", roles.REALTOR, "Тест Есиль", (5, 6)),
    "agency-admin": ("Марат", "Оспанов", roles.AGENCY_ADMIN, "Тест Комфорт", ()),
    "manager": ("Михаил", "Орлов", roles.MANAGER, None, ()),
    "editor": ("Елена", "Воронцова", roles.EDITOR, None, ()),
}
UNOWNED = range(7, 13)


@pytest.fixture(scope="module")
def module_staff_and_properties(django_db_setup, django_db_blocker):
    """Built once for the module's tests (on each xdist worker that runs some), rolled back after them; each test
    runs in a savepoint on top, as usual."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_staff_and_properties()
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def staff_and_properties(module_staff_and_properties, db):
    return module_staff_and_properties


def build_staff_and_properties():
    """Two agencies with their staff and properties, six properties outside them, and a manager and an editor."""
    agencies = {name: AgencyFactory(name=name) for name in AGENCIES}
    for key, (first_name, last_name, role, agency, numbers) in STAFF.items():
        user = UserFactory(
            email=f"{key}@example.com",
            first_name=first_name,
            last_name=last_name,
            role=role,
            role__agency=agencies.get(agency),
        )
        for number in numbers:
            RentalFactory(parent=agencies[agency].root_page, owner=user, slug=f"rental-{number}")
    for number in UNOWNED:
        RentalFactory(slug=f"rental-{number}")
    return agencies


def staff(name):
    return get_user_model().objects.get(email=f"{name}@example.com")


def rental(number):
    return RentalPropertyPage.objects.descendant_of(rentals_index()).get(slug=f"rental-{number}")


@pytest.fixture
def guest():
    return get_user_model().objects.create_user(
        email="client@example.com", password="x-Long-enough-1", first_name="Жанна", last_name="Омарова"
    )


def titles(table):
    return {row[0] for row in table.rows}


# -- the figures -----------------------------------------------------------------------------------------------------


def test_period_is_cut_into_days_weeks_and_months_within_its_bounds():
    weeks = Period(start=date(2028, 1, 5), end=date(2028, 1, 16), grouping=Grouping.WEEK).buckets()
    assert [(b.key, b.start, b.stop, b.nights) for b in weeks] == [
        (date(2028, 1, 3), date(2028, 1, 5), date(2028, 1, 10), 5),
        (date(2028, 1, 10), date(2028, 1, 10), date(2028, 1, 17), 7),
    ]
    months = Period(start=date(2028, 1, 20), end=date(2028, 3, 9), grouping=Grouping.MONTH).buckets()
    assert [(b.key, b.nights) for b in months] == [
        (date(2028, 1, 1), 12),
        (date(2028, 2, 1), 29),
        (date(2028, 3, 1), 9),
    ]
    assert len(Period(start=MONDAY, end=MONDAY + timedelta(days=9), grouping=Grouping.DAY).buckets()) == 10


def test_revenue_counts_paid_stays_by_check_in_with_commission_fee_and_payout(admin_user, guest):
    first = rental(1)
    BookingFactory(rental=first, guest=guest, check_in=MONDAY, for_nights=2, total=40000, paid=True)
    BookingFactory(
        rental=first,
        guest=guest,
        check_in=MONDAY + timedelta(days=3),
        for_nights=3,
        status=BookingStatus.COMPLETED,
        total=60000,
        paid=True,
    )
    BookingFactory(
        rental=first,
        guest=guest,
        check_in=MONDAY + timedelta(days=8),
        for_nights=2,
        status=BookingStatus.CHECKED_IN,
        total=50000,
        paid=True,
    )
    BookingFactory(
        rental=first,
        guest=guest,
        check_in=MONDAY + timedelta(days=10),
        for_nights=2,
        status=BookingStatus.CANCELLED,
        total=99000,
    )
    BookingFactory(
        rental=first,
        guest=guest,
        check_in=MONDAY + timedelta(days=12),
        for_nights=1,
        status=BookingStatus.HOLD,
        total=77000,
    )
    BookingFactory(
        rental=first, guest=guest, check_in=MONDAY - timedelta(days=2), for_nights=2, total=88000, paid=True
    )  # checks in before the period
    table = BookingAnalytics(admin_user, TWO_WEEKS).revenue()

    week1, week2, total = table.rows
    assert week1 == ["03.01–09.01", 2, Decimal("100000"), Decimal("10000"), Decimal("2500"), Decimal("90000"), 20000]
    assert week2 == ["10.01–16.01", 1, Decimal("50000"), Decimal("5000"), Decimal("1250"), Decimal("45000"), 25000]
    assert total[1:6] == [3, Decimal("150000"), Decimal("15000"), Decimal("3750"), Decimal("135000")]
    assert total[6] == Decimal("21429")  # 150000 ₸ for 7 nights


def test_refunds_reduce_commission_and_payout(admin_user, guest):
    booking = BookingFactory(rental=rental(1), guest=guest, check_in=MONDAY, for_nights=2, total=40000, paid=True)
    Payment.objects.filter(booking=booking).update(
        refunded_amount=Decimal("10000"), status=PaymentStatus.PARTIALLY_REFUNDED, commission=Decimal("3000")
    )
    total = BookingAnalytics(admin_user, TWO_WEEKS).revenue().rows[-1]
    assert total[2:6] == [Decimal("40000"), Decimal("3000"), Decimal("1000"), Decimal("27000")]


def test_top_lists_rank_by_revenue_and_count_bookings(admin_user, guest):
    other_guest = UserFactory(email="second@example.com")
    BookingFactory(rental=rental(1), guest=guest, check_in=MONDAY, for_nights=2, total=30000, paid=True)
    BookingFactory(
        rental=rental(1),
        guest=guest,
        check_in=MONDAY + timedelta(days=2),
        for_nights=2,
        total=30000,
        paid=True,
    )
    BookingFactory(rental=rental(3), guest=other_guest, check_in=MONDAY, for_nights=3, total=70000, paid=True)
    BookingFactory(rental=rental(5), guest=other_guest, check_in=MONDAY, for_nights=1, total=10000, paid=True)
    report = BookingAnalytics(admin_user, TWO_WEEKS)

    assert report.top_properties().rows == [
        [rental(3).title, Decimal("70000"), 1],
        [rental(1).title, Decimal("60000"), 2],
        [rental(5).title, Decimal("10000"), 1],
    ]
    assert report.top_clients().rows == [
        ["second@example.com", "second@example.com", Decimal("80000"), 2],
        ["Жанна Омарова", "client@example.com", Decimal("60000"), 2],
    ]
    assert report.top_realtors().rows == [
        ["Ерлан Жумабаев", "realtor2@example.com", Decimal("70000"), 1],
        ["Айгерим Сапарова", "realtor1@example.com", Decimal("60000"), 2],
        ["Дана Ким", "realtor3@example.com", Decimal("10000"), 1],
    ]
    assert report.top_agencies().rows == [
        ["Тест Комфорт", Decimal("130000"), 3],
        ["Тест Есиль", Decimal("10000"), 1],
    ]
    by_count = BookingAnalytics(admin_user, TWO_WEEKS, ranking=Ranking.COUNT)
    assert [row[0] for row in by_count.top_properties().rows] == [rental(1).title, rental(3).title, rental(5).title]


def test_occupancy_leaves_closed_nights_out_of_the_available_ones(admin_user, guest):
    home = rental(1)
    BookingFactory(
        rental=home, guest=guest, check_in=MONDAY - timedelta(days=1), for_nights=2, paid=True
    )  # one night in the period
    BookingFactory(
        rental=home,
        guest=guest,
        check_in=MONDAY + timedelta(days=4),
        for_nights=2,
        status=BookingStatus.COMPLETED,
        paid=True,
    )
    BookingFactory(
        rental=home, guest=guest, check_in=MONDAY + timedelta(days=2), for_nights=1, status=BookingStatus.CANCELLED
    )  # frees its night
    BlockedPeriodFactory(rental=home, start=MONDAY + timedelta(days=7), end=MONDAY + timedelta(days=14))
    report = BookingAnalytics(admin_user, TWO_WEEKS, rental=home)

    occupancy = report.occupancy()
    assert occupancy.rows == [
        [home.title, 14, 7, 7, 3, Decimal("42.9")],
        ["Все объекты", 14, 7, 7, 3, Decimal("42.9")],
    ]
    assert report.heat_map().rows == [[home.title, Decimal("42.9"), None]]  # the second week is all closed

    by_day = BookingAnalytics(admin_user, Period(MONDAY, MONDAY + timedelta(days=6), Grouping.DAY), rental=home)
    assert by_day.heat_map().rows[0][1:] == [Decimal(100), 0, 0, 0, Decimal(100), Decimal(100), 0]


def test_cancellation_reasons_say_who_cancelled(guest):
    realtor1 = staff("realtor1")
    bookings = [
        BookingFactory(rental=rental(1), guest=guest, check_in=MONDAY + timedelta(days=2 * n), for_nights=2, paid=True)
        for n in range(3)
    ]
    cancel_by_guest(bookings[0], guest)
    cancel_by_staff(bookings[1], realtor1, "Протечка в ванной")
    cancel_by_staff(bookings[2], realtor1, "Протечка в ванной")
    table = BookingAnalytics(realtor1, TWO_WEEKS).cancellations()
    assert table.rows == [
        ["Риелтор или администратор", "Протечка в ванной", 2, Decimal("66.7")],
        ["Гость", "Отменено гостем", 1, Decimal("33.3")],
    ]
    assert BookingStatusChange.objects.filter(to_status=BookingStatus.CANCELLED).count() == 3


def test_price_history_follows_the_price_calendar(admin_user):
    home = rental(1)
    RentalPricing.objects.update_or_create(rental=home, defaults={"weekend_price": home.price_per_night + 5000})
    PriceOverrideFactory(rental=home, date=MONDAY + timedelta(days=4), price=90000)  # a Friday
    PriceOverrideFactory(rental=home, date=MONDAY + timedelta(days=9), price=30000)  # a Wednesday
    table = BookingAnalytics(admin_user, TWO_WEEKS, rental=home).price_history()
    expected = [
        (sum(night.price for night in nights_of(home, start, start + timedelta(days=7))) / 7).quantize(Decimal(1))
        for start in (MONDAY, MONDAY + timedelta(days=7))
    ]
    assert table.rows == [[home.title, *expected]]
    assert expected[0] != expected[1]


# -- scopes ----------------------------------------------------------------------------------------------------------


@pytest.fixture
def everywhere(guest):
    """A paid stay on each of the staff's six properties."""
    return {
        number: BookingFactory(
            rental=rental(number), guest=guest, check_in=MONDAY, for_nights=2, total=10000 * number, paid=True
        )
        for number in range(1, 7)
    }


@pytest.mark.parametrize(
    ("who", "numbers", "agencies"),
    [
        ("realtor1", {1, 2}, {"Тест Комфорт"}),
        ("realtor3", {5, 6}, {"Тест Есиль"}),
        ("agency-admin", {1, 2, 3, 4}, {"Тест Комфорт"}),
    ],
)
def test_each_role_sees_its_own_properties_only(everywhere, who, numbers, agencies):
    report = BookingAnalytics(staff(who), TWO_WEEKS)
    names = {rental(number).title for number in numbers}
    assert titles(report.occupancy()) == names | {"Все объекты"}
    assert titles(report.top_properties()) <= names
    assert titles(report.top_agencies()) == agencies
    assert report.revenue().rows[-1][2] == sum(Decimal(10000 * number) for number in numbers)


def test_superuser_sees_every_property(everywhere, admin_user):
    report = BookingAnalytics(admin_user, TWO_WEEKS)
    assert report.revenue().rows[-1][2] == Decimal(210000)
    assert {rental(number).title for number in range(1, 8)} <= titles(report.occupancy())


@pytest.mark.parametrize(
    ("who", "status"),
    [("realtor1", 200), ("agency-admin", 200), ("superuser", 200), ("manager", 403), ("editor", 403)],
)
def test_only_those_who_manage_rentals_open_the_page(client, admin_user, who, status):
    client.force_login(admin_user if who == "superuser" else staff(who))
    response = client.get(URL, PERIOD_QUERY)
    assert response.status_code == status
    page = response.content.decode()
    assert ("Доходы по периодам" in page) == (status == 200)
    assert ("открыта риелторам, администраторам агентств" in page) == (status == 403)
    assert client.get(URL + "revenue.csv", PERIOD_QUERY).status_code == status


def test_a_guest_is_sent_to_sign_in(client, guest):
    assert client.get(URL).status_code == 302
    client.force_login(guest)
    assert client.get(URL).status_code in (302, 403)
    assert client.get(URL + "revenue.csv").status_code in (302, 403)


def test_the_menu_offers_analytics_to_a_realtor_not_to_an_editor(client):
    client.force_login(staff("realtor1"))
    assert URL in client.get("/admin/").content.decode()
    client.force_login(staff("editor"))
    assert URL not in client.get("/admin/").content.decode()


# -- the page and its form -------------------------------------------------------------------------------------------


def test_page_shows_the_default_period_and_every_section(client, everywhere):
    client.force_login(staff("agency-admin"))
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    for title in ("Доходы", "Топ-5 объектов", "Топ-5 агентств", "Загрузка объектов", "Тепловая карта", "Причины отмен"):
        assert title in html
    assert "закрытые риелтором даты" in html  # the page says how closed nights count
    assert rental(5).title not in html
    form = response.context["form"]
    assert form.cleaned_data["grouping"] == Grouping.WEEK
    assert form.cleaned_data["date_from"] < form.cleaned_data["date_to"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"date_from": "2028-02-01", "date_to": "2028-01-01"}, "Дата «по» не может быть раньше даты «с»."),
        ({"date_from": "вчера"}, "Неверная дата."),
        ({"date_from": "2028-01-01", "date_to": "2028-06-01", "grouping": "day"}, "По дням можно смотреть"),
        ({"date_from": "2020-01-01", "date_to": "2028-06-01"}, "не длиннее двух лет"),
        ({"grouping": "year"}, "Выберите группировку"),
        ({"ranking": "rating"}, "Выберите, по чему строить топ-5"),
    ],
)
def test_bad_input_gets_a_clear_message(client, query, message):
    client.force_login(staff("realtor1"))
    response = client.get(URL, query)
    assert response.status_code == 400
    assert message in response.content.decode()
    export = client.get(URL + "revenue.xlsx", query)
    assert export.status_code == 400
    assert message in export.content.decode()


def test_another_agencys_property_cannot_be_chosen(client, everywhere):
    client.force_login(staff("agency-admin"))
    response = client.get(URL, {**PERIOD_QUERY, "rental": rental(5).pk})
    assert response.status_code == 400
    assert "Такого объекта нет среди ваших." in response.content.decode()
    assert client.get(URL + "occupancy.csv", {**PERIOD_QUERY, "rental": rental(5).pk}).status_code == 400
    own = client.get(URL, {**PERIOD_QUERY, "rental": rental(3).pk})
    assert own.status_code == 200
    assert titles(own.context["tables"]["occupancy"]) == {rental(3).title, "Все объекты"}


def grow(guest, folder, count):
    """More bookings on more properties of the agency: `count` stays on each of `count` extra properties."""
    for number in range(7, 7 + count):
        page = rental(number)
        page.move(folder, pos="last-child")
        for index in range(count):
            BookingFactory(
                rental=rental(number), guest=guest, check_in=MONDAY + timedelta(days=2 * index), for_nights=2, paid=True
            )


def test_page_query_count_does_not_grow_with_bookings_or_properties(client, guest):
    admin = staff("agency-admin")
    client.force_login(admin)
    BookingFactory(rental=rental(1), guest=guest, check_in=MONDAY, for_nights=2, paid=True)
    client.get(URL, PERIOD_QUERY)  # warm the caches of the admin's menu
    with CaptureQueriesContext(connection) as small:
        assert client.get(URL, PERIOD_QUERY).status_code == 200
    grow(guest, Agency.objects.get(name="Тест Комфорт").root_page, 6)
    with CaptureQueriesContext(connection) as large:
        response = client.get(URL, PERIOD_QUERY)
    assert len(titles(response.context["tables"]["occupancy"])) == 4 + 6 + 1
    assert response.context["tables"]["revenue"].rows[-1][1] == 1 + 36
    assert len(large) <= len(small), f"{len(small)} queries for 1 booking, {len(large)} for 37"


def test_export_query_count_does_not_grow(client, guest, django_assert_max_num_queries):
    client.force_login(staff("agency-admin"))
    BookingFactory(rental=rental(1), guest=guest, check_in=MONDAY, for_nights=2, paid=True)
    with CaptureQueriesContext(connection) as small:
        client.get(URL + "export.xlsx", PERIOD_QUERY)
    grow(guest, Agency.objects.get(name="Тест Комфорт").root_page, 5)
    with django_assert_max_num_queries(len(small)):
        assert client.get(URL + "export.xlsx", PERIOD_QUERY).status_code == 200


# -- exports ---------------------------------------------------------------------------------------------------------


def test_csv_export_has_the_tables_rows(client, everywhere):
    client.force_login(staff("realtor1"))
    response = client.get(URL + "revenue.csv", PERIOD_QUERY)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="analytics-revenue-2028-01-03-2028-01-16.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Период", "Бронирований", "Сумма бронирований, ₸"]
    assert rows[1][:4] == ["03.01–09.01", "2", "30000.00", "3000.00"]
    assert rows[-1][:3] == ["Итого", "2", "30000.00"]


def test_xlsx_export_keeps_numbers_and_the_scope(client, everywhere):
    client.force_login(staff("realtor3"))
    response = client.get(URL + "top_properties.xlsx", PERIOD_QUERY)
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="analytics-top-properties-2028-01-03-2028-01-16.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Топ-5 объектов"
    assert [cell.value for cell in sheet[1]] == ["Объект", "Доход, ₸", "Бронирований"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert rows == [[rental(6).title, 60000, 1], [rental(5).title, 50000, 1]]


def test_workbook_export_has_a_sheet_per_table(client, everywhere):
    client.force_login(staff("agency-admin"))
    response = client.get(URL + "export.xlsx", PERIOD_QUERY)
    workbook = load_workbook(io.BytesIO(response.content))
    assert len(workbook.sheetnames) == len(BookingAnalytics.TABLES)
    heat_map = workbook["Тепловая карта занятости"]
    assert [cell.value for cell in heat_map[1]] == ["Объект", "03.01–09.01", "10.01–16.01"]
    assert heat_map.max_row == 1 + 4  # the agency's four properties, however many the page would show
    assert rental(5).title not in {row[0].value for row in heat_map.iter_rows()}


def test_unknown_table_or_format_is_a_404(client):
    client.force_login(staff("realtor1"))
    assert client.get(URL + "salaries.csv").status_code == 404
    assert client.get(URL + "revenue.pdf").status_code == 404
    assert client.get(URL + "export.csv").status_code == 404


# -- the booking list's filters --------------------------------------------------------------------------------------


def filterset(user, data=None):
    request = type("Request", (), {"user": user})()
    return BookingFilterSet(data or {}, queryset=Booking.objects.all(), request=request)


@pytest.mark.parametrize(
    ("who", "numbers"),
    [("realtor1", {1, 2}), ("realtor2", {3, 4}), ("realtor3", {5, 6}), ("agency-admin", {1, 2, 3, 4})],
)
def test_property_choices_are_the_users_own(who, numbers):
    choices = set(filterset(staff(who)).form.fields["rental"].queryset)
    assert choices == {rental(number) for number in numbers}


def test_superuser_chooses_among_all_properties(admin_user):
    choices = filterset(admin_user).form.fields["rental"].queryset
    assert choices.count() == RentalPropertyPage.objects.count()


def test_filters_by_status_stay_dates_check_in_and_property(everywhere, guest):
    admin = staff("agency-admin")
    later = BookingFactory(
        rental=rental(2),
        guest=guest,
        check_in=MONDAY + timedelta(days=10),
        for_nights=3,
        status=BookingStatus.COMPLETED,
        paid=True,
    )

    def found(data):
        filters = filterset(admin, data)
        assert filters.is_valid(), filters.errors
        return set(filters.qs)

    assert found({"rental": rental(2).pk}) == {everywhere[2], later}
    assert found({"status": ["COMPLETED"]}) == {later}
    # a stay is found by any night it has in the period: `later` has the nights of the 13th to the 15th
    assert found({"stay_from": "2028-01-15", "stay_to": "2028-01-20"}) == {later}
    assert found({"stay_from": "2028-01-16", "stay_to": "2028-01-20"}) == set()
    assert found({"check_in_from": "2028-01-03", "check_in_to": "2028-01-03", "rental": rental(2).pk}) == {
        everywhere[2]
    }


def test_admin_list_filtered_by_another_agencys_property_shows_nothing_of_it(client, everywhere):
    client.force_login(staff("agency-admin"))
    response = client.get("/admin/snippets/bookings/booking/", {"rental": rental(5).pk})
    assert response.status_code == 200
    assert not response.context["filters"].is_valid()
    shown = {booking.pk for booking in response.context["object_list"]}
    assert shown == {everywhere[number].pk for number in (1, 2, 3, 4)}
    page = response.content.decode()
    assert rental(3).title in page  # a choice of the filter, and a row
    assert rental(5).title not in page  # neither a choice nor a row
    own = client.get("/admin/snippets/bookings/booking/", {"rental": rental(3).pk})
    assert {booking.pk for booking in own.context["object_list"]} == {everywhere[3].pk}


def test_the_date_fields_get_wagtails_date_picker_and_its_script(client, admin_user):
    """AdminDateInput calls initDateChooser(), defined by the script in its media: the page must load it."""
    client.force_login(admin_user)
    page = parse_html(client.get(URL, PERIOD_QUERY))
    scripts = [script.get("src", "") for script in page.select("script")]
    assert any("wagtailadmin/js/date-time-chooser.js" in src for src in scripts)
    inits = " ".join(script.get_text() for script in page.select("script:not([src])"))
    assert "initDateChooser" in inits
