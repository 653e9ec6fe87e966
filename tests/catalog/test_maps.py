"""Maps of the catalog lists (issue 17, item 2): the area (`bbox`) and point (`near`, `radius`) search over the
coordinates the listings store, applied to the HTML list and to its GeoJSON alike; bad parameters never fail a
page; the query count does not grow with the listings; a map on each detail page with coordinates."""

import json
import math
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from catalog.geo import MAX_RADIUS_KM, circle_box, parse_geo
from tests.catalog.factories import (
    ApartmentPageFactory,
    BusinessIndexPageFactory,
    BusinessPageFactory,
    RealtyIndexPageFactory,
    RentalIndexPageFactory,
    RentalPropertyPageFactory,
    ResidentialComplexPageFactory,
)
from tests.home.factories import brand_home
from tests.utils import parse_html

HOST = "maps.localhost"
# Astana: two flats ~4.5 km apart; Almaty; two on either side of the 180th meridian (Chukotka); one without a point
ASTANA_A = (Decimal("51.128000"), Decimal("71.430000"))
ASTANA_B = (Decimal("51.160000"), Decimal("71.470000"))
ALMATY = (Decimal("43.238000"), Decimal("76.945000"))
EAST_OF_180 = (Decimal("64.700000"), Decimal("-175.000000"))
WEST_OF_180 = (Decimal("64.730000"), Decimal("177.500000"))


def path(url):
    return urlsplit(url).path


def haversine(a, b):
    lat1, lon1, lat2, lon2 = map(math.radians, (*map(float, a), *map(float, b)))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


# -- parsing (no database) -----------------------------------------------------------------------------------------


def test_good_parameters_are_parsed():
    geo = parse_geo({"bbox": "71.3,51.0,71.6,51.3", "near": "51.128,71.43", "radius": "2.5"})
    assert geo.bbox == (71.3, 51.0, 71.6, 51.3)
    assert geo.near == (51.128, 71.43)
    assert geo.radius_km == 2.5
    assert geo.errors == []
    assert (geo.bbox_param, geo.near_param, geo.radius_param) == ("71.3,51,71.6,51.3", "51.128,71.43", "2.5")
    assert parse_geo({}).active is False
    assert parse_geo({"near": "51,71"}).radius_km == 5  # the default radius


@pytest.mark.parametrize(
    "params",
    [
        {"bbox": "abc"},
        {"bbox": "71,51,72"},  # three numbers
        {"bbox": "71,51,72,52,1"},
        {"bbox": "71,52,72,51"},  # south north of north
        {"bbox": "71,-91,72,51"},
        {"bbox": "-181,51,72,52"},
        {"bbox": "nan,51,72,52"},
        {"bbox": "inf,51,72,52"},
        {"near": "51"},
        {"near": "91,71"},
        {"near": "51,181"},
        {"near": "north,east"},
        {"radius": "0"},
        {"radius": "-3"},
        {"radius": str(MAX_RADIUS_KM + 1)},
        {"radius": "много"},
    ],
)
def test_bad_parameters_are_left_out_with_a_reason(params):
    geo = parse_geo(params)
    assert len(geo.errors) == 1
    assert geo.bbox is None
    assert geo.near is None
    assert geo.radius_km == 5


def test_the_box_around_a_circle_holds_it_and_wraps_at_the_180th_meridian():
    _min_lon, min_lat, max_lon, max_lat = circle_box(51.128, 71.43, 10)
    assert min_lat < 51.128 - 10 / 111.2 < 51.128 + 10 / 111.2 < max_lat
    assert haversine((51.128, 71.43), (51.128, max_lon)) >= 10
    assert haversine((51.128, 71.43), (max_lat, 71.43)) >= 10
    west, _s, east, _n = circle_box(64.7, 179.9, 20)
    assert west > east  # crosses: the west edge lies east of the east edge
    assert circle_box(89.99, 0, 50)[0::2] == (-180.0, 180.0)  # at a pole, every longitude


# -- the lists and their GeoJSON ---------------------------------------------------------------------------------------


