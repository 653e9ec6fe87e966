"""«Свой Круг»: partner businesses and club events, as visitors and editors see them.

Rules are checked on a club site of their own (`home`, built with factories); what the seeded demo shows
(its five partners, a dozen events, their pages and JSON-LD) is checked on the demo site (`demo_home`)."""

from datetime import time, timedelta
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, Site
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from catalog.models import (
    BusinessCategory,
    BusinessIndexPage,
    BusinessPage,
    EventIndexPage,
    EventPage,
    OpeningHours,
    PartnerOffer,
    Tier,
    partners,
)
from demo import partners as demo
from home.models import BrandSettings, HomePage
from tests import schemaorg
from tests.catalog.factories import (
    BusinessIndexPageFactory,
    BusinessPageFactory,
    EventIndexPageFactory,
    EventPageFactory,
    city,
)
from tests.home.factories import brand_home
from tests.utils import jsonld_nodes, node_of_type, parse_html, sitemap_locations, validation_errors, visible_text

pytestmark = pytest.mark.django_db
HOST = "club.localhost"
BASE = f"http://{HOST}"
DEMO_HOST = "svoykrug.localhost"
DEMO_BASE = f"http://{DEMO_HOST}"
MAX_QUERIES = 20


# -- fixtures ------------------------------------------------------------------


class Clock:
    """The time of the test, standing still until the test moves it."""

    def __init__(self, traveller):
        self.traveller = traveller

    def __call__(self):
        return timezone.now()

    def shift(self, **delta):
        self.traveller.shift(timedelta(**delta))


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(timezone.now().replace(microsecond=0), tick=False)
    return Clock(time_machine)


@pytest.fixture
def home():
    return brand_home(HOST, "Клуб")


@pytest.fixture
def business_index(home):
    return BusinessIndexPageFactory(parent=home)


@pytest.fixture
def event_index(home):
    return EventIndexPageFactory(parent=home)


def category(slug):
    return BusinessCategory.objects.get(slug=slug)


@pytest.fixture
def demo_home():
    return Site.objects.get(hostname=DEMO_HOST).root_page.specific


@pytest.fixture
def demo_business_index(demo_home):
    return BusinessIndexPage.objects.child_of(demo_home).get()


@pytest.fixture
def demo_event_index(demo_home):
    return EventIndexPage.objects.child_of(demo_home).get()


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser(email="club-editor@example.com", password="pw")
    client.force_login(user)
    return client


def get(client, path, **params):
    response = client.get(path, params, HTTP_HOST=HOST)
    assert response.status_code == 200, path
    return response


def demo_get(client, path, **params):
    response = client.get(path, params, HTTP_HOST=DEMO_HOST)
    assert response.status_code == 200, path
    return response


@pytest.fixture
def events(event_index, clock):
    """Four upcoming club events (paid or free, for every tier or a few, one in Petersburg) and five past ones."""
    spec = [
        ("Мастер-класс по домашнему уходу за кожей", 7, {"price": Decimal(1200)}),
        (
            "Онлайн-встреча: как копить и тратить бонусы клуба",
            10,
            {"attendance_mode": "online", "online_url": "https://example.com/live", "address": "", "city": None},
        ),
        ("Закрытый вечер Inner Circle", 14, {"allowed_tiers": [Tier.INNER_CIRCLE]}),
        (
            "Выездная встреча клуба в Петербурге",
            20,
            {"city": city("sankt-peterburg"), "price": Decimal(3000), "allowed_tiers": [Tier.ELITE, Tier.INNER_CIRCLE]},
        ),
    ]
    spec += [(f"Прошедшая встреча {n}", -10 * n, {}) for n in range(1, 6)]
    return [
        EventPageFactory(parent=event_index, title=title, start=clock() + timedelta(days=days), **fields)
        for title, days, fields in spec
    ]


def card_titles(response):
    return [node.get_text(strip=True) for node in parse_html(response).select(".listing-card .card-title")]


def canonical(response):
    return parse_html(response).find("link", rel="canonical")["href"]


def form_errors(response):
    return [node.get_text(strip=True) for node in parse_html(response).select(".filter-form .errorlist")]


