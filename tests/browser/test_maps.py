"""The maps in a real browser (issue 17, item 2): a list's «Карта» view draws a marker for each listing of its
GeoJSON, under the site's strict CSP (the `page` fixture fails on any violation), and a listing's page its point.
The tile server is not reached (no network in tests): the markers are drawn without tiles."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
TILES = re.compile(r"^https://tile\.openstreetmap\.org/")


def test_the_rentals_map_view_shows_the_markers_and_a_listing_its_point(page, demo_server):
    page.route(TILES, lambda route: route.abort())
    base = f"http://zhilego.localhost:{demo_server['port']}"
    page.goto(base + "/arenda/")
    features = page.evaluate("url => fetch(url).then(response => response.json())", "/arenda/?format=geojson")[
        "features"
    ]
    assert features
    cards = page.locator(".card-grid")
    expect(cards).to_be_visible()
    page.get_by_role("button", name="Карта", exact=True).click()
    markers = page.locator("[data-listing-map] .leaflet-marker-icon")
    expect(markers).to_have_count(len(features))
    expect(cards).to_be_hidden()
    expect(page.locator("[data-map-status][role=status]")).to_have_text(f"Отметок на карте: {len(features)}")
    assert "view=map" in page.url
    # a marker opens a popup that links to its listing (markers may overlap: the click is sent to this one)
    first = features[0]["properties"]
    page.locator(f"[data-listing-map] .leaflet-marker-icon[title='{first['title']}']").first.dispatch_event("click")
    link = page.locator(".leaflet-popup .map-popup a")
    expect(link).to_have_text(first["title"])
    # back to the list
    page.get_by_role("button", name="Список", exact=True).click()
    expect(cards).to_be_visible()
    assert "view=map" not in page.url
    # the listing's own small map
    page.goto(base + first["url"])
    expect(page.locator("[data-point-map] .leaflet-marker-icon")).to_have_count(1)


def test_moving_the_map_offers_a_search_in_its_area(page, demo_server):
    page.route(TILES, lambda route: route.abort())
    base = f"http://zhilego.localhost:{demo_server['port']}"
    page.goto(base + "/arenda/?view=map")
    expect(page.locator("[data-listing-map] .leaflet-marker-icon").first).to_be_visible()
    search = page.locator("[data-map-search-area]")
    expect(search).to_be_hidden()
    page.locator(".leaflet-control-zoom-in").click()
    expect(search).to_be_visible()
    with page.expect_navigation():
        search.click()
    assert "bbox=" in page.url
    assert "view=map" in page.url
    expect(page.locator(".geo-chip")).to_contain_text("В видимой области карты")
    expect(page.locator("[data-listing-map] .leaflet-marker-icon").first).to_be_visible()
