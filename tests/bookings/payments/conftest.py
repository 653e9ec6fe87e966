import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from wagtail.models import Page

from bookings.payments.services import receive_webhook, start_payment
from bookings.services import create_hold
from integrations.payments import sandbox
from tests.bookings.conftest import let_add_pages_under
from tests.fakes.kaspi import MERCHANT_ID, SECRET, TOKEN, FakeKaspi


@pytest.fixture
def kaspi(settings):
    """A fake Kaspi, and the site set to pay through it."""
    with FakeKaspi() as fake:
        settings.PAYMENT_PROVIDER = "kaspi"
        settings.KASPI_API_URL = fake.url
        settings.KASPI_MERCHANT_ID = MERCHANT_ID
        settings.KASPI_TOKEN = TOKEN
        settings.KASPI_SECRET = SECRET
        yield fake


@pytest.fixture
def sandbox_provider(settings):
    settings.PAYMENT_PROVIDER = "sandbox"


@pytest.fixture
def hold(rental, guest, details, future):
    """A fresh 3-night HOLD of the test rental, made by the booking flow's own writer."""
    return create_hold(rental_id=rental.pk, guest=guest, check_in=future(0), check_out=future(3), details=details)


@pytest.fixture
def guest_client(client, guest):
    client.force_login(guest)
    return client


def open_payment(booking):
    return start_payment(booking, return_url="http://testserver/back/", webhook_url="http://testserver/hook/")


def pay_in_sandbox(booking, **kwargs):
    """Pay the booking through the sandbox, as the «Оплатить» button does; returns the payment."""
    payment = open_payment(booking)
    receive_webhook("sandbox", sandbox.signed_webhook(payment, paid=True, **kwargs))
    payment.refresh_from_db()
    booking.refresh_from_db()
    return payment


def make_admin_user(email, **extra):
    user = get_user_model().objects.create_user(email=email, password="staff-pass-Long-1", **extra)
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return user


@pytest.fixture
def realtor(rental):
    """The realtor who owns the test rental's page and may add listings where it lives (Wagtail then lets
    the owner edit it, which is what makes them its booking manager)."""
    user = let_add_pages_under(make_admin_user("realtor@example.com"), rental.get_parent())
    Page.objects.filter(pk=rental.pk).update(owner=user)
    rental.refresh_from_db()
    return user


@pytest.fixture
def other_realtor():
    return make_admin_user("other-realtor@example.com")