def main_node(response, type_name):
    node = node_of_type(response, type_name)
    assert node is not None, [n.get("@type") for n in jsonld_nodes(response)]
    assert schemaorg.problems(node) == []
    return node


# -- tree rules and demo ---------------------------------------------------------


def test_page_tree_rules(home, business_index, event_index):
    assert BusinessIndexPage.allowed_parent_page_models() == [HomePage]
    assert EventIndexPage.allowed_parent_page_models() == [HomePage]
    assert BusinessIndexPage.allowed_subpage_models() == [BusinessPage]
    assert EventIndexPage.allowed_subpage_models() == [EventPage]
    assert BusinessPage.allowed_parent_page_models() == [BusinessIndexPage]
    assert EventPage.allowed_parent_page_models() == [EventIndexPage]
    assert BusinessPage.allowed_subpage_models() == [] and EventPage.allowed_subpage_models() == []
    assert {BusinessIndexPage, EventIndexPage} <= set(HomePage.allowed_subpage_models())
    # one list of each per brand site, and the brand that has them cannot get a second one
    assert not BusinessIndexPage.can_create_at(home) and not EventIndexPage.can_create_at(home)
    other_home = brand_home("other.localhost", "Другой бренд")
    assert BusinessIndexPage.can_create_at(other_home) and EventIndexPage.can_create_at(other_home)
    assert not BusinessPage.can_create_at(home) and not EventPage.can_create_at(home)


def test_demo_indexes_lead_the_main_menu(client, demo_home, demo_business_index, demo_event_index):
    menu = BrandSettings.for_site(demo_home.get_site()).main_menu
    assert [item.link_page_id for item in menu.items.all()][:2] == [demo_business_index.pk, demo_event_index.pk]
    links = [a.get_text(strip=True) for a in parse_html(demo_get(client, "/partners/")).select(".main-nav a")]
    assert links[:2] == ["Партнёры клуба", "Мероприятия"]


# -- businesses: list ------------------------------------------------------------


def test_business_index_shows_cards_with_logo_category_address_and_best_offer(client):
    response = demo_get(client, "/partners/")
    cards = parse_html(response).select(".listing-card")
    assert sorted(card_titles(response)) == sorted(b["title"] for b in demo.BUSINESSES)
    skinerica = next(card for card in cards if card.select_one(".card-title").get_text(strip=True) == "Skinerica")
    assert skinerica.select_one("img.partner-logo")["src"].endswith(".webp")
    assert skinerica.select_one("img.card-image")["loading"] == "lazy"
    text = skinerica.get_text(" ", strip=True)
    assert "Косметология" in text and "Никитский бульвар, 12" in text
    assert "−15% Скидка на первую чистку лица" in text  # a discount beats bonus points
    assert "Маска в подарок" not in visible_text(response)  # expired
    assert all(card.select_one(".favorite-form button.favorite-button") for card in cards)


def test_business_filter_by_category(client, business_index):
    BusinessPageFactory(parent=business_index, title="Стим Центр", category=category("stomatologiya"))
    BusinessPageFactory(parent=business_index, title="Skinerica", category=category("kosmetologiya"))
    response = get(client, "/partners/", category="stomatologiya")
    assert card_titles(response) == ["Стим Центр"]
    assert canonical(response) == f"{BASE}/partners/"


def test_business_filter_by_city(client, business_index):
    BusinessPageFactory(parent=business_index, title="Петербургский партнёр", city=city("sankt-peterburg"))
    assert card_titles(get(client, "/partners/", city="sankt-peterburg")) == ["Петербургский партнёр"]
    assert "Петербургский партнёр" not in card_titles(get(client, "/partners/", city="moskva"))


def test_business_sort_by_name_and_newest(client, business_index):
    for title in ["Skinerica", "Миндаль", "Лисичкино"]:
        BusinessPageFactory(parent=business_index, title=title)
    newest = BusinessPageFactory(parent=business_index, title="Аптека у дома")
    newest.first_published_at = timezone.now() + timedelta(minutes=1)
    newest.save()
    by_name = card_titles(get(client, "/partners/", sort="name"))
    cyrillic = [title for title in by_name if title[0] >= "А"]  # Latin vs Cyrillic order depends on the collation
    assert cyrillic == sorted(cyrillic) and cyrillic[0] == "Аптека у дома"
    assert card_titles(get(client, "/partners/", sort="new"))[0] == "Аптека у дома"
    assert card_titles(get(client, "/partners/", sort="bogus")) == by_name  # unknown sort: the default


