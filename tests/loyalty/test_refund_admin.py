"""«Вернуть покупку» in the admin: scoped like the purchases (another partner's purchase is a 404 and stays as it
was), a part or the whole, refusals as form errors in the user's language with nothing changed, the same form sent
twice refunds once, and the reason in the purchase's history."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.models import ModelLogEntry
from wagtail.users.models import UserProfile

from accounts import roles
from loyalty.admin.refunds import LOG_ACTION, URL_NAME
from loyalty.models import Member, Purchase, PurchaseRefund
from tests.accounts.factories import staff
from tests.loyalty.factories import PartnerFactory, buy, superuser

pytestmark = pytest.mark.django_db


def url(purchase):
    return reverse(URL_NAME, args=[purchase.pk])


def refund(client, purchase, amount="", reason="Клиент вернул товар", form_number="t1", **headers):
    return client.post(url(purchase), {"amount": amount, "reason": reason, "token": form_number}, **headers)


def errors(response):
    form = response.context["form"]
    return " ".join(str(message) for messages in form.errors.values() for message in messages)


@pytest.fixture
def owner(partner):
    return staff(roles.BUSINESS_OWNER, business=partner)


@pytest.fixture
def purchase(clock, partner, member):
    return buy(partner, member, "2000")  # 100 points pending


def state(purchase):
    purchase = Purchase.objects.get(pk=purchase.pk)
    member = Member.objects.get(pk=purchase.member_id)
    return purchase.refunded_amount, purchase.refunded_at, member.points_pending, PurchaseRefund.objects.count()


def test_an_owner_refunds_a_part_of_their_partners_purchase(client, owner, purchase):
    client.force_login(owner)
    page = client.get(url(purchase))
    assert page.status_code == 200 and "можно вернуть: 2 000" in page.content.decode().replace("\xa0", " ")
    response = refund(client, purchase, amount="500")
    assert response.status_code == 302
    inspect = reverse(Purchase.snippet_viewset.get_url_name("inspect"), args=[purchase.pk])
    assert response["Location"] == inspect
    assert url(purchase) in client.get(inspect).content.decode()  # the action on the purchase's page
    assert state(purchase) == (Decimal(500), None, Decimal(75), 1)
    assert "осталось 1 500" in " ".join(str(m) for m in get_messages(response.wsgi_request)).replace("\xa0", " ")
    entry = ModelLogEntry.objects.get(action=LOG_ACTION)
    assert (entry.user, entry.data) == (owner, {"amount": "500.00", "reason": "Клиент вернул товар"})
    listing = client.get(reverse(Purchase.snippet_viewset.get_url_name("list")))
    assert url(purchase) in listing.content.decode()  # the button in the list


def test_the_superuser_refunds_the_rest_blank_amount_and_then_it_is_refused(client, purchase):
    client.force_login(superuser())
    refund(client, purchase, amount="500", form_number="first")
    assert refund(client, purchase, form_number="second").status_code == 302  # blank: all that is left
    assert state(purchase)[0] == Decimal(2000) and state(purchase)[1] is not None
    assert state(purchase)[2:] == (Decimal(0), 2)
    again = refund(client, purchase, form_number="third")
    assert again.status_code == 200 and "уже возвращена целиком" in errors(again)
    assert PurchaseRefund.objects.count() == 2


def test_more_than_is_left_is_refused_in_the_users_language_and_changes_nothing(client, owner, purchase):
    client.force_login(owner)
    before = state(purchase)
    response = refund(client, purchase, amount="2500")
    assert response.status_code == 200
    assert "Нельзя вернуть 2 500" in errors(response).replace("\xa0", " ")
    profile = UserProfile.get_for_user(owner)
    profile.preferred_language = "en"
    profile.save()
    english = refund(client, purchase, amount="2500")
    assert "Cannot refund" in errors(english) and "Нельзя" not in errors(english)
    assert state(purchase) == before
    assert not ModelLogEntry.objects.filter(action=LOG_ACTION).exists()


def test_another_partners_purchase_is_not_found_and_stays_as_it_was(client, owner, member, clock):
    theirs = buy(PartnerFactory(), member, "3000")
    before = state(theirs)
    client.force_login(owner)
    assert client.get(url(theirs)).status_code == 404
    assert refund(client, theirs, amount="100").status_code == 404
    client.force_login(staff(roles.USER))
    assert refund(client, theirs).status_code in (302, 403, 404)  # not even the admin for a plain user
    assert state(theirs) == before


def test_the_same_form_sent_twice_refunds_once(client, owner, purchase):
    client.force_login(owner)
    refund(client, purchase, amount="300", form_number="same")
    refund(client, purchase, amount="300", form_number="same")
    assert state(purchase)[0] == Decimal(300) and PurchaseRefund.objects.count() == 1
    assert ModelLogEntry.objects.filter(action=LOG_ACTION).count() == 1
