"""ЖильеGO rentals: the search (seed 003, scenario 1), the property card (scenario 2) and the editor's form (9.1)."""

from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
import wagtail_factories
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, querydict_from_html

from agencies.models import AgencyFolderPage
from catalog.models import Amenity, City, District, PropertyType, RentalIndexPage, RentalPropertyPage
from catalog.models.rentals import SCHEMA_TYPES
from demo import rentals as rentals_demo
from home.models import HomePage
from images.models import CustomImage
from tests import schemaorg
from tests.catalog.factories import RentalIndexPageFactory, RentalPhotoFactory, RentalPropertyPageFactory
from tests.home.factories import brand_home
from tests.utils import (
    jsonld_nodes,
    node_of_type,
    parse_html,
    sitemap_locations,
    sitemap_parts,
    validation_errors,
    visible_text,
)

pytestmark = pytest.mark.django_db
HOST = "rentals.localhost"
DEMO_HOST = "zhilego.localhost"
MAX_QUERIES = 20


@pytest.fixture
def index():
    """The rentals section of a brand site of its own, for the editor's rules."""
    return RentalIndexPageFactory(parent=brand_home(HOST, "Аренда"))


@pytest.fixture
def demo_index():
    return RentalIndexPage.objects.get(slug=rentals_demo.INDEX_SLUG, locale__language_code="ru")


def search(client, index, **params):
    response = client.get(index.url, params, HTTP_HOST=DEMO_HOST)
    assert response.status_code == 200
    return response


def found(response):
    """Every property the search found (all pages), in the order shown."""
    return list(response.context["listings"].paginator.object_list)


def active(index):
    return RentalPropertyPage.objects.live().descendant_of(index).filter(is_active=True)


def card_titles(response):
    return [title.get_text(strip=True) for title in parse_html(response).select(".rental-card .card-title")]


# -- tree and demo -----------------------------------------------------------------------------------


def test_page_tree_rules(index):
    assert RentalIndexPage.allowed_parent_page_models() == [HomePage]
    assert RentalIndexPage.allowed_subpage_models() == [RentalPropertyPage, AgencyFolderPage]
    assert RentalPropertyPage.allowed_parent_page_models() == [RentalIndexPage, AgencyFolderPage]
    assert RentalPropertyPage.allowed_subpage_models() == []
    home = index.get_parent()
    assert not RentalIndexPage.can_create_at(home)  # one rentals section per site, and this one has it
    assert RentalIndexPage.can_create_at(brand_home("other.localhost", "Другой бренд"))
    assert not RentalPropertyPage.can_create_at(home)
    assert RentalPropertyPage.can_create_at(index)