@pytest.fixture
def rentals(db):
    index = RentalIndexPageFactory(parent=brand_home(HOST, "Карты"))
    pages = {
        "a": RentalPropertyPageFactory(parent=index, title="А", latitude=ASTANA_A[0], longitude=ASTANA_A[1], rooms=3),
        "b": RentalPropertyPageFactory(parent=index, title="Б", latitude=ASTANA_B[0], longitude=ASTANA_B[1]),
        "almaty": RentalPropertyPageFactory(parent=index, title="Алматы", latitude=ALMATY[0], longitude=ALMATY[1]),
        "east": RentalPropertyPageFactory(
            parent=index, title="Восток", latitude=EAST_OF_180[0], longitude=EAST_OF_180[1]
        ),
        "west": RentalPropertyPageFactory(
            parent=index, title="Запад", latitude=WEST_OF_180[0], longitude=WEST_OF_180[1]
        ),
        "nowhere": RentalPropertyPageFactory(parent=index, title="Без точки", latitude=None, longitude=None),
    }
    return index, pages


def listed(client, index, **params):
    response = client.get(index.url, params, HTTP_HOST=HOST)
    assert response.status_code == 200
    return response, [page.title for page in response.context["listings"].paginator.object_list]


def geojson(client, index, status=200, **params):
    response = client.get(index.url, {**params, "format": "geojson"}, HTTP_HOST=HOST)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_the_area_filters_the_list_and_the_map(client, rentals):
    index, _pages = rentals
    _response, titles = listed(client, index, bbox="71.3,51.0,71.6,51.3")
    assert sorted(titles) == ["А", "Б"]
    features = geojson(client, index, bbox="71.3,51.0,71.6,51.3")["features"]
    assert sorted(feature["properties"]["title"] for feature in features) == ["А", "Б"]
    # a box across the 180th meridian (west edge 170°E, east edge 170°W)
    assert sorted(listed(client, index, bbox="170,60,-170,70")[1]) == ["Восток", "Запад"]
    # the list's own filters apply too: only А has 3 rooms
    assert listed(client, index, bbox="71.3,51.0,71.6,51.3", rooms="3")[1] == ["А"]
    assert [
        f["properties"]["title"] for f in geojson(client, index, bbox="71.3,51.0,71.6,51.3", rooms="3")["features"]
    ] == ["А"]


def test_near_a_point_keeps_the_radius_and_orders_by_distance(client, rentals):
    index, _pages = rentals
    gap = haversine(ASTANA_A, ASTANA_B)
    assert 4 < gap < 5
    assert listed(client, index, near="51.128,71.43", radius="3")[1] == ["А"]
    response, titles = listed(client, index, near="51.129,71.431", radius="10", sort="")
    assert titles == ["А", "Б"]  # nearest first
    assert response.context["sort_key"] == "distance"
    distances = [page.distance_km for page in response.context["listings"]]
    assert distances[0] == pytest.approx(haversine((51.129, 71.431), ASTANA_A), abs=0.01)
    assert distances[1] == pytest.approx(haversine((51.129, 71.431), ASTANA_B), abs=0.01)
    assert "км от точки" in parse_html(response).select_one(".card-distance").get_text()
    # the visitor's own sort still wins
    assert listed(client, index, near="51.129,71.431", radius="10", sort="-price")[0].context["sort_key"] == "-price"
    features = geojson(client, index, near="51.16,71.47", radius="10")["features"]
    assert [feature["properties"]["title"] for feature in features] == ["Б", "А"]
    assert features[0]["properties"]["distance_km"] == pytest.approx(0, abs=0.01)
    assert features[1]["properties"]["distance_km"] == pytest.approx(gap, abs=0.01)
    # near the 180th meridian: 179.9°E finds the flat at 177.5°E (~114 km) and the one at 175°W (~240 km)
    assert listed(client, index, near="64.7,179.9", radius="150")[1] == ["Запад"]
    assert listed(client, index, near="64.7,179.9", radius="250")[1] == ["Запад", "Восток"]


def test_the_geojson_is_a_feature_collection_of_points(client, rentals):
    index, pages = rentals
    data = geojson(client, index)
    assert data["type"] == "FeatureCollection"
    assert data["truncated"] is False
    by_title = {feature["properties"]["title"]: feature for feature in data["features"]}
    assert set(by_title) == {"А", "Б", "Алматы", "Восток", "Запад"}  # not the one without a point
    feature = by_title["А"]
    assert feature == {
        "type": "Feature",
        "id": pages["a"].pk,
        "geometry": {"type": "Point", "coordinates": [71.43, 51.128]},  # [longitude, latitude] (RFC 7946)
        "properties": {"title": "А", "url": path(pages["a"].url), "note": "Есильский · от 20\u00a0000 ₸/сутки"},
    }


