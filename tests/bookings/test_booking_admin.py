"""Bookings in the admin: each manager sees the bookings of the rentals they may edit, no more."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from accounts import roles
from bookings.models import Booking
from bookings.permissions import bookings_visible_to, can_manage_booking, can_reveal_door_codes
from tests.bookings.conftest import let_add_pages_under
from tests.bookings.factories import AgencyFactory, BookingFactory, RentalFactory, UserFactory
from tests.utils import parse_html

pytestmark = pytest.mark.django_db


def realtor(email, index_page):
    user = get_user_model().objects.create_user(email=email, password="x-Long-enough-1")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return let_add_pages_under(user, index_page)


@pytest.fixture
def setting(rental, guest):
    owner = realtor("owner@example.com", rental.get_parent())
    other = realtor("other@example.com", rental.get_parent())
    type(rental).objects.filter(pk=rental.pk).update(owner=owner)
    rental.refresh_from_db()
    return owner, other, BookingFactory(rental=rental, guest=guest, hold=True)


def test_the_owner_sees_and_manages_the_booking_another_realtor_does_not(setting, guest, admin_user):
    owner, other, booking = setting
    assert list(bookings_visible_to(owner)) == [booking]
    assert list(bookings_visible_to(other)) == []
    assert list(bookings_visible_to(guest)) == []
    assert booking in bookings_visible_to(admin_user)
    assert can_manage_booking(owner, booking)
    assert not can_manage_booking(other, booking)
    assert not can_manage_booking(guest, booking)


def test_admin_list_and_detail_follow_the_same_rule(client, setting):
    owner, other, booking = setting
    client.force_login(owner)
    listing = client.get("/admin/snippets/bookings/booking/")
    assert listing.status_code == 200
    assert booking.guest_name in listing.content.decode()
    assert client.get(f"/admin/snippets/bookings/booking/inspect/{booking.pk}/").status_code == 200
    client.force_login(other)
    assert client.get(f"/admin/snippets/bookings/booking/inspect/{booking.pk}/").status_code in (302, 403, 404)
    assert booking.guest_name not in client.get("/admin/snippets/bookings/booking/").content.decode()


def test_nobody_edits_or_deletes_a_booking_through_the_generic_forms(client, setting, admin_user):
    _, _, booking = setting
    client.force_login(admin_user)
    for url in (
        f"/admin/snippets/bookings/booking/edit/{booking.pk}/",
        f"/admin/snippets/bookings/booking/delete/{booking.pk}/",
        "/admin/snippets/bookings/booking/add/",
    ):
        response = client.post(url, {"status": "CONFIRMED"})
        assert response.status_code in (302, 403, 404), url
    booking.refresh_from_db()
    assert booking.status == "HOLD"
    assert Booking.objects.count() == 1


def test_agency_admin_manages_the_agencys_bookings_and_codes_and_no_other(guest):
    ours, theirs = AgencyFactory(), AgencyFactory()
    admin = UserFactory(role=roles.AGENCY_ADMIN, role__agency=ours)
    realtor1 = UserFactory(role=roles.REALTOR, role__agency=ours)
    realtor2 = UserFactory(role=roles.REALTOR, role__agency=ours)
    realtor3 = UserFactory(role=roles.REALTOR, role__agency=theirs)
    mine = BookingFactory(rental=RentalFactory(parent=ours.root_page, owner=realtor1), guest=guest, hold=True)
    other = BookingFactory(rental=RentalFactory(parent=theirs.root_page, owner=realtor3), guest=guest, hold=True)
    assert set(bookings_visible_to(admin)) == {mine}
    assert can_manage_booking(admin, mine) and not can_manage_booking(admin, other)
    assert can_reveal_door_codes(admin, mine) and not can_reveal_door_codes(admin, other)
    # A realtor of the same agency sees neither: the property belongs to realtor1.
    assert not can_reveal_door_codes(realtor2, mine)
    assert list(bookings_visible_to(realtor2)) == []


def test_the_list_has_russian_headings_and_whole_tenge(client, setting):
    owner, _other, booking = setting
    Booking.objects.filter(pk=booking.pk).update(total=42000)
    client.force_login(owner)
    page = parse_html(client.get("/admin/snippets/bookings/booking/"))
    headings = [th.get_text(" ", strip=True) for th in page.select("table.listing thead th")]
    assert "Номер" in headings and "Сумма, ₸" in headings
    assert not [heading for heading in headings if "Short" in heading or "number" in heading]
    row = page.select_one("table.listing tbody tr").get_text(" ", strip=True)
    assert booking.short_number in row and "42\u00a0000" in row and "42000,00" not in row
    assert page.title.get_text(strip=True).endswith("- Платформа брендов")
