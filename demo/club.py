"""Demo of the club «Свой Круг» itself: the five launch partners' club settings and connectors (disabled: no real
endpoints), a dozen members in every tier, a year of their purchases and a few coupons, cross-promo chains (a
simple, a sequential and a fan-out) and partners' offers approved through their workflow, plus a member and a
cashier to log in as; members signed up for the club's events (paid ones paid in the sandbox), checked in and rating
the past ones, and event proposals (one open for voting, one awaiting moderation). Built by
`manage.py seed_demo_club`, after seed_demo (`make seed`).

Every purchase goes through loyalty.services.record_purchase, so balances, the ledger, tiers, chain steps and offer
redemptions are what the club would have made; offers are taken with services.offer_taken. Dates are fixed offsets
back from the day the demo is built (like the events in demo/partners.py); the tier period is a rolling year, so all
of them count. The chains start after the year of history (as if launched a month ago): only the purchases in
CHAIN_PURCHASES walk through them. Idempotent: members are found by their account, purchases by their document
number, coupons by code, chains and offers by title; a second run records nothing."""

import secrets
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import ROUND_DOWN, Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from accounts import roles
from catalog.models import BusinessPage, EventPage, Tier, partners
from demo.staff import DemoAccount, ensure_account
from integrations.payments import sandbox
from loyalty import services
from loyalty.models import (
    Chain,
    ChainStep,
    ChainStepDone,
    ClubPartner,
    Connector,
    Coupon,
    EventProposal,
    EventRegistration,
    Offer,
    OfferEvent,
    TierChange,
)
from loyalty.services import event_payments, events, voting
from loyalty.services.ledger import ClubError, lock_member
from loyalty.services.tiers import change_tier

PARTNERS = {
    # slug: (medical, own return window in days or None)
    "skinerica": (False, None),
    "lisichkino": (False, 7),
    "stim-tsentr": (True, 30),
    "mindal": (False, None),
    "millenium": (True, 30),
}

# The launch partners' systems as the seed lists them («Внешние интеграции»): (partner slug, kind, API address,
# settings). Disabled: the demo has no real endpoints or credentials; the admin shows them with a note.
CONNECTOR_NOTE = "Демо: подключение не настроено — нет реального адреса и доступов, синхронизация выключена."
CONNECTORS = [
    ("mindal", Connector.Kind.YCLIENTS, "https://api.yclients.com/api/v1", {"company_id": ""}),
    ("lisichkino", Connector.Kind.IIKO, "https://api-ru.iiko.services", {"organization_ids": []}),
    ("lisichkino", Connector.Kind.ONEC, "https://1c.lisichkino.example/retail", {}),
    ("stim-tsentr", Connector.Kind.AMOCRM, "https://stim-tsentr.amocrm.ru", {}),
    ("skinerica", Connector.Kind.ONEC, "https://1c.skinerica.example/beauty", {}),
    ("skinerica", Connector.Kind.BITRIX24, "https://skinerica.bitrix24.ru", {}),
    ("millenium", Connector.Kind.RENOVATIO, "https://app.rnova.org/api/public", {"window_days": 1}),
]

# Accounts to log in with: a member (Elite) and a cashier (the owner of «Лисичкино»).
MEMBER_EMAIL = "member@demo.example.com"
CASHIER_EMAIL = "cashier@demo.example.com"
CASHIER_PARTNER = "lisichkino"
ACCOUNTS = [
    DemoAccount(MEMBER_EMAIL, "Мария", "Соколова", roles.USER),
    DemoAccount(CASHIER_EMAIL, "Ксения", "Лисицына", roles.BUSINESS_OWNER),
]


@dataclass(frozen=True)
class DemoMember:
    email: str
    first_name: str
    last_name: str
    phone: str
    profile: str  # a key of PROFILES: how much and where she buys


# Per profile: (partner slug, purchases in the year, amount of each); purchases spread evenly over the year.
PROFILES = {
    "elite": [
        ("skinerica", 6, 9_500),
        ("lisichkino", 12, 3_200),
        ("stim-tsentr", 2, 18_000),
        ("mindal", 6, 4_500),
        ("millenium", 2, 12_000),
    ],
    "vip": [("skinerica", 3, 6_500), ("lisichkino", 10, 2_400), ("mindal", 4, 3_800)],
    "insider": [("lisichkino", 4, 1_900), ("mindal", 2, 2_600)],
    "new": [("skinerica", 1, 4_200)],
    "inner": [
        ("skinerica", 4, 12_000),
        ("lisichkino", 8, 4_100),
        ("stim-tsentr", 1, 25_000),
        ("mindal", 4, 5_200),
        ("millenium", 1, 15_000),
    ],
}

