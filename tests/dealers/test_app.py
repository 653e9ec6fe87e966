"""The dealer role and its scope (accounts registries), the Dealer snippet's scope, and the demo dealers."""

import io

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from wagtail.models import WorkflowState

from accounts import roles
from catalog.models import CarAdPage
from dealers.models import Dealer, DealerMembership
from demo import staff as demo
from tests.accounts.factories import UserFactory
from tests.dealers.factories import dealer, member

pytestmark = pytest.mark.django_db


def test_set_role_makes_a_dealers_member_and_taking_the_role_away_ends_it():
    north = dealer("Роли Север")
    user = UserFactory()
    with pytest.raises(ValueError, match="needs dealer"):
        roles.set_role(user, roles.DEALER)
    roles.set_role(user, roles.DEALER, dealer=north)
    assert roles.role_of(user) == roles.DEALER and user.is_staff
    assert DealerMembership.objects.get(user=user).dealer == north
    assert user.groups.filter(pk=north.group_id).exists()
    roles.set_role(user, roles.EDITOR)
    assert not DealerMembership.objects.filter(user=user).exists()
    assert not user.groups.filter(pk=north.group_id).exists()


def test_a_member_sees_only_their_own_dealer_in_the_admin(client):
    north, south = dealer("Скоуп Север"), dealer("Скоуп Юг")
    client.force_login(member(north))
    response = client.get(reverse(Dealer.snippet_viewset.get_url_name("list")))
    assert {row.pk for row in response.context["object_list"]} == {north.pk}
    assert client.get(reverse(Dealer.snippet_viewset.get_url_name("inspect"), args=[north.pk])).status_code == 200
    assert client.get(reverse(Dealer.snippet_viewset.get_url_name("inspect"), args=[south.pk])).status_code == 404
    assert client.get(reverse(Dealer.snippet_viewset.get_url_name("edit"), args=[north.pk])).status_code in (302, 403)


def test_the_demo_has_two_dealers_with_a_member_each_and_ads_in_moderation():
    dealers = Dealer.objects.order_by("name")
    assert [d.name for d in dealers] == ["АвтоПартнер Север", "Драйв Моторс"]
    for each in dealers:
        assert each.members.count() == 1
        ads = CarAdPage.objects.child_of(each.root_page)
        waiting = WorkflowState.objects.filter(
            object_id__in=[str(pk) for pk in ads.values_list("pk", flat=True)],
            status=WorkflowState.STATUS_IN_PROGRESS,
        )
        assert waiting.exists()
    emails = {account.email for account in demo.ACCOUNTS if account.role == roles.DEALER}
    assert emails == {"dealer1@demo.example.com", "dealer2@demo.example.com"}


def test_seeding_again_changes_nothing_and_demo_logins_prints_the_dealers():
    from demo.dealers import ensure_dealers, seed_ads

    before = CarAdPage.objects.count()
    dealers, created = ensure_dealers()
    assert created == 0
    members = {membership.dealer.name: membership.user for membership in DealerMembership.objects.all()}
    assert seed_ads(dealers, members) == 0
    assert CarAdPage.objects.count() == before
    out = io.StringIO()
    with override_settings(DEBUG=True):
        call_command("demo_logins", password="demo-pass", stdout=out)
    assert "dealer1@demo.example.com, дилер «АвтоПартнер Север»" in out.getvalue()
