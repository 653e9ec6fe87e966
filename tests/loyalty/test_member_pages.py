"""The member's pages of the club site: joining, the home, taking an offer, the card and its codes, the PWA's
files; only on the club's host, only for a logged-in account; the home's SQL is constant in the history's length."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from catalog.models import Tier
from loyalty import services, wallet
from loyalty.models import Badge, Chain, Member, MemberBadge, OfferEvent
from tests.accounts.factories import UserFactory
from tests.factories import SiteFactory
from tests.loyalty.factories import (
    HOST,
    START,
    MemberFactory,
    PartnerFactory,
    buy,
    category,
    give_points,
    make_chain,
    make_offer,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def club(client, partner):
    """A client on the club's host, logged in as a member with a purchase."""
    client.defaults["HTTP_HOST"] = HOST
    return client


def login(client, user):
    client.force_login(user)
    return client


# -- joining ---------------------------------------------------------------------------------------------------------


def test_joining_with_the_phone_and_the_consent(club):
    user = UserFactory(phone="+79161230000", first_name="Анна")
    login(club, user)
    page = club.get("/club/join/")
    assert page.status_code == 200
    assert 'value="+79161230000"' in page.text  # the account's phone, prefilled
    assert "152-ФЗ" in page.text
    response = club.post("/club/join/", {"phone": "8 916 123-45-67", "consent": "on"})
    assert response.status_code == 302 and response["Location"] == "/club/"
    member = Member.objects.get(user=user)
    assert (member.phone, member.consent_at, member.tier) == ("+79161234567", START, Tier.INSIDER)
    assert member.join_ip == "127.0.0.1"


def test_joining_without_the_consent_changes_nothing(club):
    login(club, UserFactory())
    response = club.post("/club/join/", {"phone": "+79161234567"})
    assert response.status_code == 400
    assert "Без согласия на передачу данных о покупках вступить в клуб нельзя." in response.text
    assert Member.objects.count() == 0


def test_a_bad_phone_is_refused_in_the_visitors_language(club):
    login(club, UserFactory())
    response = club.post("/club/join/", {"phone": "12345", "consent": "on"})
    assert response.status_code == 400
    assert "телефон" in response.text.lower()
    english = club.post("/en/club/join/", {"phone": "12345", "consent": "on"})
    assert english.status_code == 400
    assert "phone" in english.text.lower()
    assert "Without consent" not in english.text
    assert Member.objects.count() == 0


def test_a_phone_already_in_the_club_is_refused(club):
    MemberFactory(phone="+79161234567")
    login(club, UserFactory())
    response = club.post("/club/join/", {"phone": "+7 916 123 45 67", "consent": "on"})
    assert response.status_code == 400
    assert "Этот номер телефона уже есть в клубе." in response.text
    assert Member.objects.count() == 1


def test_joining_by_an_invite_link(club):
    inviter = MemberFactory(user__first_name="Мария")
    code = services.invite_code(inviter)
    login(club, UserFactory())
    page = club.get("/club/join/", {"invite": code})
    assert "Вас пригласила Мария" in page.text
    assert f'value="{code}"' in page.text
    club.post("/club/join/", {"phone": "+79990000001", "consent": "on", "invite": code})
    assert Member.objects.get(phone="+79990000001").invited_by == inviter


def test_a_forged_invite_code_is_ignored(club):
    login(club, UserFactory())
    page = club.get("/club/join/", {"invite": "1:forged"})
    assert "Вас пригласила" not in page.text
    club.post("/club/join/", {"phone": "+79990000002", "consent": "on", "invite": "1:forged"})
    assert Member.objects.get(phone="+79990000002").invited_by is None


def test_a_member_is_sent_home_from_joining_and_a_stranger_from_home_to_joining(club, member):
    login(club, member.user)
    assert club.get("/club/join/")["Location"] == "/club/"
    login(club, UserFactory())
    assert club.get("/club/")["Location"] == "/club/join/"
    assert club.get("/club/card/")["Location"] == "/club/join/"


# -- where and for whom ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/club/", "/club/join/", "/club/card/", "/club/card/codes/", "/club/sw.js"])
def test_only_on_the_clubs_host(client, partner, member, path):
    other = SiteFactory(hostname="brand.localhost")
    login(client, member.user)
    assert client.get(path, HTTP_HOST=other.hostname).status_code == 404
    assert client.get(path, HTTP_HOST=HOST).status_code == (302 if path == "/club/join/" else 200)


@pytest.mark.parametrize("path", ["/club/", "/club/join/", "/club/card/", "/club/card/codes/"])
def test_login_is_required(club, path):
    response = club.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login") + "?next=")


# -- the home --------------------------------------------------------------------------------------------------------


def test_the_home_shows_balance_progress_offers_chains_badges_and_the_invite(club, partner, member):
    other = PartnerFactory(category=category("gastromarket"), title="Лисичкино")
    buy(partner, member, "17600")  # 30 000 − 17 600 = 12 400 ₽ to VIP; 1 category of 3
    give_points(member, "500")
    offer = make_offer(other, title="Ужин со скидкой")
    make_chain(Chain.Kind.SIMPLE, [partner, other], rewards=[300, None], description="Сначала уход, потом ужин")
    badge = Badge.objects.get(code=Badge.Code.NEW_CATEGORY)
    MemberBadge.objects.create(member=member, badge=badge, awarded_at=START)
    login(club, member.user)

    page = club.get("/club/")
    assert page.status_code == 200
    text = page.text
    assert "До VIP осталось 30\u00a0000\u00a0₽ и 3 категории" not in text
    assert "До VIP осталось 12\u00a0400\u00a0₽ и 2 категории" in text
    assert "<dd data-balance-available>500</dd>" in text
    assert "<dd data-balance-pending>880</dd>" in text  # 5 % of 17 600 ₽, pending until the return window passes
    assert "Ужин со скидкой" in text and reverse("loyalty:take_offer", args=[offer.pk]) in text
    assert "Сначала уход, потом ужин" in text and "+300 баллов" in text
    assert badge.title in text
    assert services.invite_link(member, f"http://{HOST}/club/join/") in text  # «Пригласить подругу»
    assert "Лисичкино" in text and f'href="{other.relative_url(other.get_site())}"' in text  # the partner's page
    assert OfferEvent.objects.filter(offer=offer, member=member, kind=OfferEvent.Kind.SHOWN).count() == 1


