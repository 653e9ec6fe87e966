"""The lead form on pages: each kind from its page with and without JavaScript, bad input and floods
refused with a clear message and nothing stored, UTM tags and the landing referrer, the page block."""

from urllib.parse import urlsplit

import pytest
from wagtail.models import Page

from home.models import StandardPage
from leads.models import Interaction, Lead, LeadKind, LeadSource
from tests.catalog.factories import CarAdPageFactory, CarIndexPageFactory
from tests.factories import SiteFactory
from tests.utils import parse_html, visible_text

pytestmark = pytest.mark.django_db

SUBMIT = "/leads/submit/"
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def cars_site(db):
    return SiteFactory(site_name="Автосалон")


@pytest.fixture(autouse=True)
def managers(make_manager, cars_site):
    return {"realty": make_manager("realty@example.com"), "cars": make_manager("cars@example.com", sites=[cars_site])}


@pytest.fixture
def complex_page(apartment):
    return apartment.get_parent().specific


@pytest.fixture
def car(cars_site):
    return CarAdPageFactory(parent=CarIndexPageFactory(parent=cars_site.root_page))


def path_of(page):
    return urlsplit(page.get_url()).path


def form_data(page_form, **changes):
    """What a visitor sends from the form as the page rendered it, filled in."""
    data = {field["name"]: field.get("value", "") for field in page_form.find_all("input") if field.get("name")}
    data.update(name="Анна Смирнова", phone="8 (900) 123-45-67", consent="on", website="")
    for select in page_form.find_all("select"):
        options = [o["value"] for o in select.find_all("option") if o.get("value")]
        data[select["name"]] = options[0]
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def page_form(client, host, page, kind, query=""):
    response = client.get(path_of(page) + query, HTTP_HOST=host)
    assert response.status_code == 200
    forms = [
        f for f in parse_html(response).select("form.lead-form") if f.find("input", {"name": "kind", "value": kind})
    ]
    assert len(forms) == 1, f"no {kind} form on {page}"
    return forms[0]


# (the site's fixture, the page's fixture, the kind): the realty site is the conftest's `site`
CASES = [
    pytest.param("site", "complex_page", LeadKind.CONSULTATION, id="complex-consultation"),
    pytest.param("site", "complex_page", LeadKind.VIEWING, id="complex-viewing"),
    pytest.param("site", "complex_page", LeadKind.CALLBACK, id="complex-callback"),
    pytest.param("site", "apartment", LeadKind.CONSULTATION, id="apartment-consultation"),
    pytest.param("site", "apartment", LeadKind.VIEWING, id="apartment-viewing"),
    pytest.param("site", "apartment", LeadKind.CALLBACK, id="apartment-callback"),
    pytest.param("cars_site", "car", LeadKind.TEST_DRIVE, id="car-test-drive"),
    pytest.param("cars_site", "car", LeadKind.CALLBACK, id="car-callback"),
]


@pytest.mark.parametrize(("site_fixture", "page_fixture", "kind"), CASES)
def test_each_kind_from_its_page_without_javascript(client, request, managers, site_fixture, page_fixture, kind):
    host = request.getfixturevalue(site_fixture).hostname
    page = request.getfixturevalue(page_fixture)
    form = page_form(client, host, page, kind)
    assert form["action"] == SUBMIT
    response = client.post(SUBMIT, form_data(form, message="Расскажите подробнее"), HTTP_HOST=host)
    assert response.status_code == 302
    assert response["Location"] == path_of(page)
    lead = Lead.objects.get(phone="+79001234567")
    assert (lead.kind, lead.listing_id, lead.site.hostname) == (kind, page.pk, host)
    assert lead.manager == managers["realty" if site_fixture == "site" else "cars"]
    assert lead.name == "Анна Смирнова" and lead.consent_at is not None
    if kind == LeadKind.VIEWING:
        assert lead.preferred_time is not None  # the slot picked
    shown = client.get(response["Location"], HTTP_HOST=host)
    assert f"Заявка №{lead.pk} принята" in visible_text(shown)


