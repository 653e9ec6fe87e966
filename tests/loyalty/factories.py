"""The club's test data: partners on a club site of the tests' own, members, coupons, points."""

import itertools
from datetime import datetime, timedelta
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from factory.django import DjangoModelFactory
from wagtail.models import Site

from catalog.models import BusinessCategory, BusinessIndexPage
from loyalty import services
from loyalty.models import ClubPartner, ClubRules, Connector, ConnectorRun, Coupon, Member
from tests.accounts.factories import UserFactory
from tests.catalog.factories import BusinessIndexPageFactory, BusinessPageFactory
from tests.factories import SiteFactory

HOST = "club.localhost"
# A Wednesday noon in Moscow: the moment the club's tests start at (they freeze the clock there).
START = datetime(2027, 3, 10, 12, 0, tzinfo=timezone.get_fixed_timezone(180))


def partners_index(hostname=HOST):
    """The partners section of the tests' club site, made on first use."""
    site = Site.objects.filter(hostname=hostname, port=80).first()
    if site is None:
        site = SiteFactory(hostname=hostname)
        return BusinessIndexPageFactory(parent=site.root_page)
    return BusinessIndexPage.objects.child_of(site.root_page).get()


def delete_club_site(hostname):
    """Delete a test club site and its pages (for rows committed outside the test's transaction)."""
    site = Site.objects.get(hostname=hostname, port=80)
    home = site.root_page
    site.delete()
    home.delete()


def category(slug):
    return BusinessCategory.objects.get(slug=slug)


CATEGORIES = ["kosmetologiya", "gastromarket", "stomatologiya", "salon-krasoty", "meditsinskiy-tsentr"]


class PartnerFactory(BusinessPageFactory):
    """A live partner business on the tests' club site (pass category=category("...") for another kind)."""

    parent = factory.LazyFunction(partners_index)


def medical_partner(**fields):
    partner = PartnerFactory(category=category("stomatologiya"), **fields)
    ClubPartner.objects.create(business=partner, is_medical=True)
    return partner


class MemberFactory(DjangoModelFactory):
    """A member who joined with consent (use services.join to test joining itself)."""

    user = factory.SubFactory(UserFactory)
    phone = factory.Sequence(lambda n: f"+7916{n:07d}")
    consent_at = factory.LazyFunction(timezone.now)
    joined_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = Member


class CouponFactory(DjangoModelFactory):
    code = factory.Sequence(lambda n: f"CLUB{n}")
    kind = Coupon.Kind.PERCENT
    value = Decimal(10)
    per_member_limit = 1

    class Meta:
        model = Coupon


def connector(partner, service=None, *, kind=Connector.Kind.YCLIENTS, credentials=None, **settings):
    """A connector of `partner` pointed at a fake service (tests/fakes/partners.py), with its right credentials."""
    from tests.fakes import partners as fakes

    defaults = {
        Connector.Kind.YCLIENTS: ({"partner_token": fakes.FakeYclients.PARTNER, "user_token": fakes.FakeYclients.USER},
                                  {"company_id": fakes.FakeYclients.COMPANY}),
        Connector.Kind.IIKO: ({"api_login": fakes.FakeIiko.API_LOGIN},
                              {"organization_ids": [fakes.FakeIiko.ORGANIZATION]}),
        Connector.Kind.BITRIX24: ({"user_id": fakes.FakeBitrix24.USER_ID, "webhook_code": fakes.FakeBitrix24.CODE}, {}),
        Connector.Kind.AMOCRM: ({"access_token": fakes.FakeAmoCrm.TOKEN}, {}),
        Connector.Kind.ONEC: ({"user": fakes.FakeOneC.USER, "password": fakes.FakeOneC.PASSWORD}, {}),
        Connector.Kind.CSV: ({"token": fakes.FakeCsvFile.TOKEN}, {}),
        Connector.Kind.RENOVATIO: ({"api_key": fakes.FakeRenovatio.API_KEY}, {}),
    }  # fmt: skip
    own_credentials, own_settings = defaults[kind]
    row = Connector(
        partner=partner, kind=kind, base_url=service.url if service else "http://127.0.0.1:9",
        settings={"since": "2027-01-01T00:00:00+03:00", "page_size": 2, **own_settings, **settings},
    )  # fmt: skip
    row.credentials = own_credentials if credentials is None else credentials
    row.save()
    return row


def set_rules(**changes):
    """Change the club's rules for this test (the migration's row, rolled back with the test)."""
    rules = ClubRules.current()
    for name, value in changes.items():
        setattr(rules, name, value)
    rules.save()
    return rules


def superuser():
    user = get_user_model().objects.filter(is_superuser=True, email="club-admin@example.com").first()
    return user or get_user_model().objects.create_superuser(email="club-admin@example.com", password="pw")