@pytest.mark.parametrize(
    ("params", "errors"),
    [({"category": "no-such-thing"}, 1), ({"city": "123"}, 1), ({"category": "<b>", "city": "атлантида"}, 2)],
)
def test_business_bad_filter_input_is_ignored_and_reported(client, business_index, params, errors):
    BusinessPageFactory.create_batch(3, parent=business_index)
    response = get(client, "/partners/", **params)
    assert len(form_errors(response)) == errors
    assert len(card_titles(response)) == 3


def test_business_pagination_keeps_filters(client, business_index, monkeypatch):
    monkeypatch.setattr(BusinessIndexPage, "per_page", 2)
    BusinessPageFactory.create_batch(4, parent=business_index)  # all in cosmetology
    first = get(client, "/partners/", category="kosmetologiya")
    assert len(card_titles(first)) == 2
    next_link = parse_html(first).select_one('.pagination a[rel="next"]')["href"]
    assert parse_qs(urlsplit(next_link).query) == {"category": ["kosmetologiya"], "page": ["2"]}
    second = get(client, "/partners/", category="kosmetologiya", page=2)
    assert len(card_titles(second)) == 2 and not set(card_titles(first)) & set(card_titles(second))
    assert canonical(second) == f"{BASE}/partners/"


def test_business_index_jsonld_is_an_item_list(client, business_index):
    BusinessPageFactory.create_batch(2, parent=business_index)
    node = main_node(get(client, "/partners/"), "CollectionPage")
    items = node["mainEntity"]["itemListElement"]
    assert len(items) == 2 and items[0]["url"].startswith(f"{BASE}/partners/")


# -- businesses: detail ----------------------------------------------------------


def test_business_page_shows_contacts_hours_and_current_offers(client):
    response = demo_get(client, "/partners/skinerica/")
    text = visible_text(response)
    for expected in [
        "Skinerica",
        "Косметология",
        "Москва, Никитский бульвар, 12",
        "+7 495 120-45-67",
        "hello@skinerica.ru",
        "Пн–Сб 10:00–21:00",
        "Вс 11:00–19:00",
        "Скидка на первую чистку лица",
        "+500 баллов",
    ]:
        assert expected in text, expected
    assert "Маска в подарок" not in text
    soup = parse_html(response)
    assert soup.select_one(".detail-header .favorite-form button")
    assert soup.select_one('a[href="tel:+74951204567"]')
    gallery_picture = soup.select_one(".gallery-viewer picture")  # the main photo, then the thumbnails
    assert gallery_picture.select_one('source[type="image/webp"]')["srcset"].count("w,") >= 2
    assert all(thumb.img["loading"] == "lazy" for thumb in soup.select(".gallery-viewer a[data-gallery-thumb]"))


@pytest.mark.parametrize(
    ("slug", "schema_type"),
    [
        ("skinerica", "HealthAndBeautyBusiness"),
        ("lisichkino", "GroceryStore"),
        ("stim-tsentr", "Dentist"),
        ("mindal", "BeautySalon"),
        ("millenium", "MedicalClinic"),
    ],
)
def test_business_jsonld_is_the_specific_local_business(client, slug, schema_type):
    node = main_node(demo_get(client, f"/partners/{slug}/"), schema_type)
    assert node["url"] == f"{DEMO_BASE}/partners/{slug}/"
    assert node["address"]["@type"] == "PostalAddress" and node["address"]["addressLocality"] == "Москва"
    assert node["geo"]["@type"] == "GeoCoordinates" and 55 < node["geo"]["latitude"] < 56
    assert node["telephone"] and node["image"].startswith(DEMO_BASE)
    hours = node["openingHoursSpecification"]
    assert all(spec["@type"] == "OpeningHoursSpecification" for spec in hours)
    assert hours[0]["dayOfWeek"][0] == "https://schema.org/Monday"
    assert all(spec["opens"] < spec["closes"] for spec in hours)
    assert node["makesOffer"] and all(offer["@type"] == "Offer" for offer in node["makesOffer"])


