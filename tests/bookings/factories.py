"""The booking world built for each test: a rentals site of its own, its properties, guests, bookings in any
status with their payments, prices, promo codes, closed dates, reviews, and agencies with their staff.

Every factory makes its rows directly; the tests of a writer (create_hold, save_door_codes, submit_review...)
call that writer themselves. Nothing here reads the demo."""

from datetime import timedelta
from decimal import Decimal

import factory
import wagtail_factories
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone
from factory.django import DjangoModelFactory
from wagtail.models import Page, Site

from accounts import roles
from agencies.models import Agency, AgencyFolderPage
from bookings.models import (
    BlockedPeriod,
    Booking,
    BookingStatus,
    DiscountKind,
    Payment,
    PaymentStatus,
    PriceOverride,
    PromoCode,
    RentalPricing,
    Review,
    ReviewStatus,
)
from bookings.payments.fees import platform_commission, provider_fee
from catalog.models import RentalIndexPage
from home.models import HomePage
from tests.catalog.factories import RentalPropertyPageFactory

HOST = "stays.localhost"  # the test rentals site; not one of the demo's hosts
PASSWORD = "pass-Long-12345"
FAR_AHEAD = 200  # days: the tests' stays start this far from today


def far_ahead(days=0):
    return timezone.localdate() + timedelta(days=FAR_AHEAD + days)


# -- people ---------------------------------------------------------------------------------------------------------


class UserFactory(DjangoModelFactory):
    """A customer account. `permissions=["access_admin", ...]` adds model permissions by codename,
    `superuser=True` makes a superuser, and `role=roles.REALTOR, role__agency=agency` a member of staff."""

    email = factory.Sequence(lambda n: f"user{n}@example.com")

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    class Params:
        superuser = factory.Trait(is_superuser=True, is_staff=True)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return model_class.objects.create_user(*args, password=PASSWORD, **kwargs)

    @factory.post_generation
    def permissions(user, create, extracted):
        if create and extracted:
            user.user_permissions.add(*Permission.objects.filter(codename__in=extracted))

    @factory.post_generation
    def role(user, create, extracted, agency=None):
        if create and extracted:
            roles.set_role(user, extracted, agency=agency)


# -- the rentals site -----------------------------------------------------------------------------------------------


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Тестовое жильё"
    slug = factory.Sequence(lambda n: f"test-stays-{n}")
    parent = factory.LazyFunction(Page.get_first_root_node)

    class Meta:
        model = HomePage


class RentalSiteFactory(wagtail_factories.SiteFactory):
    hostname = HOST
    port = 80
    site_name = "Тестовое жильё"
    root_page = factory.SubFactory(HomePageFactory)

    class Meta:
        model = Site


class RentalIndexPageFactory(wagtail_factories.PageFactory):
    """The rentals section of a site's home page (pass parent=<HomePage>; see rentals_index())."""

    title = "Посуточная аренда"
    slug = "arenda"

    class Meta:
        model = RentalIndexPage


def rentals_index(hostname=HOST):
    """The rentals section of the test site, made on first use."""
    site = Site.objects.filter(hostname=hostname, port=80).first()
    if site is None:
        site = RentalSiteFactory(hostname=hostname)
        return RentalIndexPageFactory(parent=site.root_page)
    return RentalIndexPage.objects.child_of(site.root_page).get()


def delete_rentals_site(hostname):
    """Delete a test rentals site and its pages (for rows committed outside the test's transaction)."""
    site = Site.objects.get(hostname=hostname, port=80)
    home = site.root_page
    site.delete()
    home.delete()


class RentalFactory(RentalPropertyPageFactory):
    """A live, active flat of 20 000 ₸ a night in the test site's rentals section (or pass parent=...)."""

    parent = factory.LazyFunction(rentals_index)


class AgencyFolderPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Агентство {n}")
    slug = factory.Sequence(lambda n: f"agentstvo-{n}")
    parent = factory.LazyFunction(rentals_index)

    class Meta:
        model = AgencyFolderPage


class AgencyFactory(DjangoModelFactory):
    """An agency with its folder in the test site's rentals section (Agency.save makes its groups and grants)."""

    name = factory.Sequence(lambda n: f"Агентство {n}")
    root_page = factory.SubFactory(AgencyFolderPageFactory, title=factory.SelfAttribute("..name"))

    class Meta:
        model = Agency