@pytest.mark.parametrize(("site_fixture", "page_fixture", "kind"), CASES[1:2] + CASES[6:7])
def test_with_htmx_the_form_is_swapped_for_the_thanks(client, request, site_fixture, page_fixture, kind):
    host = request.getfixturevalue(site_fixture).hostname
    page = request.getfixturevalue(page_fixture)
    response = client.post(SUBMIT, form_data(page_form(client, host, page, kind)), HTTP_HOST=host, **HTMX)
    assert response.status_code == 200
    lead = Lead.objects.get(phone="+79001234567")
    soup = parse_html(response)
    assert soup.select_one(".lead-thanks") is not None and soup.select_one("html") is None
    assert f"Заявка №{lead.pk} принята" in soup.get_text()


def test_a_second_request_from_the_phone_the_same_day_joins_the_first(client, complex_page, apartment, site):
    client.post(
        SUBMIT, form_data(page_form(client, site.hostname, complex_page, "consultation")), HTTP_HOST=site.hostname
    )
    response = client.post(
        SUBMIT, form_data(page_form(client, site.hostname, apartment, "viewing")), HTTP_HOST=site.hostname, **HTMX
    )
    lead = Lead.objects.get(phone="+79001234567")
    assert "добавили ваше обращение" in parse_html(response).get_text()
    assert lead.interactions.filter(kind="request").count() == 2


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        pytest.param({"phone": "12345"}, "Введите номер телефона полностью", id="bad-phone"),
        pytest.param({"consent": None}, "дайте согласие на обработку персональных данных", id="no-consent"),
        pytest.param({"website": "http://spam.example"}, "форма заполнена автоматически", id="honeypot"),
        pytest.param({"name": "   "}, "Как к вам обращаться? Укажите имя.", id="no-name"),
    ],
)
@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_bad_input_gets_a_clear_message_and_stores_nothing(client, complex_page, changes, message, htmx, site):
    form = page_form(client, site.hostname, complex_page, "callback")
    before = (Lead.objects.count(), Interaction.objects.count())
    response = client.post(SUBMIT, form_data(form, **changes), HTTP_HOST=site.hostname, **(HTMX if htmx else {}))
    assert response.status_code == 400
    assert message in visible_text(response)
    assert (Lead.objects.count(), Interaction.objects.count()) == before
    soup = parse_html(response)
    assert (soup.select_one("html") is None) == htmx  # htmx gets the form alone, to swap in place
    assert soup.select_one("form.lead-form button[type=submit]").get_text(strip=True) == "Перезвоните мне"
    assert soup.select_one("input[name=name]")["value"].strip() == ("Анна Смирнова" if "name" not in changes else "")


def test_a_slot_that_is_no_longer_offered_is_refused(client, complex_page, site):
    form = page_form(client, site.hostname, complex_page, "viewing")
    response = client.post(SUBMIT, form_data(form, slot="2020-01-01T10:00+03:00"), HTTP_HOST=site.hostname)
    assert response.status_code == 400
    assert "Это время уже недоступно" in visible_text(response)
    assert not Lead.objects.filter(phone="+79001234567").exists()


def test_a_kind_the_listing_does_not_take_is_refused(client, apartment, car, site):
    form = page_form(client, site.hostname, apartment, "callback")
    response = client.post(SUBMIT, form_data(form, kind="test_drive"), HTTP_HOST=site.hostname)
    assert response.status_code == 400
    assert "такую заявку отправить нельзя" in visible_text(response)
    # a listing of another site is not found from this one
    response = client.post(SUBMIT, form_data(form, listing=str(car.pk)), HTTP_HOST=site.hostname)
    assert response.status_code == 400
    assert "Объект не найден" in visible_text(response)
    assert not Lead.objects.filter(phone="+79001234567").exists()