def test_business_without_coordinates_or_offers_has_no_geo_or_offer(client, business_index):
    page = BusinessPageFactory(parent=business_index, category=category("gastromarket"))
    node = main_node(get(client, page.url), "GroceryStore")
    assert "geo" not in node and "makesOffer" not in node and "openingHoursSpecification" not in node


def test_expired_offers_disappear_when_their_day_is_over(client, business_index, clock):
    page = BusinessPageFactory(parent=business_index, title="Акционный партнёр")
    PartnerOffer.objects.create(
        business=page, title="Скидка до завтра", kind="discount", value=30, valid_until=partners.today() + timedelta(1)
    )
    assert "Скидка до завтра" in visible_text(get(client, page.url))
    clock.shift(days=1)
    assert "Скидка до завтра" in visible_text(get(client, page.url))  # valid through its last day
    clock.shift(days=1)
    assert "Скидка до завтра" not in visible_text(get(client, page.url))
    assert "Скидка до завтра" not in visible_text(get(client, "/partners/"))
    assert "makesOffer" not in main_node(get(client, page.url), "HealthAndBeautyBusiness")


def test_best_offer_prefers_discount_then_points_then_gift():
    gift = PartnerOffer(title="Подарок", kind="gift")
    points = PartnerOffer(title="Баллы", kind="points", value=Decimal(1000))
    small, big = (PartnerOffer(title=f"{v}%", kind="discount", value=Decimal(v)) for v in (5, 25))
    assert min([gift, points, small, big], key=PartnerOffer.rank) is big
    assert min([gift, points], key=PartnerOffer.rank) is points
    assert [str(o.badge) for o in (gift, points, big)] == ["Подарок", "+1000 баллов", "−25%"]


# -- businesses: editor rules ----------------------------------------------------


def test_opening_hours_must_close_after_they_open():
    row = OpeningHours(weekday_from=0, weekday_to=4, opens=time(21), closes=time(9))
    with pytest.raises(ValidationError) as error:
        row.clean()
    assert "позже времени открытия" in error.value.message_dict["closes"][0]
    with pytest.raises(ValidationError) as error:
        OpeningHours(weekday_from=4, weekday_to=0, opens=time(9), closes=time(18)).clean()
    assert "weekday_to" in error.value.message_dict
    OpeningHours(weekday_from=0, weekday_to=0, opens=time(9), closes=time(18)).clean()


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("discount", None, "от 1 до 100"),
        ("discount", 150, "от 1 до 100"),
        ("points", None, "сколько баллов"),
        ("points", 0, "сколько баллов"),
        ("gift", 500, "Для подарка значение не указывается"),
    ],
)
def test_offer_value_must_fit_its_kind(kind, value, message):
    offer = PartnerOffer(title="Предложение", kind=kind, value=None if value is None else Decimal(value))
    with pytest.raises(ValidationError) as error:
        offer.clean()
    assert message in error.value.message_dict["value"][0]


def test_editor_sees_the_hours_error_in_the_admin(admin_client, business_index):
    page = BusinessPageFactory(parent=business_index)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert admin_client.get(url).status_code == 200
    data = nested_form_data(
        {
            "title": "Новый партнёр",
            "slug": "new-partner",
            "category": page.category_id,
            "city": page.city_id,
            "address": "ул. Арбат, 1",
            "description": "Новый партнёр клуба.",
            "opening_hours": inline_formset(
                [{"weekday_from": "0", "weekday_to": "4", "opens": "21:00", "closes": "09:00"}]
            ),
            "gallery_images": inline_formset([]),
            "offers": inline_formset([]),
        }
    )
    add_url = reverse("wagtailadmin_pages:add", args=["catalog", "businesspage", business_index.pk])
    response = admin_client.post(add_url, data)
    assert response.status_code == 200
    assert "Время закрытия должно быть позже времени открытия" in response.content.decode()
    assert not BusinessPage.objects.filter(slug="new-partner").exists()
    data["opening_hours-0-closes"] = "22:00"
    assert admin_client.post(add_url, data).status_code == 302
    created = BusinessPage.objects.get(slug="new-partner")
    assert [(row.opens, row.closes) for row in created.opening_hours.all()] == [(time(21), time(22))]


