"""The club's demo: every tier has members, balances are the ledger's sums, and seeding again changes nothing."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Sum
from django.urls import reverse

from catalog.models import Tier
from demo import club
from loyalty.models import ClubPartner, Coupon, LedgerEntry, Member, Purchase

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def club_demo():
    out = io.StringIO()
    call_command("seed_demo_club", stdout=out)
    return out.getvalue()


def test_every_tier_has_members_and_the_launch_partners_are_in_the_club():
    assert set(Member.objects.values_list("tier", flat=True)) == set(Tier.values)
    assert Member.objects.get(user__email=club.MEMBER_EMAIL).tier == Tier.ELITE
    assert ClubPartner.objects.filter(business__slug="millenium", is_medical=True).exists()
    assert ClubPartner.objects.count() == len(club.PARTNERS)
    assert Purchase.objects.filter(member__isnull=True).count() == len(club.WAITING)
    assert 120 <= Purchase.objects.count() <= 200
    assert Coupon.objects.filter(times_used__gt=0).count() == len(club.COUPON_USES)


def test_balances_equal_the_ledger_sums():
    for member in Member.objects.all():
        sums = {
            pending: total or 0
            for pending, total in LedgerEntry.objects.filter(member=member)
            .values_list("pending")
            .annotate(total=Sum("amount"))
        }
        assert member.points_available == sums.get(False, 0)
        assert member.points_pending == sums.get(True, 0)
    assert Member.objects.filter(points_pending__gt=0).exists()
    assert Member.objects.filter(points_available__gt=0).exists()


def test_seeding_the_club_again_records_nothing_and_logins_are_printed(settings, club_demo):
    assert club.MEMBER_EMAIL in club_demo and "password (both)" in club_demo
    before = (Purchase.objects.count(), LedgerEntry.objects.count(), Member.objects.count(), Coupon.objects.count())
    assert club.seed() == (0, "")
    assert (
        Purchase.objects.count(),
        LedgerEntry.objects.count(),
        Member.objects.count(),
        Coupon.objects.count(),
    ) == before
    settings.DEBUG = True
    out = io.StringIO()
    call_command("demo_logins", password="Fresh-demo-pass-42", stdout=out)
    assert club.MEMBER_EMAIL in out.getvalue() and club.CASHIER_EMAIL in out.getvalue()


def test_the_launch_partners_connectors_are_there_disabled_with_a_note(client):
    from loyalty.models import Connector

    rows = Connector.objects.select_related("partner")
    assert {(row.partner.slug, row.kind) for row in rows} == {
        ("mindal", "yclients"),
        ("lisichkino", "iiko"),
        ("lisichkino", "1c"),
        ("stim-tsentr", "amocrm"),
        ("skinerica", "1c"),
        ("skinerica", "bitrix24"),
        ("millenium", "renovatio"),
    }
    assert not rows.filter(enabled=True).exists()
    assert all(row.note == club.CONNECTOR_NOTE and row.credentials == {} for row in rows)
    assert club.seed() == (0, "") and Connector.objects.count() == len(club.CONNECTORS)  # not twice
    admin = get_user_model().objects.create_superuser(email="connectors-admin@example.com", password="pw")
    client.force_login(admin)
    page = client.get(reverse(Connector.snippet_viewset.get_url_name("list")))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Миллениум" in text and "МИС Renovatio" in text and "Демо: подключение не настроено" in text
