"""Leads and test drives through the API: the site form's validation, spam rules and limits, and the intake."""

import pytest

from catalog.models import CarAdPage
from leads.models import Lead, LeadKind
from tests.api.helpers import BASE, CARS, REALTY, car_index

pytestmark = pytest.mark.django_db


def post(client, path, body, host=CARS, **headers):
    return client.post(BASE + path, body, content_type="application/json", HTTP_HOST=host, **headers)


def drive_body(**fields):
    car = CarAdPage.objects.live().descendant_of(car_index()).first()
    return {"car": car.pk, "name": "Анна", "phone": "+7 900 111-22-33", "consent": True, **fields}


def test_a_test_drive_becomes_a_lead_of_the_car(client):
    response = post(client, "test-drives/", drive_body())
    assert response.status_code == 201, response.content
    lead = Lead.objects.get(pk=response.json()["id"])
    assert lead.kind == LeadKind.TEST_DRIVE and lead.phone == "+79001112233"
    assert lead.listing_id == drive_body()["car"] and lead.site.hostname == CARS


def test_the_forms_rules_refuse_in_russian(client):
    response = post(client, "test-drives/", drive_body(phone="12", consent=False))
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert "phone" in fields
    assert fields["consent"] == ["Чтобы отправить заявку, дайте согласие на обработку персональных данных."]
    assert not Lead.objects.filter(name="Анна").exists()


def test_a_consultation_about_a_car_is_refused(client):
    car = drive_body()["car"]
    body = {"kind": "consultation", "listing": car, "name": "Анна", "phone": "+79001112233", "consent": True}
    wrong = post(client, "leads/", body)
    assert wrong.status_code == 400 and "kind" in wrong.json()["error"]["fields"]
    assert not Lead.objects.filter(phone="+79001112233", kind="consultation").exists()


def test_callback_on_the_realty_site(client):
    body = {
        "kind": "callback",
        "name": "Олег",
        "phone": "+79005556677",
        "consent": True,
        "utm": {"utm_source": "partner"},
    }
    response = post(client, "leads/", body, host=REALTY)
    assert response.status_code == 201, response.content
    lead = Lead.objects.get(pk=response.json()["id"])
    assert lead.kind == LeadKind.CALLBACK and lead.utm == {"utm_source": "partner"}


def test_the_phone_limit_answers_429(client, settings):
    settings.LEADS_RATE_LIMIT_PER_PHONE = 1
    assert post(client, "test-drives/", drive_body(phone="+79007770000")).status_code == 201
    response = post(client, "test-drives/", drive_body(phone="+79007770000", message="ещё"))
    assert response.status_code == 429
    assert response.json()["error"]["message"].startswith("Слишком много заявок подряд")


def test_the_api_rate_limit_per_client_answers_429_with_retry_after(client, settings):
    settings.API_RATE_LIMIT_ANONYMOUS = 2
    for _n in range(2):
        assert client.get(BASE + "cars/", HTTP_HOST=CARS, REMOTE_ADDR="10.9.9.9").status_code == 200
    response = client.get(BASE + "cars/", HTTP_HOST=CARS, REMOTE_ADDR="10.9.9.9")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert response.json()["error"]["code"] == "throttled"