def test_preview_shows_unsaved_hours_and_offers(business_index):
    page = BusinessPageFactory(parent=business_index)
    PartnerOffer.objects.create(business=page, title="Скидка на первую чистку лица", kind="discount", value=15)
    page = BusinessPage.objects.get(pk=page.pk)
    page.opening_hours = [OpeningHours(weekday_from=0, weekday_to=6, opens=time(9), closes=time(23))]
    page.offers = [PartnerOffer(title="Предложение из черновика", kind="gift")]
    response = page.make_preview_request()
    assert response.status_code == 200
    text = visible_text(response)
    assert "Ежедневно 09:00–23:00" in text and "Предложение из черновика" in text
    assert "Скидка на первую чистку лица" not in text


# -- events: upcoming list -------------------------------------------------------


def test_event_index_lists_only_upcoming_events_soonest_first(client, event_index, events, clock):
    response = get(client, "/events/")
    upcoming = list(EventPage.objects.child_of(event_index).live().filter(end__gte=clock()).order_by("start"))
    assert card_titles(response) == [event.title for event in upcoming]
    past_titles = set(EventPage.objects.child_of(event_index).filter(end__lt=clock()).values_list("title", flat=True))
    assert past_titles and not past_titles & set(card_titles(response))
    soup = parse_html(response)
    assert soup.select_one(f'a[href="/events/{event_index.reverse_subpage("archive")}"]')
    assert all(card.select_one(".favorite-form") for card in soup.select(".listing-card"))


def test_an_event_leaves_the_upcoming_list_when_it_ends(client, event_index, clock):
    event = EventPageFactory(
        parent=event_index, title="Вечер, который вот-вот закончится", start=clock() - timedelta(hours=2)
    )
    event.end = clock() + timedelta(minutes=30)
    event.save()
    assert event.title in card_titles(get(client, "/events/"))  # still running: still listed
    assert event.title not in card_titles(get(client, "/events/archive/"))
    clock.shift(minutes=31)
    assert event.title not in card_titles(get(client, "/events/"))
    assert card_titles(get(client, "/events/archive/"))[0] == event.title  # newest past first
    assert "Мероприятие уже прошло" in visible_text(get(client, event.url))


def test_event_cards_show_date_place_price_and_tiers(client):
    response = demo_get(client, "/events/")
    cards = {card.select_one(".card-title").get_text(strip=True): card for card in parse_html(response).select(".card")}
    online = cards["Онлайн-встреча: как копить и тратить бонусы клуба"].get_text(" ", strip=True)
    assert "онлайн" in online and "Бесплатно" in online and "Для всех участниц" in online
    master_class = cards["Мастер-класс по домашнему уходу за кожей"].get_text(" ", strip=True)
    assert "1 200 ₽" in master_class.replace("\xa0", " ") and "Никитский бульвар, 12" in master_class
    cancelled = cards["Гастроужин с шеф-поваром «Лисичкино»"].get_text(" ", strip=True)
    assert "Отменено" in cancelled and "VIP Elite Inner Circle" in cancelled


def test_event_filter_by_month(client, event_index, clock):
    event = EventPageFactory(parent=event_index, title="Событие через полгода", start=clock() + timedelta(days=183))
    month = timezone.localtime(event.start).strftime("%Y-%m")
    titles = card_titles(get(client, "/events/", month=month))
    assert event.title in titles
    expected = {
        e.title
        for e in EventPage.objects.child_of(event_index).filter(end__gte=clock())
        if timezone.localtime(e.start).strftime("%Y-%m") == month
    }
    assert set(titles) == expected


def test_event_filter_by_city(client, events):
    assert card_titles(get(client, "/events/", city="sankt-peterburg")) == ["Выездная встреча клуба в Петербурге"]