MEMBERS = [
    DemoMember(MEMBER_EMAIL, "Мария", "Соколова", "+79001000001", "elite"),
    DemoMember("club2@demo.example.com", "Екатерина", "Лебедева", "+79001000002", "elite"),
    DemoMember("club3@demo.example.com", "Ирина", "Волкова", "+79001000003", "vip"),
    DemoMember("club4@demo.example.com", "Наталья", "Морозова", "+79001000004", "vip"),
    DemoMember("club5@demo.example.com", "Светлана", "Павлова", "+79001000005", "vip"),
    DemoMember("club6@demo.example.com", "Алина", "Козлова", "+79001000006", "insider"),
    DemoMember("club7@demo.example.com", "Юлия", "Новикова", "+79001000007", "insider"),
    DemoMember("club8@demo.example.com", "Дарья", "Федорова", "+79001000008", "insider"),
    DemoMember("club9@demo.example.com", "Полина", "Егорова", "+79001000009", "new"),
    DemoMember("club10@demo.example.com", "Вера", "Степанова", "+79001000010", "new"),
    DemoMember("club11@demo.example.com", "Анастасия", "Орлова", "+79001000011", "insider"),
    DemoMember("club12@demo.example.com", "Ольга", "Романова", "+79001000012", "inner"),
]
INNER_CIRCLE = {"club12@demo.example.com"}

FEEDBACK = ["Очень тёплая встреча, спасибо!", "Полезно, приду ещё.", "Хорошо, но хотелось бы больше практики."]

# title, format, venue (partner slug), budget, date options (days from the build day), how many members vote; each
# proposed by the next member whose tier may propose (VIP and up)
PROPOSALS = [
    ("Винный вечер с сомелье «Лисичкино»", "tasting", "lisichkino", 60_000, (20, 27), 9),
    ("Йога-утро перед работой", "masterclass", "skinerica", 25_000, (14, 21, 28), 0),
]

# Purchases by phones nobody joined with yet: they wait for their buyers.
WAITING = [("lisichkino", "+79001000099", 2_800, 12), ("mindal", "+79001000098", 3_500, 40)]

COUPONS = [
    # code, title, kind, value, partner slug, personal to (email), tiers, total limit, per member
    ("KRUG10", "Скидка 10 % для всех участниц", Coupon.Kind.PERCENT, 10, None, None, Tier.values, None, 1),
    ("MINDAL500", "500 ₽ на первый визит в «Миндаль»", Coupon.Kind.FIXED, 500, "mindal", None, Tier.values, 100, 1),
    (
        "VIPBONUS",
        "300 баллов для VIP и выше",
        Coupon.Kind.POINTS,
        300,
        None,
        None,
        [Tier.VIP, Tier.ELITE, Tier.INNER_CIRCLE],
        None,
        1,
    ),
    ("MARIA-BDAY", "Подарок ко дню рождения", Coupon.Kind.POINTS, 1000, None, MEMBER_EMAIL, Tier.values, 1, 1),
]
# Coupons used in the demo's history: (member email, partner slug, coupon code, days ago, amount)
COUPON_USES = [
    ("club3@demo.example.com", "mindal", "MINDAL500", 50, 4_000),
    ("club4@demo.example.com", "skinerica", "KRUG10", 20, 7_000),
]
YEAR_DAYS = 360