def test_admin_add_form_opens_under_the_index(admin_client, index):
    url = reverse("wagtailadmin_pages:add", args=["catalog", "rentalpropertypage", index.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    soup = parse_html(response)
    for name in ("city", "district", "housing_class", "property_type", "rooms", "price_per_night", "realtor_phone"):
        assert soup.find(attrs={"name": name}), name
    assert soup.find(attrs={"name": "photos-MAX_NUM_FORMS"})["value"] == "6"


# -- the search page -------------------------------------------------------------------------------


def test_index_lists_active_properties_with_count_and_cards(client, demo_index):
    response = search(client, demo_index)
    total = active(demo_index).count()
    assert response.context["result_count"] == total == rentals_demo.DEMO_COUNT - 2
    assert f"Найдено {total} вариантов" in visible_text(response)
    soup = parse_html(response)
    cards = soup.select(".rental-card")
    assert len(cards) == demo_index.per_page
    card = cards[0]
    assert card.select_one("img")["src"].endswith(".webp") and card.select_one("img")["loading"] == "lazy"
    assert "₸/сутки" in card.select_one(".card-price").get_text()
    assert card.select_one(".card-price").get_text(strip=True).startswith("от ")
    assert "район" in card.select_one(".card-meta").get_text()
    assert card.select_one(".favorite-button")
    inactive = RentalPropertyPage.objects.child_of(demo_index).filter(is_active=False)
    assert not {page.pk for page in inactive} & {page.pk for page in found(response)}


def test_card_shows_rating_or_new(client, demo_index):
    rated = RentalPropertyPageFactory(parent=demo_index, title="Оценённая квартира", price_per_night=Decimal("1000"))
    RentalPropertyPage.objects.filter(pk=rated.pk).update(rating_avg=Decimal("4.6"), rating_count=12)
    fresh = RentalPropertyPageFactory(parent=demo_index, title="Свежая квартира", price_per_night=Decimal("1000"))
    response = search(client, demo_index, sort="price")
    cards = {
        card.select_one(".card-title").get_text(strip=True): card
        for card in parse_html(response).select(".rental-card")
    }
    rated_text = cards[rated.title].select_one(".rating").get_text(" ", strip=True)
    assert "★★★★★" in rated_text and "4,6" in rated_text and "12" in rated_text
    assert cards[fresh.title].select_one(".rating").get_text(strip=True) == "Новый объект"


@pytest.mark.parametrize(
    ("params", "check"),
    [
        ({"housing_class": "premium"}, lambda page: page.housing_class.slug == "premium"),
        ({"property_type": "kottedzh"}, lambda page: page.property_type.slug == "kottedzh"),
        ({"rooms": "1"}, lambda page: page.rooms == 1),
        ({"rooms": "4"}, lambda page: page.rooms >= 4),
        ({"rooms": ["2", "3"]}, lambda page: page.rooms in {2, 3}),
        ({"price_min": "30000"}, lambda page: page.price_per_night >= 30000),
        ({"price_max": "15000"}, lambda page: page.price_per_night <= 15000),
        ({"price_min": "20000", "price_max": "30000"}, lambda page: 20000 <= page.price_per_night <= 30000),
        ({"rating": "4.5"}, lambda page: page.rating_count > 0 and page.rating_avg >= Decimal("4.5")),
    ],
)
def test_each_filter_narrows_the_results(client, demo_index, params, check):
    response = search(client, demo_index, **params)
    results = found(response)
    assert 0 < len(results) < active(demo_index).count()
    assert all(check(page) for page in results)
    assert response.context["result_count"] == len(results)


def test_city_filter(client, demo_index):
    moscow = City.objects.get(slug="moskva")
    elsewhere = RentalPropertyPageFactory(parent=demo_index, city=moscow, district=moscow.districts.get(slug="tsao"))
    astana = found(search(client, demo_index, city="astana"))
    assert elsewhere.pk not in {page.pk for page in astana}
    assert len(astana) == active(demo_index).count() - 1
    assert [page.pk for page in found(search(client, demo_index, city="moskva"))] == [elsewhere.pk]


def test_district_filter(client, demo_index):
    district = District.objects.get(city__slug="astana", slug="baykonurskiy")
    results = found(search(client, demo_index, district=district.pk))
    assert results and {page.district_id for page in results} == {district.pk}
    expected = active(demo_index).filter(district=district).count()
    assert len(results) == expected


def test_amenities_filter_requires_all_chosen(client, demo_index):
    results = found(search(client, demo_index, amenities=["parkovka", "posudomoechnaya-mashina"]))
    assert results
    for page in results:
        assert {"parkovka", "posudomoechnaya-mashina"} <= {amenity.slug for amenity in page.amenities.all()}
    only_parking = found(search(client, demo_index, amenities="parkovka"))
    assert len(only_parking) > len(results)


def test_filters_combine(client, demo_index):
    results = found(search(client, demo_index, property_type="kvartira", housing_class="biznes", rooms="2"))
    assert results
    assert all(
        (page.property_type.slug, page.housing_class.slug, page.rooms) == ("kvartira", "biznes", 2) for page in results
    )


@pytest.mark.parametrize(
    ("sort", "key", "reverse"),
    [
        ("price", lambda page: page.price_per_night, False),
        ("-price", lambda page: page.price_per_night, True),
        ("rating", lambda page: (page.rating_avg, page.rating_count), True),
        ("new", lambda page: page.first_published_at, True),
    ],
)
def test_sort_orders(client, demo_index, sort, key, reverse):
    response = search(client, demo_index, sort=sort)
    results = found(response)
    assert [key(page) for page in results] == sorted((key(page) for page in results), reverse=reverse)
    assert len({key(page) for page in results}) > 5  # the demo data lets the order matter
    assert card_titles(response) == [page.title for page in results[: demo_index.per_page]]


def test_default_sort_is_newest_and_new_property_comes_first(client, demo_index):
    page = RentalPropertyPageFactory(parent=demo_index, title="Только что добавлена")
    response = search(client, demo_index)
    assert response.context["sort_key"] == "new"
    assert card_titles(response)[0] == page.title


def test_pagination_keeps_filters_and_sort(client, demo_index):
    response = search(client, demo_index, property_type="kvartira", sort="price")
    next_link = parse_html(response).select_one(".pagination a[rel=next]")["href"]
    query = parse_qs(urlsplit(next_link).query)
    assert query == {"property_type": ["kvartira"], "sort": ["price"], "page": ["2"]}
    page_two = client.get(demo_index.url + "?" + urlsplit(next_link).query, HTTP_HOST=DEMO_HOST)
    first_page = found(response)
    assert [page.pk for page in page_two.context["listings"]] == [page.pk for page in first_page[12:24]]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"price_min": "дёшево"}, "price_min"),
        ({"price_max": "1e999"}, "price_max"),
        ({"district": "999999"}, "district"),
        ({"district": "abc"}, "district"),
        ({"city": "atlantida"}, "city"),
        ({"housing_class": "lux"}, "housing_class"),
        ({"property_type": "yurta"}, "property_type"),
        ({"amenities": "jacuzzi"}, "amenities"),
        ({"rooms": "7"}, "rooms"),
        ({"rating": "9"}, "rating"),
    ],
)
def test_bad_filter_input_is_ignored_and_shown(client, demo_index, params, field):
    response = search(client, demo_index, **params)
    form = response.context["filter"].form
    assert field in form.errors
    assert response.context["result_count"] == active(demo_index).count()
    errors = parse_html(response).select(".filter-form .errorlist")
    assert errors and errors[0].get_text(strip=True)