def test_floods_per_ip_and_per_phone_get_429_and_store_nothing(client, complex_page, settings, site):
    settings.LEADS_RATE_LIMIT_PER_IP = 2
    settings.LEADS_RATE_LIMIT_PER_PHONE = 3
    form = page_form(client, site.hostname, complex_page, "callback")
    for number in range(2):
        data = form_data(form, phone=f"+7900555000{number}")
        assert client.post(SUBMIT, data, HTTP_HOST=site.hostname, **HTMX).status_code == 200
    response = client.post(SUBMIT, form_data(form, phone="+79005550009"), HTTP_HOST=site.hostname, **HTMX)
    assert response.status_code == 429
    assert "Слишком много заявок подряд" in visible_text(response)
    response = client.post(SUBMIT, form_data(form, phone="+79005550009"), HTTP_HOST=site.hostname)
    assert response.status_code == 429 and "Слишком много заявок подряд" in visible_text(response)
    assert not Lead.objects.filter(phone="+79005550009").exists()
    # per phone, from changing addresses
    for number in range(3):
        ip = f"10.1.0.{number}"
        assert client.post(SUBMIT, form_data(form), HTTP_HOST=site.hostname, REMOTE_ADDR=ip, **HTMX).status_code == 200
    response = client.post(SUBMIT, form_data(form), HTTP_HOST=site.hostname, REMOTE_ADDR="10.1.0.9", **HTMX)
    assert response.status_code == 429
    assert Lead.objects.get(phone="+79001234567").interactions.filter(kind="request").count() == 3


def test_utm_tags_and_the_referrer_are_remembered_from_landing(client, complex_page, site):
    landing = path_of(complex_page) + "?utm_source=vk&utm_medium=social&utm_campaign=spring"
    client.get(landing, HTTP_HOST=site.hostname, HTTP_REFERER="https://vk.com/inback")
    form = page_form(client, site.hostname, complex_page, "consultation")  # a later visit, no tags in the URL
    client.post(SUBMIT, form_data(form), HTTP_HOST=site.hostname)
    lead = Lead.objects.get(phone="+79001234567")
    assert lead.utm == {"utm_source": "vk", "utm_medium": "social", "utm_campaign": "spring"}
    assert (lead.source, lead.referrer) == (LeadSource.SOCIAL, "https://vk.com/inback")


def test_cyrillic_utm_tags_make_a_cookie_a_header_can_carry(client, complex_page, site):
    """Found by the fuzz (tests/test_fuzz.py): the cookie held the tags as UTF-8 text, which no HTTP header can
    carry (the WSGI server answers 500), and the test client's next request failed on it."""
    response = client.get(path_of(complex_page) + "?utm_campaign=скидка", HTTP_HOST=site.hostname)
    response.cookies["lead_landing"].OutputString().encode("latin-1")  # raises if not
    form = page_form(client, site.hostname, complex_page, "consultation")
    client.post(SUBMIT, form_data(form), HTTP_HOST=site.hostname)
    assert Lead.objects.get(phone="+79001234567").utm == {"utm_campaign": "скидка"}


@pytest.mark.parametrize("referrer", ["http://[::1", "https://[bad/path", "http://"])
def test_a_malformed_referrer_is_no_outside_site(client, complex_page, site, referrer):
    """Found by the fuzz (tests/test_fuzz.py): urlsplit() raised on a broken IPv6 host, a 500 on any page."""
    response = client.get(path_of(complex_page), HTTP_HOST=site.hostname, HTTP_REFERER=referrer)
    assert response.status_code == 200
    assert "lead_landing" not in response.cookies


def test_utm_tags_of_the_page_travel_with_the_form(client, complex_page, site):
    form = page_form(client, site.hostname, complex_page, "consultation", query="?utm_source=yandex&utm_medium=cpc")
    assert form["action"] == SUBMIT + "?utm_source=yandex&utm_medium=cpc"
    client.post(form["action"], form_data(form), HTTP_HOST=site.hostname)
    assert Lead.objects.get(phone="+79001234567").source == LeadSource.ADS


def test_a_search_engine_referrer_makes_a_search_lead(client, complex_page, site):
    client.get(path_of(complex_page), HTTP_HOST=site.hostname, HTTP_REFERER="https://www.google.com/")
    client.post(SUBMIT, form_data(page_form(client, site.hostname, complex_page, "callback")), HTTP_HOST=site.hostname)
    assert Lead.objects.get(phone="+79001234567").source == LeadSource.SEARCH