# -- prices and dates -----------------------------------------------------------------------------------------------


class RentalPricingFactory(DjangoModelFactory):
    rental = factory.SubFactory(RentalFactory)

    class Meta:
        model = RentalPricing


class PriceOverrideFactory(DjangoModelFactory):
    rental = factory.SubFactory(RentalFactory)
    date = factory.LazyFunction(far_ahead)
    price = Decimal("25000")

    class Meta:
        model = PriceOverride


class PromoCodeFactory(DjangoModelFactory):
    code = factory.Sequence(lambda n: f"TEST{n}")
    kind = DiscountKind.PERCENT
    value = Decimal("10")

    class Meta:
        model = PromoCode


class BlockedPeriodFactory(DjangoModelFactory):
    """Closed nights from `start` to `end` (the day it is free again)."""

    rental = factory.SubFactory(RentalFactory)
    start = factory.LazyFunction(far_ahead)
    end = factory.LazyAttribute(lambda period: period.start + timedelta(days=2))

    class Meta:
        model = BlockedPeriod


# -- bookings -------------------------------------------------------------------------------------------------------


class BookingFactory(DjangoModelFactory):
    """A booking in any status straight away (the status machine and create_hold have their own tests).

    Two nights (or `for_nights=n`) from FAR_AHEAD days ahead, CONFIRMED, at the nightly price.
    Traits: hold (15 minutes left), hold_ran_out (its time is up, not yet recorded as expired), expired,
    confirmed, checked_in, completed, cancelled; `paid=True` adds the guest's payment (PaymentFactory)."""

    rental = factory.SubFactory(RentalFactory)
    guest = factory.SubFactory(UserFactory)
    check_in = factory.LazyFunction(far_ahead)
    check_out = factory.LazyAttribute(lambda booking: booking.check_in + timedelta(days=booking.for_nights))
    nights = factory.LazyAttribute(lambda booking: (booking.check_out - booking.check_in).days)
    total = factory.LazyAttribute(lambda booking: booking.rental.price_per_night * booking.nights)
    status = BookingStatus.CONFIRMED
    hold_expires_at = factory.LazyAttribute(
        lambda booking: timezone.now() + timedelta(minutes=15) if booking.status == BookingStatus.HOLD else None
    )
    guest_name = "Айгерим"
    guest_phone = "+77011234567"
    rules_accepted_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = Booking
        skip_postgeneration_save = True

    class Params:
        for_nights = 2  # unless check_out is given
        hold = factory.Trait(status=BookingStatus.HOLD)
        hold_ran_out = factory.Trait(
            status=BookingStatus.HOLD,
            hold_expires_at=factory.LazyFunction(lambda: timezone.now() - timedelta(minutes=1)),
        )
        expired = factory.Trait(status=BookingStatus.EXPIRED)
        confirmed = factory.Trait(status=BookingStatus.CONFIRMED)
        checked_in = factory.Trait(status=BookingStatus.CHECKED_IN)
        completed = factory.Trait(status=BookingStatus.COMPLETED)
        cancelled = factory.Trait(status=BookingStatus.CANCELLED)
        paid = False

    payment = factory.Maybe("paid", factory.RelatedFactory("tests.bookings.factories.PaymentFactory", "booking"))


class PaymentFactory(DjangoModelFactory):
    """The guest's payment of the whole booking, received, with the platform's commission and the provider's fee."""

    booking = factory.SubFactory(BookingFactory)
    provider = "sandbox"
    amount = factory.LazyAttribute(lambda payment: Decimal(payment.booking.total))
    status = PaymentStatus.PAID
    commission = factory.LazyAttribute(lambda payment: platform_commission(payment.amount))
    provider_fee = factory.LazyAttribute(lambda payment: provider_fee(payment.amount))
    paid_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = Payment


class ReviewFactory(DjangoModelFactory):
    """A published review of a completed stay."""

    booking = factory.SubFactory(BookingFactory, completed=True)
    rental = factory.SelfAttribute("booking.rental")
    author = factory.SelfAttribute("booking.guest")
    rating = 5
    text = "Чисто, тепло, риелтор встретил вовремя."
    status = ReviewStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = Review