def test_event_filter_by_tier(client, event_index, events, clock):
    titles = card_titles(get(client, "/events/", tier=Tier.INNER_CIRCLE))
    assert "Закрытый вечер Inner Circle" in titles
    insider = card_titles(get(client, "/events/", tier=Tier.INSIDER))
    assert "Закрытый вечер Inner Circle" not in insider and "Выездная встреча клуба в Петербурге" not in insider
    expected = {
        e.title
        for e in EventPage.objects.child_of(event_index).filter(end__gte=clock())
        if Tier.INSIDER in e.allowed_tiers
    }
    assert set(insider) == expected


def test_event_filter_free_only(client, event_index, events, clock):
    titles = card_titles(get(client, "/events/", free="on"))
    free = set(
        EventPage.objects.child_of(event_index).filter(end__gte=clock(), price=0).values_list("title", flat=True)
    )
    assert titles and set(titles) == free
    assert "Мастер-класс по домашнему уходу за кожей" not in titles


def test_event_filters_combine_and_sort_by_price(client, events):
    titles = card_titles(get(client, "/events/", tier=Tier.VIP, free="on"))
    assert "Онлайн-встреча: как копить и тратить бонусы клуба" in titles
    assert "Закрытый вечер Inner Circle" not in titles
    price_of = {event.title: event.price for event in events}
    prices = [price_of[title] for title in card_titles(get(client, "/events/", sort="price"))]
    assert prices == sorted(prices) and prices[-1] > 0


@pytest.mark.parametrize(
    ("params", "errors"),
    [
        ({"month": "2020-13"}, 1),
        ({"month": "скоро"}, 1),
        ({"city": "атлантида"}, 1),
        ({"tier": "gold"}, 1),
        ({"month": "1999-01", "tier": "1", "city": "0"}, 3),
    ],
)
def test_event_bad_filter_input_is_ignored_and_reported(client, events, params, errors):
    response = get(client, "/events/", **params)
    assert len(form_errors(response)) == errors
    assert card_titles(response) == card_titles(get(client, "/events/"))


def test_event_pagination_keeps_filters_and_canonical_is_unfiltered(client, event_index, monkeypatch):
    monkeypatch.setattr(EventIndexPage, "per_page", 2)
    EventPageFactory.create_batch(3, parent=event_index)
    first = get(client, "/events/", free="on", tier="vip")
    next_link = parse_html(first).select_one('.pagination a[rel="next"]')["href"]
    assert parse_qs(urlsplit(next_link).query) == {"free": ["on"], "tier": ["vip"], "page": ["2"]}
    assert canonical(first) == f"{BASE}/events/"


# -- events: archive -------------------------------------------------------------


def test_archive_lists_past_events_newest_first_with_its_own_canonical(client, event_index, events, clock):
    response = get(client, "/events/archive/")
    past = EventPage.objects.child_of(event_index).filter(end__lt=clock()).order_by("-start")
    assert card_titles(response) == [event.title for event in past]
    assert len(card_titles(response)) == 5
    assert canonical(response) == f"{BASE}/events/archive/"
    soup = parse_html(response)
    assert soup.title.get_text().startswith("Архив: Мероприятия")
    assert soup.h1.get_text() == "Прошедшие мероприятия"
    assert soup.find("meta", property="og:url")["content"] == f"{BASE}/events/archive/"
    node = main_node(response, "CollectionPage")
    assert node["url"] == f"{BASE}/events/archive/" and node["mainEntity"]["numberOfItems"] == 5
    # the upcoming list keeps its own canonical
    assert canonical(get(client, "/events/")) == f"{BASE}/events/"


def test_archive_paginates(client, event_index, events, clock, monkeypatch):
    monkeypatch.setattr(EventIndexPage, "per_page", 2)
    second = get(client, "/events/archive/", page=2)
    assert len(card_titles(second)) == 2
    assert canonical(second) == f"{BASE}/events/archive/"
    assert get(client, "/events/archive/", page="x").status_code == 200


# -- events: detail --------------------------------------------------------------