def give_points(member, amount, note="Тест"):
    """Points available at once (a superuser's adjustment, through the service)."""
    return services.adjust(member, Decimal(amount), note=note, by=superuser())


DOCUMENTS = itertools.count(1)


def buy(partner, member_or_phone, amount, external_id=None, **options):
    """A cashier's purchase through the service; returns the purchase."""
    options.setdefault("source", "cashier")
    external_id = external_id or f"doc-{next(DOCUMENTS)}"
    purchase, _created = services.record_purchase(partner, external_id, amount, member_or_phone, **options)
    return purchase


def later(days):
    return timedelta(days=days)


def club_rows_for_admin_walk(own_partner, other_partner):
    """One row of each club model at the demo business owner's partner and one at another partner, for the walk of
    every admin view (tests/core/test_admin_scope.py)."""
    from loyalty.models import BalanceDiscrepancy, TierChange

    ClubPartner.objects.get_or_create(business=other_partner, defaults={"is_medical": True})
    ClubPartner.objects.get_or_create(business=own_partner)
    buyer, stranger = MemberFactory(), MemberFactory()
    CouponFactory(code="WALK-OWN", partner=own_partner)
    CouponFactory(code="WALK-OTHER", partner=other_partner)
    give_points(stranger, 100)
    buy(own_partner, buyer, "1000", coupon_code="WALK-OWN")
    buy(other_partner, stranger, "2000", coupon_code="WALK-OTHER", spend_points=50)
    services.invite_to_inner_circle(stranger, by=superuser())
    from loyalty.models import Chain

    make_chain(Chain.Kind.SIMPLE, [own_partner, other_partner], rewards=[50])
    make_chain(Chain.Kind.SIMPLE, [other_partner, other_partner])
    buy(own_partner, buyer, "500")  # a step done at each partner
    buy(other_partner, stranger, "700")
    for partner, member in ((own_partner, buyer), (other_partner, stranger)):
        services.offer_shown(make_offer(partner, title=f"Предложение {partner.pk}"), member)
    friend = services.join(UserFactory(), "+79990001234", consent=True, invited_by=buyer)
    buy(other_partner, friend, "300")  # an invitation rewarded, and badges
    BalanceDiscrepancy.objects.create(
        member=stranger, stored_available=1, ledger_available=0, stored_pending=0, ledger_pending=0,
        found_at=timezone.now(),
    )  # fmt: skip
    for partner in (own_partner, other_partner):
        ConnectorRun.objects.create(connector=connector(partner), started_at=timezone.now(), failed_rows=[])
    from loyalty.services import voting

    stranger.refresh_from_db()  # Inner Circle now: may propose
    proposal = voting.propose(
        stranger, title="Вечер у партнёра", format="party", venue=other_partner, description="—", budget=Decimal(0),
        dates=[timezone.now() + timedelta(days=10), timezone.now() + timedelta(days=12)],
    )  # fmt: skip
    voting.vote(buyer, voting.approve(proposal, by=superuser()), support=True)  # and fund lines from the purchases
    return TierChange.objects.get(member=stranger)


def make_chain(kind, partners, *, window_days=None, rewards=(), **fields):
    """A chain with a step at each partner, in order; `rewards[i]`: a coupon template or points for step i."""
    from loyalty.models import Chain, ChainStep

    chain = Chain.objects.create(title=f"Цепочка {kind}", kind=kind, window_days=window_days, **fields)
    rewards = list(rewards) + [None] * len(partners)
    for index, partner in enumerate(partners):
        reward = rewards[index]
        ChainStep.objects.create(
            chain=chain,
            partner=partner,
            sort_order=index,
            reward_coupon=reward if isinstance(reward, Coupon) else None,
            reward_points=None if reward is None or isinstance(reward, Coupon) else Decimal(reward),
        )
    return chain


def make_offer(partner, *, live=True, **fields):
    """A partner's offer, live (as if approved) unless told otherwise; running from START for 90 days."""
    from loyalty.models import Offer

    fields = {
        "title": "Скидка партнёра",
        "terms": "Скидка на первый визит",
        "kind": Coupon.Kind.PERCENT,
        "value": Decimal(20),
        "starts_on": START.date(),
        "ends_on": START.date() + timedelta(days=90),
        **fields,
    }
    return Offer.objects.create(partner=partner, live=live, **fields)


def club_event(hostname=HOST, **fields):
    """A live club event on the tests' club site (its events index made on first use), a week after now."""
    from catalog.models import EventIndexPage
    from tests.catalog.factories import EventIndexPageFactory, EventPageFactory

    partners_index(hostname)
    site = Site.objects.get(hostname=hostname, port=80)
    index = EventIndexPage.objects.child_of(site.root_page).first() or EventIndexPageFactory(parent=site.root_page)
    return EventPageFactory(parent=index, **fields)
