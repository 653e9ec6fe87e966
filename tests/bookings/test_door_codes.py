"""Door codes (seed 003, scenarios 2, 5, 9, 10): encrypted at rest, off the page and its revisions,
shown to exactly the right people, every look logged with its IP and nothing written when refused."""

import base64
import io
import json
import os
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bookings.access import DoorCodesRefused, reveal_door_codes, save_door_codes
from bookings.models import BookingStatus, DoorCodeReveal, DoorCodes, RentalAccess
from bookings.permissions import can_reveal_door_codes
from core import crypto
from tests.bookings.factories import HOST, BookingFactory, UserFactory
from tests.bookings.helpers import give_to_realtor
from tests.utils import parse_html, visible_text

pytestmark = pytest.mark.django_db

CODES = DoorCodes(intercom="27#4821", flat="9173", safe="0550")
PLAINTEXTS = ("4821", "9173", "0550")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def shows_a_code(text):
    """Whether a plaintext code is in the text; UUIDs (a booking's, in links) are left out, as a random one
    may contain "0550"."""
    text = UUID.sub("", text)
    return any(code in text for code in PLAINTEXTS)


@pytest.fixture
def realtor():
    return UserFactory(email="realtor@example.com", permissions=["access_admin"])


@pytest.fixture
def other_realtor():
    return UserFactory(email="other-realtor@example.com", permissions=["access_admin"])


@pytest.fixture
def superuser():
    return UserFactory(email="root@example.com", superuser=True)


@pytest.fixture
def owned_rental(rental, realtor):
    give_to_realtor(rental, realtor)
    save_door_codes(rental, CODES, by=realtor)
    return rental


def client_for(user):
    client = Client(HTTP_HOST=HOST)
    client.force_login(user)
    return client


def reveal_url(booking):
    return reverse("bookings:door_codes", kwargs={"number": booking.number})


# -- storage --------------------------------------------------------------------------------------------------------


def test_codes_are_stored_encrypted_and_nowhere_in_the_clear(owned_rental, realtor):
    access = RentalAccess.objects.get(rental=owned_rental)
    assert access.codes_encrypted.startswith(crypto.current_key_id() + ":")
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM bookings_rentalaccess WHERE rental_id = %s", [owned_rental.pk])
        row = " ".join(str(value) for value in cursor.fetchone())
    assert not shows_a_code(row)
    assert access.decrypt_codes() == CODES
    assert "4821" not in repr(access.decrypt_codes())


def test_codes_never_reach_the_page_revisions_the_page_or_its_edit_form(owned_rental, realtor, superuser):
    revision = owned_rental.save_revision(user=realtor)
    revision.publish()
    assert not shows_a_code(json.dumps(revision.content, ensure_ascii=False, default=str))
    public = Client().get(owned_rental.url, HTTP_HOST=HOST)
    edit_form = client_for(superuser).get(reverse("wagtailadmin_pages:edit", args=[owned_rental.pk]))
    codes_page = client_for(realtor).get(reverse("bookings_admin:door_codes", args=[owned_rental.pk]))
    for response in (public, edit_form, codes_page):
        assert response.status_code == 200
        assert not shows_a_code(response.content.decode())
    assert DoorCodeReveal.objects.count() == 0  # opening the codes page is not a reveal


# -- who may see them -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "allowed"),
    [
        (BookingStatus.HOLD, False),
        (BookingStatus.CONFIRMED, True),
        (BookingStatus.CHECKED_IN, True),
        (BookingStatus.COMPLETED, False),
        (BookingStatus.CANCELLED, False),
        (BookingStatus.EXPIRED, False),
    ],
)
def test_guest_sees_codes_only_while_confirmed_or_checked_in(owned_rental, guest, future, status, allowed):
    booking = BookingFactory(rental=owned_rental, guest=guest, check_in=future(0), status=status)
    assert can_reveal_door_codes(guest, booking) is allowed
    response = client_for(guest).post(reveal_url(booking), REMOTE_ADDR="203.0.113.7")
    text = response.content.decode()
    if allowed:
        assert response.status_code == 200
        assert all(code in text for code in PLAINTEXTS)
        assert "no-store" in response["Cache-Control"]
        reveal = DoorCodeReveal.objects.get()
        assert (reveal.user, reveal.booking, reveal.rental_id, reveal.ip_address) == (
            guest,
            booking,
            owned_rental.pk,
            "203.0.113.7",
        )
    else:
        assert response.status_code == 403
        assert not shows_a_code(text)
        assert DoorCodeReveal.objects.count() == 0
        message = parse_html(response).select_one(".door-codes-message").get_text(strip=True)
        assert message.startswith("Коды доступа")
    booking.refresh_from_db()
    assert booking.status == status  # a reveal changes nothing about the booking