def test_bad_sort_and_page_fall_back(client, demo_index):
    response = search(client, demo_index, sort="cheapest", page="last")
    assert response.context["sort_key"] == "new"
    assert response.context["listings"].number == 1


def test_district_of_another_city_is_refused(client, demo_index):
    moscow_district = District.objects.filter(city__slug="moskva").first()
    response = search(client, demo_index, city="astana", district=moscow_district.pk)
    assert "district" in response.context["filter"].form.errors


def test_nothing_found_suggests_which_filter_to_loosen(client, demo_index):
    response = search(client, demo_index, property_type="khostel", amenities="parkovka", price_max="9000")
    assert response.context["result_count"] == 0
    text = visible_text(response)
    assert "Ничего не найдено" in text
    hints = parse_html(response).select(".loosen-hints a")
    assert hints
    for link in hints:
        loosened = client.get(link["href"], HTTP_HOST=DEMO_HOST)
        assert loosened.context["result_count"] > 0
        assert f"вариантов: {loosened.context['result_count']}" in link.parent.get_text()


def test_nothing_found_without_single_fix_gives_general_advice(client, demo_index):
    response = search(client, demo_index, price_min="100000", price_max="5000")
    assert response.context["result_count"] == 0
    assert "сбросьте фильтры" in visible_text(response)


def test_filtered_list_is_canonicalised_to_the_index(client, demo_index):
    response = search(client, demo_index, property_type="kvartira", sort="price", page="2")
    assert parse_html(response).find("link", rel="canonical")["href"] == demo_index.full_url


def test_index_jsonld_lists_the_shown_properties(client, demo_index):
    response = search(client, demo_index, property_type="kottedzh")
    page = node_of_type(response, "CollectionPage")
    items = page["mainEntity"]["itemListElement"]
    assert [item["name"] for item in items] == card_titles(response)
    for node in jsonld_nodes(response):
        assert schemaorg.problems(node) == []


# -- the property page -----------------------------------------------------------------------------


@pytest.fixture
def demo_property(demo_index):
    return RentalPropertyPage.objects.child_of(demo_index).filter(is_active=True, rating_count__gt=0).first()