BAD = [{"bbox": "71,51"}, {"near": "200,71"}, {"radius": "-1"}, {"bbox": "71,52,72,51", "near": "x"}]


def test_bad_parameters_get_a_400_from_the_geojson_and_a_message_on_the_list(client, rentals):
    index, _pages = rentals
    for params in BAD:
        assert geojson(client, index, status=400, **params)["errors"]
        response, titles = listed(client, index, **params)
        assert len(titles) == 6  # the bad parameters are left out, the list is whole
        alerts = [alert.get_text(" ", strip=True) for alert in parse_html(response).select(".geo-notices [role=alert]")]
        assert len(alerts) == len(params), params
        assert all("не учтён" in alert for alert in alerts)
    # a bad filter is the list's filter form error, and the GeoJSON's 400
    assert geojson(client, index, status=400, price_min="дёшево")["errors"][0].startswith("price_min")


def test_without_javascript_the_list_is_whole_and_the_map_hidden(client, rentals):
    index, _pages = rentals
    response, _titles = listed(client, index, view="map")
    html = parse_html(response)
    assert len(html.select(".card-grid > li")) == 6
    assert html.select_one("[data-view-switch]").has_attr("hidden")
    box = html.select_one("[data-listing-map]")
    assert box.has_attr("hidden")
    assert box["data-geojson-url"] == f"{path(index.url)}?format=geojson"
    assert box["data-tile-url"] == "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    assert response.context["is_filtered"] is False  # the view is not a filter
    # the area and point ride along with the filters
    response, _titles = listed(client, index, bbox="71.3,51,71.6,51.3", near="51.1,71.4")
    form = parse_html(response).select_one("form.filter-form")
    assert form.select_one("input[name=bbox]")["value"] == "71.3,51,71.6,51.3"
    assert form.select_one("input[name=near]")["value"] == "51.1,71.4"
    assert form.select_one("input[name=radius]")["value"] == "5"


def test_the_csp_lets_in_the_tile_server_on_pages_with_a_map_only(client, rentals):
    index, _pages = rentals
    policy = client.get(index.url, HTTP_HOST=HOST)["Content-Security-Policy"]
    img_src = next(part for part in policy.split(";") if part.strip().startswith("img-src"))
    assert "https://tile.openstreetmap.org" in img_src
    home_policy = client.get("/", HTTP_HOST=HOST)["Content-Security-Policy"]
    assert "tile.openstreetmap.org" not in home_policy


def count_queries(path, params):
    Client().get(path, params, HTTP_HOST=HOST)  # warm the shared caches
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(path, params, HTTP_HOST=HOST)
    assert response.status_code == 200
    return len(queries)


def test_the_query_count_does_not_grow_with_the_listings(rentals):
    index, _pages = rentals
    requests = {
        "geojson": {"format": "geojson"},
        "geojson near": {"format": "geojson", "near": "51.13,71.43", "radius": "50"},
        "list near": {"near": "51.13,71.43", "radius": "50"},
    }
    few = {name: count_queries(index.url, params) for name, params in requests.items()}
    for step in range(10):
        RentalPropertyPageFactory(
            parent=index, latitude=ASTANA_A[0] + Decimal(step) / 1000, longitude=ASTANA_A[1] + Decimal(step) / 1000
        )
    many = {name: count_queries(index.url, params) for name, params in requests.items()}
    print(json.dumps({"queries": few, "listings": [6, 16]}))  # noqa: T201 - shown with -s, for the report
    assert many == few
    assert few["geojson"] <= 8, few


# -- complexes and partners ----------------------------------------------------------------------------------------


