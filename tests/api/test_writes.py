"""The partners' writes: every row checked against the key owner's page permissions, all or nothing, idempotent."""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import PageLogEntry

from api.models import IdempotentRequest, Scope
from api.tasks import forget_idempotent_requests
from catalog.models import ApartmentPage, ApartmentPriceChange, Building, CarAdPage, ResidentialComplexPage
from tests.api.helpers import BASE, CARS, REALTY, car_index, key_for, partner

pytestmark = pytest.mark.django_db


@pytest.fixture
def dealer():
    """A dealer with *add* and *publish* on the catalog, owning six of its ads."""
    index = car_index()
    user = partner("dealer@example.com", [index])
    own = list(CarAdPage.objects.child_of(index).live().order_by("path")[:6])
    CarAdPage.objects.filter(pk__in=[car.pk for car in own]).update(owner=user)
    _key, auth = key_for(user)
    return {"user": user, "auth": auth, "own": [car.pk for car in own], "index": index}


def post(client, path, body, auth, host=CARS, method="post", **headers):
    return getattr(client, method)(
        BASE + path, body, content_type="application/json", HTTP_HOST=host, **auth, **headers
    )


def new_ad(**fields):
    reference = CarAdPage.objects.live().descendant_of(car_index()).first()
    body = {
        "make": reference.make_id,
        "model": reference.model_id,
        "year": 2021,
        "mileage": 30000,
        "price": 1990000,
        "body_type": reference.body_type_id,
        "fuel": reference.fuel_id,
        "transmission": reference.transmission_id,
        "drive": reference.drive_id,
        "city": reference.city_id,
        "vin": "XW8ZZZ61ZKG123456",
    }
    return {**body, **fields}


def test_dealer_creates_an_ad_and_it_is_published_as_theirs(client, dealer):
    response = post(client, "cars/new/", new_ad(), dealer["auth"])
    assert response.status_code == 201, response.content
    body = response.json()
    car = CarAdPage.objects.get(pk=body["id"])
    assert car.live and body["published"] and car.owner == dealer["user"]
    assert car.get_parent().pk == dealer["index"].pk
    assert car.latest_revision.user == dealer["user"]


def test_the_ads_own_rules_refuse_in_russian(client, dealer):
    response = post(client, "cars/new/", new_ad(condition="new", mileage=5000, vin="XW8ZZZ61ZKG12345O"), dealer["auth"])
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert "vin" in fields or "mileage" in fields
    assert not CarAdPage.objects.filter(vin__startswith="XW8ZZZ61ZKG").exists()


def test_dealer_edits_own_ad_but_not_anothers(client, dealer):
    own = dealer["own"][0]
    response = post(client, f"cars/{own}/edit/", {"price": 1234567}, dealer["auth"], method="patch")
    assert response.status_code == 200, response.content
    assert CarAdPage.objects.get(pk=own).price == 1234567

    other = CarAdPage.objects.live().descendant_of(dealer["index"]).exclude(owner=dealer["user"]).first()
    refused = post(client, f"cars/{other.pk}/edit/", {"price": 1}, dealer["auth"], method="patch")
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "permission_denied"
    assert CarAdPage.objects.get(pk=other.pk).price == other.price


def test_bulk_status_changes_every_row_or_none(client, dealer, django_assert_max_num_queries):
    other = CarAdPage.objects.live().descendant_of(dealer["index"]).exclude(owner=dealer["user"]).first()
    before = dict(CarAdPage.objects.filter(pk__in=dealer["own"]).values_list("pk", "status"))
    refused = post(client, "cars/status/", {"ids": [*dealer["own"], other.pk], "status": "sold"}, dealer["auth"])
    assert refused.status_code == 403
    assert str(other.pk) in refused.json()["error"]["message"]
    assert dict(CarAdPage.objects.filter(pk__in=dealer["own"]).values_list("pk", "status")) == before

    with django_assert_max_num_queries(25) as two:
        response = post(client, "cars/status/", {"ids": dealer["own"][:2], "status": "sold"}, dealer["auth"])
    assert response.status_code == 200, response.content
    with django_assert_max_num_queries(len(two.captured_queries)):  # as many queries for six ads as for two
        response = post(client, "cars/status/", {"ids": dealer["own"], "status": "reserved"}, dealer["auth"])
    assert response.status_code == 200, response.content
    assert response.json() == {"status": "reserved", "updated": sorted(dealer["own"])}
    for car in CarAdPage.objects.filter(pk__in=dealer["own"]):
        assert car.status == "reserved"
        assert car.get_latest_revision_as_object().status == "reserved"  # the admin's form shows it too
    assert PageLogEntry.objects.filter(page_id__in=dealer["own"], action="api.status_change").count() == 8