def test_property_page_shows_the_card(client, demo_property):
    response = client.get(demo_property.url, HTTP_HOST=DEMO_HOST)
    assert response.status_code == 200
    soup = parse_html(response)
    text = visible_text(response)
    assert soup.find("h1").get_text(strip=True) == demo_property.title
    assert demo_property.district.name in text and demo_property.address in text
    facts = soup.select_one(".facts").get_text(" ", strip=True)
    for value in (
        demo_property.housing_class.name,
        demo_property.property_type.name,
        demo_property.area_display,
        str(demo_property.sleeping_places),
        demo_property.check_in_time.strftime("%H:%M"),
        demo_property.check_out_time.strftime("%H:%M"),
    ):
        assert value in facts
    assert f"{demo_property.floor} из {demo_property.total_floors}" in facts
    assert soup.select_one(".price").get_text(strip=True) == f"от {demo_property.price_display} ₸/сутки"
    amenities = [item.get_text(strip=True) for item in soup.select(".amenity-list li")]
    assert amenities == [amenity.name for amenity in demo_property.amenities.all()]
    assert [item.get_text(strip=True) for item in soup.select(".house-rules li")] == demo_property.house_rules_list
    main = soup.select_one(".gallery-viewer picture")  # the main photo, then a thumbnail per photo
    assert main.select_one("source")["type"] == "image/webp"
    thumbs = soup.select(".gallery-viewer a[data-gallery-thumb]")
    assert len(thumbs) == demo_property.photos.count()
    assert thumbs[1].img["loading"] == "lazy" and thumbs[1].img["width"]
    assert soup.select_one(".rental-header .favorite-button")
    assert "Контакты риелтора доступны после подтверждения бронирования" in text


def test_realtor_phone_never_reaches_guests(client, demo_index):
    page = RentalPropertyPageFactory(parent=demo_index, realtor_phone="+7 777 123-45-67")
    for path in (page.url, demo_index.url + "?sort=new", "/search/?q=Тестовая"):
        body = client.get(path, HTTP_HOST=DEMO_HOST).content.decode()
        assert "123-45-67" not in body and "77771234567" not in body, path
    for part in sitemap_parts(client, DEMO_HOST):
        body = part.content.decode()
        assert "123-45-67" not in body and "77771234567" not in body


def test_inactive_property_is_reachable_but_not_searchable(client, demo_index):
    page = RentalPropertyPage.objects.child_of(demo_index).filter(is_active=False).first()
    response = client.get(page.url, HTTP_HOST=DEMO_HOST)
    assert response.status_code == 200
    assert "не сдаётся" in visible_text(response)
    assert node_of_type(response, "VacationRental")["makesOffer"]["availability"] == "https://schema.org/OutOfStock"
    assert page.pk not in {listing.pk for listing in found(search(client, demo_index, sort="price"))}


def test_property_jsonld_validates_with_offer_and_rating(client, demo_property):
    response = client.get(demo_property.url, HTTP_HOST=DEMO_HOST)
    for node in jsonld_nodes(response):
        assert schemaorg.problems(node) == [], node
    rental = node_of_type(response, "VacationRental")
    assert rental["url"] == demo_property.full_url
    assert rental["address"]["addressLocality"] == "Астана" and rental["address"]["addressCountry"] == "KZ"
    assert rental["geo"]["latitude"] == float(demo_property.latitude)
    assert rental["image"] and all(url.startswith(f"http://{DEMO_HOST}/") for url in rental["image"])
    place = rental["containsPlace"]
    assert place["@type"] == SCHEMA_TYPES.get(demo_property.property_type.slug, "Accommodation")
    assert place["floorSize"]["value"] == float(demo_property.area)
    assert place["occupancy"]["maxValue"] == demo_property.sleeping_places
    assert {feature["name"] for feature in place["amenityFeature"]} == {
        amenity.name for amenity in demo_property.amenities.all()
    }
    offer = rental["makesOffer"]
    assert offer["priceCurrency"] == "KZT" and Decimal(offer["price"]) == demo_property.price_per_night
    assert offer["priceSpecification"]["unitCode"] == "DAY"
    assert offer["itemOffered"]["@id"] == place["@id"]
    rating = rental["aggregateRating"]
    assert Decimal(rating["ratingValue"]) == demo_property.rating_avg
    assert rating["reviewCount"] == demo_property.rating_count
    assert "telephone" not in str(rental)


@pytest.mark.parametrize(
    ("type_slug", "rooms", "schema_type"),
    [("kottedzh", 5, "House"), ("komnata", 1, "Room"), ("khostel", None, "Accommodation")],
)
def test_new_property_jsonld_has_no_rating_and_right_place_type(client, demo_index, type_slug, rooms, schema_type):
    property_type = PropertyType.objects.get(slug=type_slug)
    page = RentalPropertyPageFactory(parent=demo_index, property_type=property_type, rooms=rooms, floor=None)
    response = client.get(page.url, HTTP_HOST=DEMO_HOST)
    rental = node_of_type(response, "VacationRental")
    assert "aggregateRating" not in rental
    place = rental["containsPlace"]
    assert place["@type"] == schema_type
    assert place.get("numberOfRooms") == rooms and "floorLevel" not in place
    for node in jsonld_nodes(response):
        assert schemaorg.problems(node) == []
    assert "Новый объект" in visible_text(response)