def test_matrix_for_the_property_side(owned_rental, guest, realtor, other_realtor, superuser, future):
    booking = BookingFactory(rental=owned_rental, guest=guest, check_in=future(0), confirmed=True)
    stranger = UserFactory(email="stranger@example.com")
    assert can_reveal_door_codes(realtor, owned_rental) and can_reveal_door_codes(realtor, booking)
    assert can_reveal_door_codes(superuser, owned_rental) and can_reveal_door_codes(superuser, booking)
    assert not can_reveal_door_codes(other_realtor, owned_rental) and not can_reveal_door_codes(other_realtor, booking)
    assert not can_reveal_door_codes(stranger, booking) and not can_reveal_door_codes(guest, owned_rental)
    realtor.is_active = False
    assert not can_reveal_door_codes(realtor, owned_rental)


def test_someone_elses_booking_is_a_404_and_logs_nothing(owned_rental, guest, future):
    booking = BookingFactory(rental=owned_rental, guest=guest, check_in=future(0), confirmed=True)
    stranger = UserFactory(email="stranger@example.com")
    assert client_for(stranger).post(reveal_url(booking)).status_code == 404
    assert client_for(stranger).get(reverse("bookings:detail", kwargs={"number": booking.number})).status_code == 404
    assert DoorCodeReveal.objects.count() == 0


def test_reveal_is_a_post_and_needs_a_login(owned_rental, guest, future):
    booking = BookingFactory(rental=owned_rental, guest=guest, check_in=future(0), confirmed=True)
    anonymous = Client(HTTP_HOST=HOST).post(reveal_url(booking))
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert client_for(guest).get(reveal_url(booking)).status_code == 405
    assert DoorCodeReveal.objects.count() == 0


def test_booking_page_offers_the_button_not_the_codes(owned_rental, guest, future):
    booking = BookingFactory(rental=owned_rental, guest=guest, check_in=future(0), confirmed=True)
    response = client_for(guest).get(reverse("bookings:detail", kwargs={"number": booking.number}))
    assert response.status_code == 200
    form = parse_html(response).select_one(f'form[action="{reveal_url(booking)}"]')
    assert form is not None and "Показать коды" in form.get_text()
    assert not shows_a_code(response.content.decode())
    assert owned_rental.realtor_phone in visible_text(response)


def test_missing_codes_say_so_and_log_nothing(rental, guest, future):
    booking = BookingFactory(rental=rental, guest=guest, check_in=future(0), confirmed=True)
    response = client_for(guest).post(reveal_url(booking))
    assert response.status_code == 200
    assert "Риелтор ещё не указал коды доступа" in visible_text(response)
    assert DoorCodeReveal.objects.count() == 0


def test_every_allowed_reveal_writes_exactly_one_line(owned_rental, guest, future):
    booking = BookingFactory(rental=owned_rental, guest=guest, check_in=future(0), checked_in=True)
    client = client_for(guest)
    for _ in range(3):
        assert client.post(reveal_url(booking)).status_code == 200
    assert DoorCodeReveal.objects.filter(user=guest, booking=booking).count() == 3


def test_service_refuses_without_writing(owned_rental, guest, other_realtor, future):
    booking = BookingFactory(rental=owned_rental, guest=guest, check_in=future(0), completed=True)
    with pytest.raises(DoorCodesRefused, match="больше не показываются"):
        reveal_door_codes(user=guest, booking=booking, ip="198.51.100.1")
    with pytest.raises(DoorCodesRefused):
        reveal_door_codes(user=other_realtor, rental=owned_rental, ip="198.51.100.1")
    with pytest.raises(DoorCodesRefused):
        save_door_codes(owned_rental, DoorCodes(flat="1111"), by=other_realtor)
    assert DoorCodeReveal.objects.count() == 0
    assert RentalAccess.objects.get(rental=owned_rental).decrypt_codes() == CODES