def test_bulk_hide_unpublishes_in_as_many_writes_for_four_ads_as_for_two(
    client, dealer, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    """The unpublishing is a few statements for the lot; what still grows is the per-ad permission check
    (Wagtail's can_unpublish reads the ad's lock: a scheduled revision, a workflow in progress)."""

    def writes(context):
        return [q["sql"] for q in context.captured_queries if q["sql"].startswith(("UPDATE", "INSERT", "DELETE"))]

    with django_assert_max_num_queries(40) as two:
        response = post(client, "cars/status/", {"ids": dealer["own"][:2], "status": "hidden"}, dealer["auth"])
    assert response.status_code == 200, response.content
    more = len(two.captured_queries) + 2 * 2  # two reads more per ad: the lock check
    with django_assert_max_num_queries(more) as four, django_capture_on_commit_callbacks() as sent:
        response = post(client, "cars/status/", {"ids": dealer["own"][2:], "status": "hidden"}, dealer["auth"])
    assert response.status_code == 200, response.content
    assert response.json() == {"status": "hidden", "updated": sorted(dealer["own"][2:])}
    # the first request also stamps the key's last use
    assert len(writes(four)) <= len(writes(two)) == 4
    assert not CarAdPage.objects.filter(pk__in=dealer["own"], live=True).exists()
    assert not CarAdPage.objects.filter(pk__in=dealer["own"], live_revision__isnull=False).exists()
    entries = PageLogEntry.objects.filter(page_id__in=dealer["own"], action="wagtail.unpublish")
    assert entries.count() == 6 and {entry.user_id for entry in entries} == {dealer["user"].pk}
    assert sent  # cross-posting and the caches hear of them after the commit


def test_stored_idempotent_answers_are_forgotten_after_the_setting_s_days(settings):
    settings.API_IDEMPOTENCY_DAYS = 2
    now = timezone.now()
    old = IdempotentRequest.objects.create(client="ip:1", key="old", fingerprint="x", status=200,
                                           created_at=now - timedelta(days=2, minutes=1))  # fmt: skip
    fresh = IdempotentRequest.objects.create(client="ip:1", key="fresh", fingerprint="x", status=200,
                                             created_at=now - timedelta(days=1, hours=23))  # fmt: skip
    assert forget_idempotent_requests() == 1
    assert list(IdempotentRequest.objects.filter(pk__in=[old.pk, fresh.pk])) == [fresh]
    assert "api.tasks.forget_idempotent_requests" in {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}


def test_writes_need_a_valid_key_with_the_scope(client, dealer):
    body = {"ids": dealer["own"], "status": "sold"}
    assert post(client, "cars/status/", body, {}).status_code == 401
    bad = post(client, "cars/status/", body, {"HTTP_AUTHORIZATION": "Api-Key nope.nope"})
    assert bad.status_code == 401 and bad.json()["error"]["message"] == "Ключ API не найден."
    english = post(client, "cars/status/", body, {"HTTP_AUTHORIZATION": "Api-Key nope.nope"}, HTTP_ACCEPT_LANGUAGE="en")
    assert english.json()["error"]["message"] == "API key not found."
    key, auth = key_for(dealer["user"], scopes=[Scope.LEADS])
    assert post(client, "cars/status/", body, auth).status_code == 403
    key.revoke()
    assert post(client, "cars/status/", body, auth).json()["error"]["message"] == "Ключ API отозван."


def test_idempotency_key_replays_the_first_answer_and_refuses_another_body(client, dealer):
    headers = {"HTTP_IDEMPOTENCY_KEY": "create-1"}
    first = post(client, "cars/new/", new_ad(), dealer["auth"], **headers)
    again = post(client, "cars/new/", new_ad(), dealer["auth"], **headers)
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json() and again["Idempotent-Replayed"] == "true"
    assert CarAdPage.objects.filter(vin="XW8ZZZ61ZKG123456").count() == 1
    assert IdempotentRequest.objects.filter(key="create-1").count() == 1

    other = post(client, "cars/new/", new_ad(price=1), dealer["auth"], **headers)
    assert other.status_code == 422
    assert other.json()["error"]["code"] == "idempotency_key_reused"


def test_a_refused_write_stores_no_answer(client, dealer):
    headers = {"HTTP_IDEMPOTENCY_KEY": "status-1"}
    response = post(client, "cars/status/", {"ids": [999999999], "status": "sold"}, dealer["auth"], **headers)
    assert response.status_code == 404
    assert not IdempotentRequest.objects.filter(key="status-1").exists()


@pytest.fixture
def developer():
    complex_page = ResidentialComplexPage.objects.live().order_by("path").first()
    user = partner("developer@example.com", [complex_page], actions=("add", "change", "publish"))
    _key, auth = key_for(user, scopes=[Scope.APARTMENTS_WRITE])
    return {"user": user, "auth": auth, "complex": complex_page}


def test_developer_uploads_apartments_and_updates_prices(client, developer):
    complex_page = developer["complex"]
    building = Building.objects.filter(complex=complex_page).first()
    item = {"number": 9901, "building": building.pk, "floor": 3, "rooms": 2, "area": "54.30", "price": 9100000}
    response = post(
        client, "apartments/upload/", {"complex": complex_page.pk, "items": [item]}, developer["auth"], host=REALTY
    )
    assert response.status_code == 200, response.content
    (created,) = response.json()["created"]
    apartment = ApartmentPage.objects.get(pk=created)
    assert apartment.live and apartment.complex_id == complex_page.pk and apartment.price == 9100000

    again = post(
        client,
        "apartments/upload/",
        {"complex": complex_page.pk, "items": [{**item, "price": 9200000}]},
        developer["auth"],
        host=REALTY,
    )
    assert again.json()["updated"] == [created]

    prices = post(
        client, "apartments/prices/", {"items": [{"id": created, "price": 8800000}]}, developer["auth"], host=REALTY
    )
    assert prices.status_code == 200
    assert ApartmentPage.objects.get(pk=created).price == 8800000
    assert (
        list(ApartmentPriceChange.objects.filter(apartment_id=created).values_list("price", flat=True))[-1] == 8800000
    )


def test_developer_cannot_touch_another_complex(client, developer):
    other = ApartmentPage.objects.live().exclude(complex=developer["complex"]).first()
    response = post(
        client, "apartments/prices/", {"items": [{"id": other.pk, "price": 1}]}, developer["auth"], host=REALTY
    )
    assert response.status_code == 403
    assert ApartmentPage.objects.get(pk=other.pk).price == other.price