def test_index_and_properties_are_in_the_sitemap(client, demo_index, demo_property):
    locations = sitemap_locations(client, DEMO_HOST)
    assert demo_index.full_url in locations and demo_property.full_url in locations


def test_favorite_heart_on_detail_toggles(client, demo_property):
    response = client.post(
        reverse("favorite_toggle", args=[demo_property.pk]), {"next": demo_property.url}, HTTP_HOST=DEMO_HOST
    )
    assert response.status_code in (200, 302)
    page = parse_html(client.get(demo_property.url, HTTP_HOST=DEMO_HOST))
    assert "is-saved" in page.select_one(".rental-header .favorite-button")["class"]


# -- rules for editors ------------------------------------------------------------------------------


def error_of(page, field):
    with pytest.raises(ValidationError) as caught:
        page.full_clean()
    return " ".join(caught.value.message_dict[field])


def test_district_must_belong_to_the_city(index):
    page = RentalPropertyPageFactory(parent=index)
    page.district = District.objects.get(city__slug="moskva", slug="tsao")
    assert "Район «ЦАО» не относится к городу «Астана»" in error_of(page, "district")


def test_rooms_required_unless_the_type_has_none(index):
    page = RentalPropertyPageFactory(parent=index)
    page.rooms = None
    assert "Укажите количество комнат для типа «Квартира»" in error_of(page, "rooms")
    page.property_type = PropertyType.objects.get(slug="khostel")
    assert validation_errors(page.full_clean) == {}  # a hostel bed has no rooms


def test_floor_cannot_exceed_total_floors(index):
    page = RentalPropertyPageFactory(parent=index)
    page.floor, page.total_floors = 13, 12
    assert "Этаж (13) не может быть больше числа этажей в доме (12)" in error_of(page, "floor")


def test_coordinates_are_checked(index):
    page = RentalPropertyPageFactory(parent=index)
    page.latitude = Decimal("95")
    assert "90" in error_of(page, "latitude")
    page.latitude, page.longitude = Decimal("51.1"), None
    assert "обе координаты" in error_of(page, "longitude")


def test_bad_realtor_phone_is_refused(index):
    page = RentalPropertyPageFactory(parent=index)
    page.realtor_phone = "позвоните мне"
    assert "Телефон в формате" in error_of(page, "realtor_phone")


def test_main_image_falls_back_to_the_first_photo(index):
    page = RentalPropertyPageFactory(parent=index)
    first = RentalPhotoFactory(page=page, sort_order=0)
    RentalPhotoFactory(page=page, sort_order=1)
    page.refresh_from_db()
    page.main_image = None
    page.save()
    assert page.main_image_id == first.image_id


def test_ratings_stay_out_of_revisions(index):
    page = RentalPropertyPageFactory(parent=index)
    revision = page.save_revision()
    assert "rating_avg" not in revision.content and "rating_count" not in revision.content
    RentalPropertyPage.objects.filter(pk=page.pk).update(rating_avg=Decimal("4.80"), rating_count=5)
    revision.publish()
    page.refresh_from_db()
    assert (page.rating_avg, page.rating_count) == (Decimal("4.80"), 5)


# -- the admin form: at most 6 photos, each at most 7 MB ---------------------------------------------------


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser(email="realtor@example.com", password="pw")
    client.force_login(user)
    return client


def edit_form_data(admin_client, page, photos):
    """The edit form as the admin renders it, with the gallery replaced by `photos` ((image id, caption) pairs)."""
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = querydict_from_html(admin_client.get(url).content.decode(), form_id="page-edit-form")
    for key in [key for key in data if key.startswith("photos-")]:
        del data[key]
    gallery = inline_formset([{"image": str(image_id), "caption": caption} for image_id, caption in photos])
    data.update(nested_form_data({"photos": gallery}))
    return data


def edit_post(admin_client, page, image_ids):
    data = edit_form_data(admin_client, page, [(image_id, "Фото") for image_id in image_ids])
    return admin_client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)


