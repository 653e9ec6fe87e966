"""The club in the admin: the superuser sees all; a business owner only their partner's purchases, lines, coupons
and the members who bought there; other staff nothing. (tests/core/test_admin_scope.py walks every view.)"""

import pytest
from django.urls import reverse

from accounts import roles
from loyalty.models import ClubRules, Coupon, CouponRedemption, LedgerEntry, Member, Purchase
from tests.accounts.factories import staff
from tests.loyalty.factories import CouponFactory, MemberFactory, PartnerFactory, buy, medical_partner, superuser

pytestmark = pytest.mark.django_db


@pytest.fixture
def club(clock):
    own, other = PartnerFactory(), medical_partner()
    buyer, stranger = MemberFactory(), MemberFactory()
    CouponFactory(code="OWN", partner=own)
    CouponFactory(code="EVERYWHERE")
    mine = buy(own, buyer, "1000", coupon_code="OWN")
    theirs = buy(other, stranger, "2000", description="Имплант")
    return {"own": own, "buyer": buyer, "stranger": stranger, "mine": mine, "theirs": theirs}


def rows(user, model):
    return set(model.snippet_viewset.permission_policy.instances_user_has_permission_for(user, "view"))


def test_a_business_owner_sees_only_their_partners_rows(club):
    owner = staff(roles.BUSINESS_OWNER, business=club["own"])
    assert rows(owner, Purchase) == {club["mine"]}
    assert rows(owner, LedgerEntry) == set(club["mine"].ledger.all())
    assert rows(owner, Member) == {club["buyer"]}
    assert rows(owner, Coupon) == {Coupon.objects.get(code="OWN")}
    assert rows(owner, CouponRedemption) == {club["mine"].coupon_redemption}
    assert rows(owner, ClubRules) == set()
    policy = Purchase.snippet_viewset.permission_policy
    assert policy.user_has_permission(owner, "view") and not policy.user_has_permission(owner, "change")


def test_the_list_and_the_other_partners_purchase(client, club):
    owner = staff(roles.BUSINESS_OWNER, business=club["own"])
    client.force_login(owner)
    viewset = Purchase.snippet_viewset
    response = client.get(reverse(viewset.get_url_name("list")))
    assert response.status_code == 200
    assert {row.pk for row in response.context["object_list"]} == {club["mine"].pk}
    assert client.get(reverse(viewset.get_url_name("inspect"), args=[club["theirs"].pk])).status_code == 404
    # a medical partner's purchase keeps amount, date and category, never what the service was
    assert club["theirs"].description == ""


@pytest.mark.parametrize("role", [roles.EDITOR, roles.MANAGER])
def test_other_staff_see_no_member(client, club, role):
    user = staff(role)
    client.force_login(user)
    for model in (Member, Purchase, LedgerEntry, Coupon):
        assert rows(user, model) == set()
        response = client.get(reverse(model.snippet_viewset.get_url_name("list")))
        assert response.status_code in (302, 403)


def test_the_superuser_sees_all_and_edits_the_rules_with_history(client, club):
    admin = superuser()
    assert rows(admin, Purchase) == {club["mine"], club["theirs"]}
    client.force_login(admin)
    rules = ClubRules.current()
    url = reverse(ClubRules.snippet_viewset.get_url_name("edit"), args=[rules.pk])
    data = {field.name: getattr(rules, field.name) for field in ClubRules._meta.fields if field.editable}
    data.pop("id")
    data.pop("latest_revision", None)
    response = client.post(url, {**data, "vip_rate": "8"})
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    assert ClubRules.current().vip_rate == 8
    assert rules.revisions.count() == 1
    policy = ClubRules.snippet_viewset.permission_policy
    assert not policy.user_has_permission(admin, "add") and not policy.user_has_permission(admin, "delete")


def test_the_superuser_corrects_points_and_invites_to_inner_circle(client, club):
    from loyalty.admin.member_actions import URL_NAME

    member = club["buyer"]
    url = reverse(URL_NAME, args=[member.pk])
    owner = staff(roles.BUSINESS_OWNER, business=club["own"])
    client.force_login(owner)
    assert client.post(url, {"invite": "1"}).status_code in (302, 403)
    member.refresh_from_db()
    assert member.tier == "insider"

    client.force_login(superuser())
    assert client.get(url).status_code == 200
    response = client.post(url, {"amount": "-1000", "note": "Ошибка кассы"})
    assert "Недостаточно баллов" in response.content.decode()
    assert client.post(url, {"amount": "25", "note": "Подарок ко дню рождения"}).status_code == 302
    assert client.post(url, {"invite": "1"}).status_code == 302
    member.refresh_from_db()
    assert (member.tier, member.points_available) == ("inner_circle", 25)
    assert member.ledger.get(kind=LedgerEntry.Kind.ADJUSTMENT).note == "Подарок ко дню рождения"
