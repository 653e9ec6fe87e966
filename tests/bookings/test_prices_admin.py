"""Prices and closed dates in the admin: whoever may edit the property's page manages them, nobody else."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import GroupPagePermission

from bookings.models import BlockedPeriod, Booking, BookingStatus, PriceOverride, PromoCode, RentalPricing
from bookings.permissions import can_edit_rental, editable_rentals
from bookings.services import create_hold
from tests.bookings.factories import BlockedPeriodFactory, PriceOverrideFactory, RentalFactory
from tests.utils import parse_html

pytestmark = pytest.mark.django_db


def url(model, name, *args):
    return reverse(model.snippet_viewset.get_url_name(name), args=args)


@pytest.fixture
def other_rental(rental):
    return RentalFactory()


@pytest.fixture
def realtor(rental, django_user_model):
    """Edits the `rental` page only (a group with «change» on it), like a realtor of one listing."""
    group = Group.objects.create(name="Риелтор одного объекта")
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    GroupPagePermission.objects.create(
        group=group, page=rental, permission=Permission.objects.get(codename="change_page")
    )
    user = django_user_model.objects.create_user(email="realtor@example.com", password="realtor-pass-Long-1")
    user.groups.add(group)
    return user


@pytest.fixture
def realtor_client(client, realtor):
    client.force_login(realtor)
    return client


def test_the_rule_is_the_page_edit_permission(rental, other_rental, realtor, guest, admin_user):
    assert can_edit_rental(realtor, rental) and not can_edit_rental(realtor, other_rental)
    assert not can_edit_rental(guest, rental)
    assert list(editable_rentals(realtor)) == [rental]
    assert can_edit_rental(admin_user, other_rental)
    assert editable_rentals(admin_user).count() > 1


def test_realtor_lists_only_the_records_of_own_properties(realtor_client, rental, other_rental, future):
    mine = PriceOverrideFactory(rental=rental, date=future(0), price=Decimal("31000"))
    PriceOverrideFactory(rental=other_rental, date=future(0), price=Decimal("77000"))
    response = realtor_client.get(url(PriceOverride, "list"))
    assert response.status_code == 200
    assert list(response.context["object_list"]) == [mine]


def test_realtor_cannot_reach_another_propertys_record_by_its_id(realtor_client, other_rental, future):
    theirs = PriceOverrideFactory(rental=other_rental, date=future(0), price=Decimal("77000"))
    for name in ("edit", "delete", "history", "usage"):
        assert realtor_client.get(url(PriceOverride, name, theirs.pk)).status_code == 404, name
    denied = realtor_client.get(url(PriceOverride, "copy", theirs.pk))  # Wagtail: back to the dashboard
    assert denied.status_code == 302 and denied.url == reverse("wagtailadmin_home")
    response = realtor_client.post(url(PriceOverride, "delete", theirs.pk))
    assert response.status_code in (403, 404)
    assert PriceOverride.objects.filter(pk=theirs.pk).exists()


def test_realtor_adds_prices_for_own_property_only(realtor_client, rental, other_rental, future):
    form = parse_html(realtor_client.get(url(RentalPricing, "add")))
    assert [option["value"] for option in form.select("select[name=rental] option") if option["value"]] == [
        str(rental.pk)
    ]
    data = {"weekend_price": "30000", "week_discount_percent": "10", "month_discount_percent": "20"}
    refused = realtor_client.post(url(RentalPricing, "add"), {**data, "rental": other_rental.pk})
    assert refused.status_code == 200 and refused.context["form"].errors["rental"]
    assert not RentalPricing.objects.filter(rental=rental).exists()
    realtor_client.post(url(RentalPricing, "add"), {**data, "rental": rental.pk})
    assert RentalPricing.objects.get(rental=rental).weekend_price == 30000


def test_realtor_closes_free_dates_and_is_told_about_booked_ones(
    realtor_client, realtor, rental, guest, details, future
):
    booking = create_hold(rental_id=rental.pk, guest=guest, check_in=future(3), check_out=future(5), details=details)
    data = {"rental": rental.pk, "reason": "repairs", "note": "Покраска стен"}
    refused = realtor_client.post(url(BlockedPeriod, "add"), {**data, "start": future(4), "end": future(8)})
    assert refused.status_code == 200
    assert booking.short_number in " ".join(refused.context["form"].non_field_errors())
    assert not BlockedPeriod.objects.filter(rental=rental).exists()
    realtor_client.post(url(BlockedPeriod, "add"), {**data, "start": future(5), "end": future(8)})
    period = BlockedPeriod.objects.get(rental=rental)
    assert (period.start, period.end, period.created_by) == (future(5), future(8), realtor)
    assert Booking.objects.get().status == BookingStatus.HOLD


def test_someone_without_page_rights_gets_no_prices_admin(client, guest, django_user_model):
    staff = django_user_model.objects.create_user(email="editor@example.com", password="editor-pass-Long-1")
    staff.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    client.force_login(staff)
    for model in (RentalPricing, PriceOverride, BlockedPeriod, PromoCode):
        assert client.get(url(model, "list")).status_code in (302, 403), model
        assert client.get(url(model, "add")).status_code in (302, 403), model


def test_promo_codes_are_the_platforms(realtor_client, admin_client):
    assert realtor_client.get(url(PromoCode, "list")).status_code in (302, 403)
    data = {"code": "summer25", "kind": "percent", "value": "25", "min_total": "0", "per_user_limit": "1"}
    admin_client.post(url(PromoCode, "add"), data)
    assert PromoCode.objects.filter(code="SUMMER25").exists()
    again = admin_client.post(url(PromoCode, "add"), {**data, "code": "Summer25"})
    assert "уже есть" in " ".join(again.context["form"].errors["code"])
    assert PromoCode.objects.filter(code__iexact="summer25").count() == 1


def count_queries(client, path):
    client.get(path)  # warm the caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_admin_lists_do_not_grow_their_queries_with_records(realtor_client, admin_client, rental, future):
    for offset in range(0, 10, 2):
        BlockedPeriodFactory(rental=rental, start=future(offset), end=future(offset + 1), reason="other")
        PriceOverrideFactory(rental=rental, date=future(offset), price=Decimal("25000"))
    paths = [url(BlockedPeriod, "list"), url(PriceOverride, "list"), url(RentalPricing, "list")]
    few = [count_queries(client, path) for client in (realtor_client, admin_client) for path in paths]
    for offset in range(10, 60, 2):
        BlockedPeriodFactory(rental=rental, start=future(offset), end=future(offset + 1), reason="other")
        PriceOverrideFactory(rental=rental, date=future(offset), price=Decimal("25000"))
    many = [count_queries(client, path) for client in (realtor_client, admin_client) for path in paths]
    assert many == few