def test_the_progress_in_kazakh_and_english(club, partner, member):
    buy(partner, member, "29000")
    login(club, member.user)
    assert "До VIP осталось 1\u00a0000\u00a0₽ и 2 категории" in club.get("/club/").text
    assert "1\u00a0000\u00a0₽ and 2 categories left to VIP" in club.get("/en/club/").text
    kazakh = club.get("/kk/club/").text
    assert "VIP" in kazakh and "2 санат" in kazakh


def test_taking_an_offer_gives_a_coupon(club, partner, member):
    offer = make_offer(partner, title="Минус пятая часть")
    login(club, member.user)
    response = club.post(reverse("loyalty:take_offer", args=[offer.pk]))
    assert response.status_code == 302 and response["Location"] == "/club/#offers"
    coupon = OfferEvent.objects.get(offer=offer, member=member, kind=OfferEvent.Kind.TAKEN).coupon
    assert coupon.member == member and coupon.partner_id == partner.pk
    home = club.get("/club/").text
    assert coupon.code in home
    assert club.get("/club/card/").text.count(coupon.code) == 1  # on the card too


def test_an_offer_not_for_the_members_tier_is_refused_with_a_message(club, partner, member):
    offer = make_offer(partner, audience_tiers=[Tier.ELITE])
    login(club, member.user)
    response = club.post(reverse("loyalty:take_offer", args=[offer.pk]), follow=True)
    assert "Это предложение не для вашего статуса или истории покупок." in response.text
    assert not OfferEvent.objects.filter(kind=OfferEvent.Kind.TAKEN).exists()
    assert club.get(reverse("loyalty:take_offer", args=[offer.pk])).status_code == 405


def home_queries(client, member, purchases, partner):
    for _ in range(purchases):
        buy(partner, member, "1000")
    login(client, member.user)
    client.get("/club/")  # warm: the site's root paths, the rules, the content types
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/club/", {"page": 2})
    assert page.status_code == 200
    return len(queries)


def test_the_homes_queries_do_not_grow_with_the_history(club, partner, clock):
    other = PartnerFactory(category=category("gastromarket"))
    make_offer(other)
    make_chain(Chain.Kind.SEQUENTIAL, [partner, other], window_days=30)
    few, many = MemberFactory(), MemberFactory()
    few_queries = home_queries(club, few, 3, partner)
    many_queries = home_queries(club, many, 30, partner)
    assert few.purchases.count() == 3 and many.ledger.count() == 30
    assert few_queries == many_queries


# -- the card --------------------------------------------------------------------------------------------------------


def test_the_card_shows_the_qr_code_and_the_fallback_code(club, member):
    give_points(member, "1250")
    login(club, member.user)
    page = club.get("/club/card/")
    code = wallet.current_code(member)
    digits = code.fallback
    assert "<svg" in page.text and "club-qr-svg" in page.text
    assert f"{digits[:4]} {digits[4:]}" in page.text
    assert "1\u00a0250" in page.text and "Insider" in page.text
    assert 'rel="manifest"' in page.text and "<script>" not in page.text  # CSP: scripts only from files
    assert page["Cache-Control"].startswith("max-age=0")


def test_the_card_codes_resolve_each_in_its_window(club, member, clock):
    login(club, member.user)
    data = club.get("/club/card/codes/").json()
    assert data["window"] == wallet.WINDOW and len(data["codes"]) == 6
    for step, code in enumerate(data["codes"]):
        at = START + timedelta(seconds=wallet.WINDOW * step)
        assert wallet.resolve(code["qr"], at=at) == member
        assert wallet.resolve(code["fallback"], at=at) == member
        assert code["svg"].startswith("<svg")
    first = data["codes"][0]
    assert datetime.fromisoformat(first["valid_from"]) <= START < datetime.fromisoformat(first["valid_until"])


def test_the_pwa_files(club):
    manifest = club.get("/club/manifest.webmanifest")
    assert manifest["Content-Type"] == "application/manifest+json"
    data = manifest.json()
    assert data["name"].startswith("Свой Круг") and data["start_url"] == "/club/card/"
    assert {icon["sizes"] for icon in data["icons"]} == {"192x192", "512x512"}
    assert club.get("/en/club/manifest.webmanifest").json()["start_url"] == "/en/club/card/"
    worker = club.get("/club/sw.js")
    assert worker["Content-Type"].startswith("text/javascript")
    assert worker["Service-Worker-Allowed"] == "/club/"
    assert '"/club/card/codes/"' in worker.text and '"/club/card/"' in worker.text


def test_the_club_link_is_in_the_club_sites_header_only(client, partner):
    other = SiteFactory(hostname="brand.localhost")
    assert 'href="/club/"' in client.get("/", HTTP_HOST=HOST).text
    assert 'href="/club/"' not in client.get("/", HTTP_HOST=other.hostname).text


def test_points_are_formatted_for_the_member(club, member):
    give_points(member, Decimal("1234.50"))
    login(club, member.user)
    with translation.override("ru"):
        assert "1\u00a0234,50" in club.get("/club/").text