def test_a_signed_in_visitor_gets_the_form_filled_and_the_lead_knows_them(client, complex_page, apartment, site):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(
        email="buyer@example.com", password="pw-Long-12345", first_name="Ирина", phone="+79007654321"
    )
    client.force_login(user)
    client.get(path_of(apartment), HTTP_HOST=site.hostname)  # viewed
    form = page_form(client, site.hostname, complex_page, "consultation")
    assert form.find("input", {"name": "phone"})["value"] == "+79007654321"
    rendered = {name: form.find("input", {"name": name})["value"] for name in ("name", "phone", "email")}
    assert rendered == {"name": "Ирина", "phone": "+79007654321", "email": "buyer@example.com"}
    data = form_data(form, **rendered)  # sent as the page filled it in
    client.post(SUBMIT, data, HTTP_HOST=site.hostname)
    lead = Lead.objects.get(phone="+79007654321")
    assert (lead.user, lead.name, lead.email) == (user, "Ирина", "buyer@example.com")
    assert apartment.pk in lead.visitor_context["viewed"] and lead.visitor_context["signed_in"] is True


def test_the_next_address_must_be_on_this_site(client, complex_page, site):
    form = page_form(client, site.hostname, complex_page, "callback")
    response = client.post(SUBMIT, form_data(form, next="https://evil.example/"), HTTP_HOST=site.hostname)
    assert response.status_code == 302 and response["Location"] == "/"


def test_get_is_not_allowed_and_a_forged_kind_is_a_bad_request(client, site):
    assert client.get(SUBMIT, HTTP_HOST=site.hostname).status_code == 405
    response = client.post(SUBMIT, {"kind": "mortgage"}, HTTP_HOST=site.hostname)
    assert response.status_code == 400 and "Заявка не отправлена" in visible_text(response)


def test_the_consent_links_to_the_policy_page(client, complex_page, site):
    form = page_form(client, site.hostname, complex_page, "callback")
    link = form.select_one(".lead-form-consent a")
    assert "152-ФЗ" in form.select_one(".lead-form-consent").get_text()
    response = client.get(link["href"], HTTP_HOST=site.hostname)
    assert response.status_code == 200 and "152-ФЗ" in visible_text(response)


# -- the block ---------------------------------------------------------------------------------------------------------


def test_the_block_puts_a_form_on_a_standard_page_and_the_home_page(client, site):
    home = site.root_page.specific
    about = home.add_child(instance=StandardPage(title="О компании", slug="o-kompanii"))
    about.body.append(("lead_form", {"kind": "callback", "heading": "Перезвоните мне", "button_text": "Жду звонка"}))
    about.save_revision().publish()
    home.sections.append(("lead_form", {"kind": "consultation", "heading": "", "button_text": ""}))
    home.save_revision().publish()
    about_form = page_form(client, site.hostname, Page.objects.get(pk=about.pk).specific, "callback")
    assert about_form.find("button").get_text(strip=True) == "Жду звонка"
    assert about_form.find("input", {"name": "listing"}).get("value") in (None, "")
    client.post(SUBMIT, form_data(about_form), HTTP_HOST=site.hostname)
    lead = Lead.objects.get(phone="+79001234567")
    assert (lead.kind, lead.listing, lead.listing_title) == ("callback", None, "")
    home_response = client.get("/", HTTP_HOST=site.hostname)
    assert "Консультация" in visible_text(home_response)
    assert parse_html(home_response).find("input", {"name": "kind", "value": "consultation"})


def test_pages_with_forms_cost_no_more_queries_with_more_managers(
    client, complex_page, make_manager, django_assert_max_num_queries, site
):
    path = path_of(complex_page)
    client.get(path, HTTP_HOST=site.hostname)  # warm the caches (slots included)
    with django_assert_max_num_queries(60) as first:
        client.get(path, HTTP_HOST=site.hostname)
    for i in range(10):
        make_manager(f"more{i}@example.com")
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(path, HTTP_HOST=site.hostname)