# -- the IP in the log ----------------------------------------------------------------------------------------------


def test_ip_comes_from_remote_addr_and_a_forged_header_is_ignored(owned_rental, guest, future):
    booking = BookingFactory(rental=owned_rental, guest=guest, check_in=future(0), confirmed=True)
    client_for(guest).post(reveal_url(booking), REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert DoorCodeReveal.objects.get().ip_address == "192.0.2.10"


@override_settings(CLIENT_IP_HEADER="HTTP_X_FORWARDED_FOR")
def test_ip_comes_from_the_trusted_proxy_header_when_configured(owned_rental, guest, future):
    booking = BookingFactory(rental=owned_rental, guest=guest, check_in=future(0), confirmed=True)
    # The proxy appends the address it saw; what the client claimed comes first and is not trusted.
    client_for(guest).post(reveal_url(booking), REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 2001:db8::5")
    assert DoorCodeReveal.objects.get().ip_address == "2001:db8::5"


# -- the property's codes page in the admin -------------------------------------------------------------------------


def codes_page(rental):
    return reverse("bookings_admin:door_codes", args=[rental.pk])


def test_realtor_sets_and_reveals_codes_in_the_admin(rental, realtor):
    give_to_realtor(rental, realtor)
    client = client_for(realtor)
    response = client.post(codes_page(rental), {"intercom": " 27#1111 ", "flat": "2222", "safe": ""})
    assert response.status_code == 302
    assert RentalAccess.objects.get(rental=rental).decrypt_codes() == DoorCodes(intercom="27#1111", flat="2222")
    assert DoorCodeReveal.objects.count() == 0
    response = client.post(codes_page(rental), {"reveal": "1"}, REMOTE_ADDR="192.0.2.44")
    assert response.status_code == 200
    assert "27#1111" in response.content.decode() and "2222" in response.content.decode()
    reveal = DoorCodeReveal.objects.get()
    assert (reveal.user, reveal.booking, reveal.rental_id) == (realtor, None, rental.pk)
    assert reveal.ip_address == "192.0.2.44"


def test_empty_or_too_long_codes_are_refused_and_change_nothing(owned_rental, realtor):
    before = RentalAccess.objects.get(rental=owned_rental).codes_encrypted
    client = client_for(realtor)
    response = client.post(codes_page(owned_rental), {"intercom": "", "flat": " ", "safe": ""})
    assert response.status_code == 400
    assert "Укажите хотя бы один код." in visible_text(response)
    response = client.post(codes_page(owned_rental), {"intercom": "1" * 33})
    assert response.status_code == 400
    assert "Код не длиннее 32 символов." in visible_text(response)
    assert RentalAccess.objects.get(rental=owned_rental).codes_encrypted == before


def refused_by_the_admin(response):
    """Wagtail turns PermissionDenied in an admin view into a redirect to the dashboard with a message."""
    return response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def test_other_realtor_is_turned_away_from_the_codes_page(owned_rental, other_realtor):
    client = client_for(other_realtor)
    assert refused_by_the_admin(client.get(codes_page(owned_rental)))
    for data in ({"reveal": "1"}, {"flat": "0000"}):
        response = client.post(codes_page(owned_rental), data)
        assert refused_by_the_admin(response)
        assert not shows_a_code(response.content.decode())
    assert DoorCodeReveal.objects.count() == 0
    assert RentalAccess.objects.get(rental=owned_rental).decrypt_codes() == CODES


def test_superuser_reveals_any_propertys_codes(owned_rental, superuser):
    response = client_for(superuser).post(codes_page(owned_rental), {"reveal": "1"})
    assert response.status_code == 200 and "9173" in response.content.decode()
    assert DoorCodeReveal.objects.get().user == superuser


def test_page_editor_shows_a_codes_button_to_the_owner_only(owned_rental, realtor, superuser):
    edit = reverse("wagtailadmin_pages:edit", args=[owned_rental.pk])
    assert codes_page(owned_rental) in client_for(superuser).get(edit).content.decode()
    explore = reverse("wagtailadmin_explore", args=[owned_rental.get_parent().pk])
    assert codes_page(owned_rental) in client_for(superuser).get(explore).content.decode()


# -- the access log in the admin ------------------------------------------------------------------------------------


def log_url(name="list", *args):
    return reverse(f"wagtailsnippets_bookings_doorcodereveal:{name}", args=args)


def test_log_is_for_the_superuser_to_read_and_nobody_to_change(owned_rental, guest, realtor, superuser, future):
    booking = BookingFactory(rental=owned_rental, guest=guest, check_in=future(0), confirmed=True)
    reveal_door_codes(user=guest, booking=booking, ip="192.0.2.1")
    line = DoorCodeReveal.objects.get()
    admin = client_for(superuser)
    response = admin.get(log_url())
    assert response.status_code == 200
    assert "192.0.2.1" in visible_text(response) and guest.email in visible_text(response)
    assert not shows_a_code(response.content.decode())
    assert admin.get(log_url("list") + f"?rental={owned_rental.pk}").status_code == 200
    for name, args in (("add", ()), ("edit", (line.pk,)), ("delete", (line.pk,))):
        assert refused_by_the_admin(admin.get(log_url(name, *args)))
        assert refused_by_the_admin(admin.post(log_url(name, *args), {}))
    bulk_delete = reverse("wagtail_bulk_action", args=["bookings", "doorcodereveal", "delete"]) + f"?id={line.pk}"
    assert refused_by_the_admin(admin.get(bulk_delete))
    assert refused_by_the_admin(admin.post(bulk_delete))
    assert refused_by_the_admin(client_for(realtor).get(log_url()))
    assert DoorCodeReveal.objects.filter(pk=line.pk).exists()
    with pytest.raises(Exception, match="append-only"):
        line.delete()


def count_log_queries(client):
    client.get(log_url())
    with CaptureQueriesContext(connection) as queries:
        assert client.get(log_url()).status_code == 200
    return len(queries)


def test_log_list_query_count_does_not_grow(owned_rental, guest, superuser, future):
    bookings = [
        BookingFactory(rental=owned_rental, guest=guest, check_in=future(3 * n), confirmed=True) for n in range(12)
    ]
    reveal_door_codes(user=guest, booking=bookings[0], ip="192.0.2.1")
    client = client_for(superuser)
    few = count_log_queries(client)
    for booking in bookings:
        reveal_door_codes(user=guest, booking=booking, ip="192.0.2.2")
    assert count_log_queries(client) == few


# -- rotation -------------------------------------------------------------------------------------------------------


def test_rotate_command_reencrypts_with_the_current_key(rental, realtor):
    give_to_realtor(rental, realtor)
    old_key, new_key = (base64.b64encode(os.urandom(32)).decode() for _ in range(2))
    with override_settings(FIELD_ENCRYPTION_KEYS=f"old:{old_key}"):
        save_door_codes(rental, CODES, by=realtor)
    assert RentalAccess.objects.get(rental=rental).codes_encrypted.startswith("old:")
    with override_settings(FIELD_ENCRYPTION_KEYS=f"new:{new_key},old:{old_key}"):
        assert RentalAccess.objects.get(rental=rental).decrypt_codes() == CODES  # old key still decrypts
        out = io.StringIO()
        call_command("rotate_encryption_key", stdout=out)
        assert "bookings.RentalAccess.codes_encrypted: re-encrypted 1, 0 already used key 'new'" in out.getvalue()
        out = io.StringIO()
        call_command("rotate_encryption_key", stdout=out)
        assert "bookings.RentalAccess.codes_encrypted: re-encrypted 0, 1 already" in out.getvalue()
    with override_settings(FIELD_ENCRYPTION_KEYS=f"new:{new_key}"):  # the old key can go now
        access = RentalAccess.objects.get(rental=rental)
        assert access.codes_encrypted.startswith("new:")
        assert access.decrypt_codes() == CODES
