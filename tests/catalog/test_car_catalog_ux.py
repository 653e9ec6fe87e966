"""What a new user saw in the car catalog (issue 15, item 5): a list of new cars titled «с пробегом», a model select
that narrows only after a submit, a gallery without a main photo. Browser-free: the htmx endpoint and the no-JS
path are plain requests."""

from pathlib import Path

import pytest
import wagtail_factories
from django.conf import settings
from django.urls import reverse

from catalog.models import CarAdPhoto, CarMake, CarModel
from tests.catalog.factories import CarAdPageFactory, CarIndexPageFactory
from tests.home.factories import brand_home
from tests.utils import parse_html

pytestmark = pytest.mark.django_db
HOST = "cars-ux.localhost"


@pytest.fixture
def catalog():
    home = brand_home(HOST, "Автосалон")
    index = CarIndexPageFactory(parent=home, slug="cars", title="Автомобили")
    toyota = CarMake.objects.get(slug="toyota")
    camry = CarModel.objects.get(make=toyota, slug="camry")
    new = CarAdPageFactory(
        parent=index, make=toyota, model=camry, condition="new", mileage=31, title="Toyota Camry, 2025", year=2025
    )
    used = CarAdPageFactory(parent=index, condition="used", mileage=80_000, title="Kia Rio, 2018")
    return index, new, used


def get(client, path, **params):
    return client.get(path, params, HTTP_HOST=HOST)


def options(html):
    return [(option["value"], option.get_text(strip=True)) for option in html.select("option")]


# -- new and used ----------------------------------------------------------------------------------------------------


def test_the_heading_says_which_cars_are_listed(client, catalog):
    _index, new, _used = catalog
    everything = parse_html(get(client, "/cars/"))
    assert everything.h1.get_text(strip=True) == "Автомобили"
    only_new = get(client, "/cars/", condition="new")
    html = parse_html(only_new)
    assert html.h1.get_text(strip=True) == "Новые автомобили"
    assert html.title.get_text(strip=True).startswith("Новые автомобили")
    assert [car.pk for car in only_new.context["listings"]] == [new.pk]
    used_html = parse_html(get(client, "/cars/", condition="used"))
    assert used_html.h1.get_text(strip=True) == "Автомобили с пробегом"
    tabs = {a.get_text(strip=True): a for a in used_html.select(".condition-tabs a")}
    assert list(tabs) == ["Все автомобили", "Новые автомобили", "Автомобили с пробегом"]
    assert (
        tabs["Автомобили с пробегом"]["aria-current"] == "page" and "condition=new" in tabs["Новые автомобили"]["href"]
    )
    cards = [spec.get_text(" ", strip=True) for spec in parse_html(get(client, "/cars/")).select(".car-card .car-spec")]
    assert sorted(card.split(" км")[0] for card in cards) == ["80\xa0000", "Новый · 31"]


# -- the model select ------------------------------------------------------------------------------------------------


def test_the_htmx_endpoint_answers_the_makes_models(client, catalog):
    toyota = CarMake.objects.get(slug="toyota")
    camry = CarModel.objects.get(make=toyota, slug="camry")
    response = client.get(reverse("car_model_options"), {"make": toyota.pk, "model": camry.pk}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = parse_html(response)
    assert options(html) == [("", "Любая")] + [
        (str(pk), name) for pk, name in CarModel.objects.filter(make=toyota).values_list("pk", "name")
    ]
    assert html.select_one("option[selected]")["value"] == str(camry.pk)
    every = options(parse_html(client.get(reverse("car_model_options"), {"make": "x"})))
    assert len(every) == CarModel.objects.count() + 1 and ("", "Любая") in every
    assert f"{camry.pk}" in dict(every) and dict(every)[str(camry.pk)] == "Toyota Camry"


def test_the_make_select_asks_the_endpoint_and_the_form_narrows_without_javascript(client, catalog):
    toyota = CarMake.objects.get(slug="toyota")
    kia_rio = CarModel.objects.get(make__slug="kia", slug="rio")
    page = parse_html(get(client, "/cars/"))
    make = page.select_one("select#id_make")
    assert make["hx-get"] == reverse("car_model_options") and make["hx-target"] == "#id_model"
    # Without JavaScript: the form is sent with the make, and the model select comes back narrowed.
    narrowed = parse_html(get(client, "/cars/", make=toyota.pk))
    model_options = options(narrowed.select_one("select#id_model"))
    assert [name for _pk, name in model_options[1:]] == list(
        CarModel.objects.filter(make=toyota).values_list("name", flat=True)
    )
    # A model of another make is not a valid answer: the field says so and the list is not emptied by it.
    mixed = get(client, "/cars/", make=toyota.pk, model=kia_rio.pk)
    assert parse_html(mixed).select(".filter-form .errorlist")
    assert mixed.context["result_count"] == 1  # the Toyota, filtered by make only


# -- the gallery -----------------------------------------------------------------------------------------------------


def test_the_ad_page_has_a_main_photo_and_clickable_thumbnails(client, catalog):
    _index, new, _used = catalog
    photos = [wagtail_factories.ImageFactory(title=f"Фото {n}", file__width=1600, file__height=1000) for n in range(3)]
    for position, image in enumerate(photos):
        CarAdPhoto.objects.create(page=new, image=image, sort_order=position, caption=f"Ракурс {position}")
    new.main_image = photos[0]
    new.save()
    html = parse_html(get(client, new.url))
    gallery = html.select_one("[data-gallery]")
    main = gallery.select_one("img[data-gallery-main]")
    assert main["alt"] == "Ракурс 0" and main["src"].endswith((".jpg", ".png", ".webp"))
    thumbs = gallery.select("a[data-gallery-thumb]")
    assert len(thumbs) == 3 and thumbs[0]["aria-current"] == "true"
    # Without JavaScript a thumbnail is a link to its full-size photo; with it, site.js swaps the main photo.
    assert thumbs[1]["href"].endswith((".jpg", ".png", ".webp")) and thumbs[1]["data-caption"] == "Ракурс 1"
    assert all(script.get("src") or script.get("type") == "application/ld+json" for script in html.select("script"))
    site_js = (Path(settings.BASE_DIR) / "static/js/site.js").read_text()
    assert "[data-gallery-thumb]" in site_js and "[data-gallery-main]" in site_js


def test_on_phones_the_results_come_first_and_a_link_leads_to_the_filters(client, catalog):
    """The CSS puts the filters after the results under 720 px (browser screenshots: the first card at about 850 px
    instead of 1 900); the page gives the link that reaches them, saying when some are applied."""
    plain = parse_html(get(client, "/cars/"))
    jump = plain.select_one(".results-bar a.filters-jump")
    assert jump["href"] == "#filters" and plain.select_one("aside#filters form.filter-form")
    assert jump.get_text(strip=True) == "Фильтры"
    filtered = parse_html(get(client, "/cars/", condition="used"))
    assert filtered.select_one("a.filters-jump").get_text(strip=True) == "Фильтры (выбраны)"