def test_event_page_shows_the_facts(client):
    response = demo_get(client, EventPage.objects.get(title="Мастер-класс по домашнему уходу за кожей").url)
    text = visible_text(response).replace("\xa0", " ")
    for expected in ["1 200 ₽", "Очно", "Skinerica, Москва, Никитский бульвар, 12", "для всех участниц клуба", "19:00"]:
        assert expected in text, expected
    soup = parse_html(response)
    assert soup.select_one('a[href="/partners/skinerica/"]')
    assert soup.select_one(".detail-header .favorite-form button")
    assert soup.select_one("figure picture source[type='image/webp']")


def test_free_event_says_free(client, events):
    event = next(event for event in events if event.title == "Закрытый вечер Inner Circle")
    text = visible_text(get(client, event.url))
    assert "Бесплатно" in text and "Inner Circle" in text


def test_event_jsonld_offline(client):
    event = EventPage.objects.get(title="Мастер-класс по домашнему уходу за кожей")
    node = main_node(demo_get(client, event.url), "Event")
    assert node["name"] == event.title
    assert node["startDate"] == timezone.localtime(event.start).isoformat()
    assert node["endDate"] == timezone.localtime(event.end).isoformat()
    assert node["eventStatus"] == "https://schema.org/EventScheduled"
    assert node["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert node["location"]["@type"] == "Place"
    assert node["location"]["address"]["streetAddress"] == "Никитский бульвар, 12"
    offer = node["offers"]
    assert offer == offer | {"@type": "Offer", "price": "1200.00", "priceCurrency": "RUB"}
    assert offer["availability"] == "https://schema.org/InStock" and offer["validFrom"]
    assert node["organizer"] == {
        "@type": "HealthAndBeautyBusiness",
        "name": "Skinerica",
        "url": f"{DEMO_BASE}/partners/skinerica/",
    }
    assert node["maximumAttendeeCapacity"] == 15
    assert node["image"].startswith(DEMO_BASE) and node["description"]


def test_event_jsonld_online_mixed_and_cancelled(client):
    online = main_node(
        demo_get(client, EventPage.objects.get(attendance_mode="online", locale__language_code="ru").url), "Event"
    )
    assert online["location"] == {"@type": "VirtualLocation", "url": "https://telemost.yandex.ru/j/svoykrug-bonusy"}
    assert online["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert online["organizer"]["@type"] == "Organization" and online["organizer"]["@id"] == f"{DEMO_BASE}/#organization"
    assert online["isAccessibleForFree"] is True and online["offers"]["price"] == "0.00"
    mixed = main_node(
        demo_get(client, EventPage.objects.get(attendance_mode="mixed", locale__language_code="ru").url), "Event"
    )
    assert [place["@type"] for place in mixed["location"]] == ["Place", "VirtualLocation"]
    assert mixed["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    response = demo_get(client, EventPage.objects.get(status="cancelled", locale__language_code="ru").url)
    cancelled = main_node(response, "Event")
    assert cancelled["eventStatus"] == "https://schema.org/EventCancelled"
    assert cancelled["offers"]["availability"] == "https://schema.org/Discontinued"
    assert "Мероприятие отменено" in visible_text(response)


@pytest.mark.parametrize(
    ("status", "schema"),
    [("postponed", "EventPostponed"), ("rescheduled", "EventRescheduled")],
)
def test_event_jsonld_other_statuses(client, event_index, status, schema):
    event = EventPageFactory(parent=event_index, status=status)
    assert main_node(get(client, event.url), "Event")["eventStatus"] == f"https://schema.org/{schema}"


# -- events: editor rules --------------------------------------------------------


def make_event(**fields):
    start = timezone.now() + timedelta(days=3)
    values = {
        "title": "Проверка",
        "slug": "proverka",
        "start": start,
        "end": start + timedelta(hours=2),
        "place_name": "Клуб",
        "address": "ул. Остоженка, 25",
        "city": city(),
        "description": "Описание.",
    } | fields
    return EventPage(**values)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"end": timezone.now()}, "end", "Окончание должно быть позже начала"),
        ({"attendance_mode": "online"}, "online_url", "ссылку на трансляцию"),
        ({"attendance_mode": "mixed", "address": ""}, "address", "укажите адрес"),
        ({"city": None}, "city", "укажите город"),
        ({"capacity": 0}, "capacity", ""),
        ({"price": Decimal(-1)}, "price", ""),
        ({"allowed_tiers": []}, "allowed_tiers", "хотя бы один статус"),
        ({"allowed_tiers": ["vip", "gold"]}, "allowed_tiers", "Неизвестные статусы: gold"),
    ],
)
def test_event_validation_messages(event_index, fields, field, message):
    event = make_event(**fields)
    event.path, event.depth = event_index.path + "9999", event_index.depth + 1
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert field in error.value.message_dict
    assert message in " ".join(error.value.message_dict[field])