def test_admin_saves_a_draft_gallery_and_publishing_sets_the_main_image(admin_client, index):
    page = RentalPropertyPageFactory(parent=index)
    images = wagtail_factories.ImageFactory.create_batch(6)
    response = edit_post(admin_client, page, [image.pk for image in images])
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.get_latest_revision().as_object().photos.count() == 6
    assert page.photos.count() == 0 and page.main_image_id is None  # a draft does not touch the live page
    data = edit_form_data(admin_client, page, [(image.pk, "Фото") for image in images])
    data["action-publish"] = "action-publish"
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 302
    page.refresh_from_db()
    assert [photo.image_id for photo in page.photos.all()] == [image.pk for image in images]
    assert page.main_image_id == images[0].pk


def test_admin_refuses_a_seventh_photo(admin_client, index):
    page = RentalPropertyPageFactory(parent=index)
    revisions = page.revisions.count()
    images = wagtail_factories.ImageFactory.create_batch(7)
    response = edit_post(admin_client, page, [image.pk for image in images])
    assert response.status_code == 200
    assert "Можно загрузить не больше 6 фотографий" in response.content.decode()
    assert "Можно загрузить не больше 6 фотографий" in " ".join(
        response.context["form"].formsets["photos"].non_form_errors()
    )
    assert page.revisions.count() == revisions and page.photos.count() == 0


def test_admin_refuses_a_photo_over_7_mb(admin_client, index):
    page = RentalPropertyPageFactory(parent=index)
    revisions = page.revisions.count()
    small, big = wagtail_factories.ImageFactory.create_batch(2)
    CustomImage.objects.filter(pk=big.pk).update(file_size=9 * 1024 * 1024)
    response = edit_post(admin_client, page, [small.pk, big.pk])
    assert response.status_code == 200
    photo_errors = response.context["form"].formsets["photos"].errors
    message = " ".join(photo_errors[1]["image"])
    file_name = big.file.name.rsplit("/", 1)[-1]
    assert f"Файл «{file_name}» весит 9,0 МБ" in message and "не больше 7 МБ" in message
    assert photo_errors[0] == {}
    assert file_name in response.content.decode()
    assert page.revisions.count() == revisions and page.photos.count() == 0


def test_admin_shows_amenities_as_checkboxes(admin_client, index):
    page = RentalPropertyPageFactory(parent=index)
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    soup = parse_html(response)
    assert len(soup.select('input[type=checkbox][name="amenities"]')) == Amenity.objects.count()


# -- performance -------------------------------------------------------------------------------------------


def count_queries(path):
    client = Client()  # a new visitor each time, so the session is the same in both runs
    client.get(path, HTTP_HOST=HOST)  # warm the caches (site root paths, renditions, menus, filter choices)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, HTTP_HOST=HOST)
    assert response.status_code == 200
    return len(queries)


def add_properties(index, count, image):
    for _ in range(count):
        page = RentalPropertyPageFactory(parent=index)
        RentalPhotoFactory(page=page, image=image, sort_order=0)
        page.amenities.set(Amenity.objects.filter(slug__in=["wi-fi", "kukhnya"]))
        page.save()


def test_query_counts_do_not_grow_with_listings(index):
    image = wagtail_factories.ImageFactory()
    add_properties(index, 3, image)
    detail = RentalPropertyPage.objects.child_of(index).first().url
    listing_path = index.url + "?property_type=kvartira&amenities=wi-fi&price_max=50000&sort=price"
    few = (count_queries(listing_path), count_queries(detail))
    add_properties(index, 27, image)  # two and a half pages of 12
    many = (count_queries(listing_path), count_queries(detail))
    print(f"rentals queries (index, detail): 3 listings {few}, 30 listings {many}")  # noqa: T201
    assert many == few
    assert max(many) <= MAX_QUERIES


def test_admin_preview_renders_unsaved_gallery(admin_client, index):
    page = RentalPropertyPageFactory(parent=index)
    image = wagtail_factories.ImageFactory()
    data = edit_form_data(admin_client, page, [(image.pk, "Кухня")])
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    assert admin_client.post(preview_url, data).json()["is_valid"]
    response = admin_client.get(preview_url)
    assert response.status_code == 200
    assert parse_html(response).select_one(".gallery-viewer figcaption").get_text(strip=True) == "Кухня"
    assert page.photos.count() == 0