def test_complexes_have_a_map_and_apartments_search_by_their_complex(client, db):
    index = RealtyIndexPageFactory(parent=brand_home(HOST, "Карты"))
    near = ResidentialComplexPageFactory(
        parent=index, title="Рядом", latitude=Decimal("55.75"), longitude=Decimal("37.62")
    )
    ResidentialComplexPageFactory(parent=index, title="Далеко", latitude=Decimal("59.93"), longitude=Decimal("30.31"))
    ApartmentPageFactory(parent=near, complex=near)
    data = geojson(client, index, bbox="37,55,38,56")
    assert [feature["properties"]["title"] for feature in data["features"]] == ["Рядом"]
    assert data["features"][0]["properties"]["url"] == path(near.url)
    response = client.get(index.url + "apartments/", {"near": "55.75,37.62", "radius": "1"}, HTTP_HOST=HOST)
    assert response.status_code == 200
    assert [apartment.complex_id for apartment in response.context["listings"]] == [near.pk]
    assert not parse_html(response).select("[data-listing-map]")  # no map of its own
    # the apartment's page shows its complex's point
    apartment = response.context["listings"][0]
    page = parse_html(client.get(apartment.url, HTTP_HOST=HOST))
    assert page.select_one("[data-point-map]")["data-lat"] == "55.750000"


def test_partners_have_a_map(client, db):
    index = BusinessIndexPageFactory(parent=brand_home(HOST, "Карты"))
    BusinessPageFactory(parent=index, title="Салон", latitude=Decimal("55.75"), longitude=Decimal("37.62"))
    BusinessPageFactory(parent=index, title="Без точки")
    data = geojson(client, index)
    assert [feature["properties"]["title"] for feature in data["features"]] == ["Салон"]
    assert data["features"][0]["properties"]["note"].startswith("Косметология")
    _response, titles = listed(client, index, near="55.75,37.62", radius="1")
    assert titles == ["Салон"]


# -- detail pages ------------------------------------------------------------------------------------------------------


@override_settings(LANGUAGE_CODE="ru")
def test_a_listing_with_a_point_shows_it_on_a_small_map(client, rentals):
    _index, pages = rentals
    html = parse_html(client.get(pages["a"].url, HTTP_HOST=HOST))
    point = html.select_one("[data-point-map]")
    assert (point["data-lat"], point["data-lon"]) == ("51.128000", "71.430000")  # a dot, whatever the language
    assert html.select_one(".detail-map a")["href"].startswith("https://www.openstreetmap.org/?mlat=51.128000")
    assert html.select_one("link[href$='vendor/leaflet/leaflet.css']")
    without = parse_html(client.get(pages["nowhere"].url, HTTP_HOST=HOST))
    assert not without.select("[data-point-map]")
    assert not without.select("script[src$='maps.js']")


@pytest.mark.parametrize(
    ("language", "switch", "search_area"),
    [
        ("ru", "Карта", "Искать в области карты"),
        ("kk", "Карта", "Карта аймағынан іздеу"),
        ("en", "Map", "Search this map area"),
    ],
)
def test_the_map_speaks_the_page_language(rf, language, switch, search_area):
    from bs4 import BeautifulSoup
    from django.template.loader import render_to_string
    from django.utils import translation

    geo = parse_geo({"bbox": "71,51,72,52", "near": "north"})
    with translation.override(language):
        html = BeautifulSoup(
            render_to_string(
                "catalog/includes/listing_map.html",
                {
                    "geo": geo,
                    "map_geojson_url": "/x/?format=geojson",
                    "map_radius_choices": [5],
                    "request": rf.get("/"),
                },
            )
            + render_to_string("catalog/includes/geo_notices.html", {"geo": geo}, request=rf.get("/")),
            "html.parser",
        )
    assert html.select("[data-view=map]")[0].get_text() == switch
    assert html.select_one("[data-map-search-area]").get_text() == search_area
    texts = " ".join(element.get_text(" ", strip=True) for element in html.select(".geo-notices p"))
    if language != "ru":
        assert not any(word in texts for word in ("Точка", "видимой", "убрать")), texts


def test_lists_without_coordinates_ignore_the_map_parameters(client, db):
    from tests.catalog.factories import CarAdPageFactory, CarIndexPageFactory

    index = CarIndexPageFactory(parent=brand_home(HOST, "Карты"))
    CarAdPageFactory(parent=index)
    response, titles = listed(client, index, bbox="71,51,72,52", near="51,71")
    assert len(titles) == 1
    assert not parse_html(response).select("[data-listing-map], .geo-notices")
    assert client.get(index.url, {"format": "geojson"}, HTTP_HOST=HOST)["Content-Type"].startswith("text/html")