def test_online_event_needs_no_address(event_index):
    event = make_event(attendance_mode="online", online_url="https://example.com/live", address="", city=None)
    assert validation_errors(event.clean) == {}


def test_editor_creates_event_with_tier_checkboxes(admin_client, event_index):
    url = reverse("wagtailadmin_pages:add", args=["catalog", "eventpage", event_index.pk])
    form = admin_client.get(url)
    assert form.status_code == 200
    assert parse_html(form).select('input[type="checkbox"][name="allowed_tiers"]')
    data = {
        "title": "Новая встреча",
        "slug": "novaya-vstrecha",
        "start": "2030-05-10 19:00",
        "end": "2030-05-10 18:00",
        "attendance_mode": "offline",
        "status": "scheduled",
        "place_name": "Клуб",
        "address": "ул. Остоженка, 25",
        "city": city().pk,
        "capacity": "10",
        "price": "0",
        "currency": "RUB",
        "allowed_tiers": ["elite", "vip"],
        "description": "Описание встречи.",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Окончание должно быть позже начала" in response.content.decode()
    data["end"] = "2030-05-10 22:00"
    assert admin_client.post(url, data).status_code == 302
    event = EventPage.objects.get(slug="novaya-vstrecha")
    assert event.allowed_tiers == ["vip", "elite"]  # stored lowest tier first
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[event.pk]))
    checked = {box["value"] for box in parse_html(edit).select('input[name="allowed_tiers"][checked]')}
    assert checked == {"vip", "elite"}


# -- SEO and query counts --------------------------------------------------------


def test_sitemap_lists_the_indexes_businesses_and_events(client, demo_business_index, demo_event_index):
    locations = sitemap_locations(client, DEMO_HOST)
    expected = {page.get_full_url() for page in Page.objects.descendant_of(demo_business_index, inclusive=True).live()}
    expected |= {page.get_full_url() for page in Page.objects.descendant_of(demo_event_index, inclusive=True).live()}
    assert len(expected) == 2 + len(demo.BUSINESSES) + len(demo.EVENTS)
    assert expected <= locations


def count_queries(path):
    client = Client()  # a new visitor for each path, so one page's session does not leak into another's count
    client.get(path, HTTP_HOST=DEMO_HOST)  # warm the caches (site root paths, renditions, menus)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, HTTP_HOST=DEMO_HOST)
    assert response.status_code == 200
    return len(queries)


def test_query_counts_do_not_grow_with_listings(demo_home, demo_business_index, demo_event_index):
    paths = [
        "/partners/?category=kosmetologiya&sort=new",
        "/partners/skinerica/",
        "/events/?tier=vip",
        "/events/archive/",
        EventPage.objects.get(title="Мастер-класс по домашнему уходу за кожей").url,
    ]
    demo.seed(demo_home, scale=5)
    assert BusinessPage.objects.child_of(demo_business_index).count() == 10
    few = {path: count_queries(path) for path in paths}
    demo.seed(demo_home, scale=20)  # two and a half pages of 12
    assert BusinessPage.objects.child_of(demo_business_index).count() == 30
    assert EventPage.objects.child_of(demo_event_index).count() >= 30
    many = {path: count_queries(path) for path in paths}
    print(f"\nquery counts, 10 listings: {few}\n30 listings: {many}")  # noqa: T201 - shown with -s
    assert many == few
    assert max(many.values()) <= MAX_QUERIES, many