# Cross-promo chains. Templates of the personal coupons a step gives (inactive: only their copies are used):
# code, title, kind, value, partner slug.
CHAIN_COUPONS = [
    ("CHAIN-MINDAL", "700 ₽ в «Миндаль» после «Лисичкино»", Coupon.Kind.FIXED, 700, "mindal"),
    ("CHAIN-LISICHKINO", "10 % в «Лисичкино» после «Миндаля»", Coupon.Kind.PERCENT, 10, "lisichkino"),
    ("CHAIN-SKINERICA", "15 % в Skinerica после «Стим Центра»", Coupon.Kind.PERCENT, 15, "skinerica"),
]
# title, kind, window in days, description, steps: (partner slug, amount from, reward: a CHAIN_COUPONS code or
# points or None).
CHAINS = [
    (
        "Ужин в «Лисичкино» — укладка в «Миндале»",
        Chain.Kind.SIMPLE,
        None,
        "Покупка в «Лисичкино» от 2 000 ₽ — купон на 700 ₽ в салон «Миндаль», за визит в салон — 200 баллов.",
        [("lisichkino", 2_000, "CHAIN-MINDAL"), ("mindal", 0, 200)],
    ),
    (
        "Путь к сиянию: Skinerica → «Миндаль» → «Лисичкино»",
        Chain.Kind.SEQUENTIAL,
        45,
        "Процедура в Skinerica, затем «Миндаль» и «Лисичкино» за 45 дней — 300 баллов, купон и ещё 500 баллов.",
        [("skinerica", 5_000, 300), ("mindal", 0, "CHAIN-LISICHKINO"), ("lisichkino", 0, 500)],
    ),
    (
        "Улыбка и забота: после «Стим Центра» — на выбор",
        Chain.Kind.FAN_OUT,
        None,
        "После лечения в «Стим Центре» — подарок в Skinerica, «Миндале» или «Миллениуме» на выбор.",
        [("stim-tsentr", 10_000, None), ("skinerica", 0, "CHAIN-SKINERICA"), ("mindal", 0, 300), ("millenium", 0, 300)],
    ),
]
# Partners' offers (module 6), submitted by the partner and approved through the offers' workflow:
# partner slug, title, terms, kind, value, tiers, budget, from (days from the build day), to, coupon days.
OFFERS = [
    (
        "lisichkino",
        "Дегустационный сет −15 %",
        "Скидка 15 % на дегустационный сет сыров и вин, один раз.",
        Coupon.Kind.PERCENT,
        15,
        Tier.values,
        20_000,
        -20,
        40,
        30,
    ),
    (
        "mindal",
        "1 000 ₽ на уход для волос",
        "1 000 ₽ на любой уход для волос от 3 000 ₽ для участниц со статусом VIP и выше.",
        Coupon.Kind.FIXED,
        1_000,
        [Tier.VIP, Tier.ELITE, Tier.INNER_CIRCLE],
        30_000,
        -10,
        50,
        30,
    ),
    (
        "skinerica",
        "500 баллов за чистку лица",
        "500 баллов за чистку лица в Skinerica для Elite и Inner Circle.",
        Coupon.Kind.POINTS,
        500,
        [Tier.ELITE, Tier.INNER_CIRCLE],
        None,
        -5,
        30,
        21,
    ),
]
# Offers taken (and some redeemed): (member email, offer title, days ago taken, days ago of the purchase with its
# coupon or None, amount).
OFFER_USES = [
    ("club2@demo.example.com", "Дегустационный сет −15 %", 15, 12, 3_600),
    ("club5@demo.example.com", "1 000 ₽ на уход для волос", 8, 5, 4_200),
    (MEMBER_EMAIL, "Дегустационный сет −15 %", 3, None, 0),
]
# Purchases after the chains started, oldest first: (member email, partner slug, days ago, amount, use the coupon a
# chain gave at this partner). The demo member is half-way: she sees the next step of each chain on her home.
CHAIN_PURCHASES = [
    ("club5@demo.example.com", "skinerica", 30, 5_200, False),
    ("club2@demo.example.com", "lisichkino", 25, 3_100, False),
    ("club5@demo.example.com", "mindal", 22, 4_100, False),
    ("club3@demo.example.com", "stim-tsentr", 20, 15_000, False),
    ("club2@demo.example.com", "mindal", 18, 4_200, True),
    ("club4@demo.example.com", "skinerica", 15, 6_000, False),
    (MEMBER_EMAIL, "lisichkino", 12, 2_400, False),
    ("club5@demo.example.com", "lisichkino", 10, 2_600, True),
    ("club4@demo.example.com", "mindal", 9, 3_900, False),
    (MEMBER_EMAIL, "skinerica", 8, 7_500, False),
    ("club3@demo.example.com", "millenium", 6, 9_000, False),
]


def partner_pages():
    return {page.slug: page for page in BusinessPage.objects.filter(slug__in=PARTNERS, locale__language_code="ru")}


def ready():
    """Are the «Свой Круг» demo partners there (seed_demo has run)?"""
    return len(partner_pages()) == len(PARTNERS)


def seed():
    """Returns (objects created, the new shared password of the club's demo accounts or "")."""
    if not ready():
        return 0, ""
    builder = Builder(partner_pages())
    with transaction.atomic():
        password = builder.run()
    return builder.created, password


class Builder:
    def __init__(self, partner_pages):
        self.partners = partner_pages
        self.created = 0
        # Midnight of the day the demo is built, in the club's time zone: every date is a fixed offset back from it.
        self.anchor = timezone.make_aware(datetime.combine(partners.today(), time.min))

    def run(self):
        self.partner_settings()
        self.connectors()
        password = self.accounts()
        members = {spec.email: self.member(spec) for spec in MEMBERS}
        self.coupons(members)
        for spec in MEMBERS:
            self.history(members[spec.email], spec)
        for number, (slug, phone, amount, days) in enumerate(WAITING, 1):
            self.purchase(slug, f"demo-waiting-{number}", amount, phone, days)
        for email, slug, code, days, amount in COUPON_USES:
            self.purchase(slug, f"demo-coupon-{code}", amount, members[email], days, coupon_code=code)
        for email in INNER_CIRCLE:
            self.invite(members[email])
        self.chains()
        for number, (email, slug, days, amount, use_coupon) in enumerate(CHAIN_PURCHASES, 1):
            code = self.chain_coupon(members[email], slug) if use_coupon else None
            self.purchase(slug, f"demo-chain-{number}", amount, members[email], days, coupon_code=code)
        offers = self.offers()
        for number, (email, title, taken_days, bought_days, amount) in enumerate(OFFER_USES, 1):
            coupon = self.take(offers[title], members[email], taken_days)
            if bought_days is not None:
                partner = offers[title].partner.slug
                self.purchase(
                    partner, f"demo-offer-{number}", amount, members[email], bought_days, coupon_code=coupon.code
                )
        self.event_registrations(list(members.values()))
        self.proposals(members)
        return password

    def event_registrations(self, members):
        """Members signed up for the club's events (a paid one paid in the sandbox); at past events most of them came
        and some left a rating. Done once: a second run finds registrations and leaves them."""
        if EventRegistration.objects.filter(member__in=members).exists():
            return
        checker = get_user_model().objects.filter(email=CASHIER_EMAIL).first()
        now = partners.now()
        Status = EventRegistration.Status
        for number, event in enumerate(EventPage.objects.live().filter(status=EventPage.Status.SCHEDULED)):
            signed_at = min(event.start - timedelta(days=3), now - timedelta(hours=1))
            for place, member in enumerate(members[number % 3 :: 2][: max(1, event.capacity // 3)]):
                try:
                    registration = events.register(event, member, at=signed_at)
                except ClubError:  # not for her tier
                    continue
                self.created += 1
                if registration.status == Status.PAYMENT_DUE and settings.PAYMENT_PROVIDER == "sandbox":
                    registration = self.pay(registration, signed_at)
                if event.end < now and place % 4 != 3 and registration.status == Status.REGISTERED:
                    events.check_in(event, events.short_code(registration), by=checker, at=event.start)
                    if place % 2 == 0:
                        comment, rated_at = FEEDBACK[place % len(FEEDBACK)], event.end + timedelta(hours=2)
                        events.leave_feedback(registration, 5 - place % 3, comment, at=rated_at)

    def pay(self, registration, at):
        """The sandbox's «Оплатить», as the member would press it on the sandbox page, a minute after signing up."""
        at = at + timedelta(minutes=1)
        payment = event_payments.start_payment(registration, return_url="/club/", webhook_url="/club-payments/", at=at)
        event_payments.receive_webhook("sandbox", sandbox.signed_webhook(payment, paid=True), at=at)
        registration.refresh_from_db()
        return registration

    def proposals(self, members):
        """One proposal open for voting, with the members' weighted votes, and one waiting for moderation."""
        if EventProposal.objects.exists():
            return
        superuser = get_user_model().objects.filter(is_superuser=True, is_active=True).first()
        members = [member for member in members.values() if member.refresh_from_db() or True]
        authors = [member for member in members if voting.can_propose(member)]
        for author, (title, format, venue, budget, days, voters) in zip(authors, PROPOSALS, strict=False):
            proposal = voting.propose(
                author, title=title, format=format, venue=self.partners[venue], description=title,
                budget=Decimal(budget), dates=[self.anchor + timedelta(days=day, hours=19) for day in days],
            )  # fmt: skip
            self.created += 1
            if not voters:
                continue
            if superuser is not None:
                voting.approve(proposal, by=superuser)
            else:  # the demo may be built before any superuser exists: opened in the demo's name
                proposal.status = EventProposal.Status.VOTING
                proposal.voting_closes_at = self.anchor + timedelta(days=7)
                proposal.save(update_fields=["status", "voting_closes_at"])
            options = list(proposal.dates.order_by("starts_at"))
            for number, member in enumerate(members[:voters]):
                voting.vote(member, proposal, support=number % 4 != 3)
                voting.vote(member, proposal, date=options[number % len(options)])

    def at(self, days_ago, hour=12):
        return self.anchor - timedelta(days=days_ago) + timedelta(hours=hour)

    def partner_settings(self):
        for slug, (medical, window) in PARTNERS.items():
            _settings, made = ClubPartner.objects.get_or_create(
                business=self.partners[slug], defaults={"is_medical": medical, "return_window_days": window}
            )
            self.created += made

    def connectors(self):
        """The launch partners' connectors, disabled, with no credentials (found again by partner and kind)."""
        for slug, kind, base_url, options in CONNECTORS:
            _connector, made = Connector.objects.get_or_create(
                partner=self.partners[slug],
                kind=kind,
                defaults={"base_url": base_url, "settings": options, "enabled": False, "note": CONNECTOR_NOTE},
            )
            self.created += made

    def accounts(self):
        password = secrets.token_urlsafe(9)
        made = 0
        for account in ACCOUNTS:
            business = self.partners[CASHIER_PARTNER] if account.role == roles.BUSINESS_OWNER else None
            _user, new = ensure_account(account, password, agency=None, business=business)
            made += new
        self.created += made
        return password if made else ""

    def member(self, spec):
        User = get_user_model()
        user = User.objects.filter(email=spec.email).first()
        if user is None:
            user = User.objects.create_user(
                email=spec.email, password=None, first_name=spec.first_name, last_name=spec.last_name
            )
            self.created += 1
        if hasattr(user, "club_member"):
            return user.club_member
        self.created += 1
        return services.join(user, spec.phone, consent=True, at=self.at(YEAR_DAYS + 5, hour=10))

    def coupons(self, members):
        for code, title, kind, value, slug, email, tier_codes, total, per_member in COUPONS:
            _coupon, made = Coupon.objects.get_or_create(
                code=code,
                defaults={
                    "title": title,
                    "kind": kind,
                    "value": Decimal(value),
                    "partner": self.partners[slug] if slug else None,
                    "member": members[email] if email else None,
                    "allowed_tiers": list(tier_codes),
                    "total_limit": total,
                    "per_member_limit": per_member,
                },
            )
            self.created += made

    def history(self, member, spec):
        """The member's purchases over the year, oldest first; now and then she pays part with points."""
        lines = [
            (YEAR_DAYS * (count - 1 - index) // count + 1 + (offset * 3) % 7, slug, amount + (index * 170) % 900, index)
            for offset, (slug, count, amount) in enumerate(PROFILES[spec.profile])
            for index in range(count)
        ]
        for number, (days, slug, amount, index) in enumerate(sorted(lines, key=lambda line: -line[0]), 1):
            spend = 0
            if index % 4 == 3:
                spend = min(member.points_available / 2, Decimal(amount) * Decimal("0.3")).quantize(
                    Decimal(1), ROUND_DOWN
                )
            self.purchase(slug, f"demo-{spec.phone[-4:]}-{number}", amount, member, days, spend_points=spend)
            member.refresh_from_db(fields=["points_available"])

    def purchase(self, slug, external_id, amount, member_or_phone, days_ago, **extra):
        _purchase, made = services.record_purchase(
            self.partners[slug],
            external_id,
            amount,
            member_or_phone,
            source="import",
            purchased_at=self.at(days_ago, hour=11 + days_ago % 8),
            **extra,
        )
        self.created += made

    def chains(self):
        """The chains and the templates of their coupons, made once (found by code and title)."""
        templates = {}
        for code, title, kind, value, slug in CHAIN_COUPONS:
            templates[code], made = Coupon.objects.get_or_create(
                code=code,
                defaults={
                    "title": title, "kind": kind, "value": Decimal(value), "partner": self.partners[slug],
                    "is_active": False, "total_limit": 0,
                },
            )  # fmt: skip
            self.created += made
        for title, kind, window, description, steps in CHAINS:
            chain, made = Chain.objects.get_or_create(
                title=title, defaults={"kind": kind, "window_days": window, "description": description}
            )
            if not made:
                continue
            self.created += 1
            for index, (slug, min_amount, reward) in enumerate(steps):
                ChainStep.objects.create(
                    chain=chain,
                    partner=self.partners[slug],
                    sort_order=index,
                    min_amount=Decimal(min_amount),
                    reward_coupon=templates.get(reward) if isinstance(reward, str) else None,
                    reward_points=Decimal(reward) if isinstance(reward, int) else None,
                )
                self.created += 1

    def chain_coupon(self, member, slug):
        """The code of the personal coupon a chain step gave the member for `slug`'s partner (used or not)."""
        done = ChainStepDone.objects.filter(
            member=member, coupon__partner=self.partners[slug], step__chain__title__in=[c[0] for c in CHAINS]
        )
        return done.values_list("coupon__code", flat=True).first()

    def offers(self):
        """The partners' offers, each submitted by the partner's owner (the demo's one for «Лисичкино», nobody for the
        others) and approved by the
        superuser (or, before any exists, in the demo's name) through the offers' workflow, which makes it live."""
        superuser = get_user_model().objects.filter(is_superuser=True, is_active=True).first()
        offers = {}
        for slug, title, terms, kind, value, tiers, budget, start, end, coupon_days in OFFERS:
            partner = self.partners[slug]
            offer = Offer.objects.filter(partner=partner, title=title).first()
            if offer is None:
                offer = Offer.objects.create(
                    partner=partner, title=title, terms=terms, kind=kind, value=Decimal(value),
                    audience_tiers=list(tiers), budget=Decimal(budget) if budget else None,
                    starts_on=self.anchor.date() + timedelta(days=start),
                    ends_on=self.anchor.date() + timedelta(days=end), coupon_days=coupon_days, live=False,
                )  # fmt: skip
                self.created += 1
                owner = (
                    get_user_model().objects.filter(email=CASHIER_EMAIL).first() if slug == CASHIER_PARTNER else None
                )
                offer.save_revision(user=owner)
                state = offer.get_workflow().start(offer, owner)
                state.current_task_state.approve(user=superuser)
                offer.refresh_from_db()
            offers[title] = offer
        return offers

    def take(self, offer, member, days_ago):
        """The member saw the offer and took it (once: a second run finds the coupon she took)."""
        at = self.at(days_ago, hour=19)
        if not OfferEvent.objects.filter(offer=offer, member=member).exists():
            services.offer_shown(offer, member, at=at)
            self.created += 1
        return services.offer_taken(offer, member, at=at)

    def invite(self, member):
        """Inner Circle is by the superuser's invitation; the demo may run before any superuser exists."""
        member.refresh_from_db()
        if member.tier == Tier.INNER_CIRCLE:
            return
        superuser = get_user_model().objects.filter(is_superuser=True, is_active=True).first()
        if superuser is not None:
            services.invite_to_inner_circle(member, by=superuser)
        else:
            with transaction.atomic():
                change_tier(lock_member(member), Tier.INNER_CIRCLE, TierChange.Reason.INVITATION, partners.now())
        self.created += 1


def login_lines(password=""):
    """The club's demo accounts, for seed_demo and demo_logins."""
    User = get_user_model()
    existing = set(User.objects.filter(email__in=[a.email for a in ACCOUNTS]).values_list("email", flat=True))
    lines = ["Club «Свой Круг» (member: http://svoykrug.localhost:8000/, cashier: /admin/club/cashier/):"]
    if MEMBER_EMAIL in existing:
        lines.append(f"  {'member (Elite)':<24} {MEMBER_EMAIL}")
    if CASHIER_EMAIL in existing:
        lines.append(f"  {'cashier (Лисичкино)':<24} {CASHIER_EMAIL}")
    if password:
        lines.append(f"  password (both): {password}")
    return lines
