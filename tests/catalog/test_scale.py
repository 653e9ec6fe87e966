"""`seed_demo --scale N` bulk-inserts listings (demo.bulk); they must be pages like any other: a valid tree,
live and routable, with their photos and relations, found by the filters, the sitemap and the site search.

Most tests call the verticals' seeders directly (what `--scale` runs, without the walk over all five sites);
test_scale_again runs the command end to end."""

import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.http import QueryDict
from wagtail.models import Page, Site

from catalog.filters import CHOICES_CACHE_KEY
from catalog.filters.cars import CarAdFilterSet
from catalog.filters.events import EventFilterSet
from catalog.filters.partners import BusinessFilterSet
from catalog.filters.realty import ApartmentFilterSet, ComplexFilterSet
from catalog.filters.rentals import RentalFilterSet, reference_choices
from catalog.models import (
    ApartmentPage,
    ApartmentPriceChange,
    BusinessPage,
    CarAdPage,
    EventPage,
    RentalPropertyPage,
    ResidentialComplexPage,
)
from demo import bulk, cars, partners, realty
from demo import rentals as rentals_demo
from tests.utils import sitemap_locations, visible_text

pytestmark = pytest.mark.django_db
SCALE = 20
HOSTS = {
    CarAdPage: "avtofamily.localhost",
    RentalPropertyPage: "zhilego.localhost",
    BusinessPage: "svoykrug.localhost",
    EventPage: "svoykrug.localhost",
    ResidentialComplexPage: "inback.localhost",
    ApartmentPage: "inback.localhost",
}
LISTINGS = list(HOSTS)
NO_PROBLEMS = ([], [], [], [], [])
# The seeders `seed_demo --scale` runs for each brand site (home.management.commands.seed_demo.CATALOG_SEEDERS).
SEEDERS = {
    "avtofamily.localhost": cars.seed,
    "inback.localhost": realty.seed,
    "svoykrug.localhost": partners.seed,
    "zhilego.localhost": rentals_demo.seed,
}


def seed(add):
    """Run `add()`; returns {listing model: queryset of the listings it added}."""
    before = {model: list(model.objects.values_list("pk", flat=True)) for model in LISTINGS}
    add()
    added = {model: model.objects.exclude(pk__in=before[model]).values_list("pk", flat=True) for model in LISTINGS}
    return {model: model.objects.filter(pk__in=list(pks)).order_by("pk") for model, pks in added.items()}


def seed_verticals():
    for hostname, seeder in SEEDERS.items():
        seeder(Site.objects.get(hostname=hostname).root_page.specific, scale=SCALE)


def seed_command():
    call_command("seed_demo", port=80, scale=SCALE, stdout=io.StringIO())


@pytest.fixture
def added():
    return seed(seed_verticals)


def path_of(page):
    return page.get_url_parts()[2]


def test_scale_adds_n_live_listings_per_vertical(added):
    counts = {model.__name__: pages.count() for model, pages in added.items()}
    assert counts == {
        "CarAdPage": SCALE,
        "RentalPropertyPage": SCALE,
        "BusinessPage": SCALE,
        "EventPage": SCALE,
        "ResidentialComplexPage": SCALE // 10,  # ten apartments per new phase of a complex
        "ApartmentPage": SCALE,
    }
    for model, pages in added.items():
        parent = pages.first().get_parent()
        for page in pages:
            assert page.live and not page.has_unpublished_changes and page.first_published_at, page
            assert page.latest_revision_id is None  # bulk pages have no history until an editor saves one
            assert page.content_type.model_class() is model
            assert page.locale_id == parent.locale_id and page.draft_title == page.title
            assert page.url_path.endswith(f"/{page.slug}/") and page.main_image_id, page
        keys = Page.objects.filter(pk__in=pages.values("pk")).values_list("translation_key", flat=True)
        assert len(set(keys)) == pages.count()


def test_tree_stays_valid_and_parents_count_their_children(added):
    assert Page.find_problems() == NO_PROBLEMS
    parents = {page.get_parent() for pages in added.values() for page in pages}
    assert len(parents) == 5 + SCALE // 10  # the five indexes and the new complexes
    for parent in parents:
        assert parent.numchild == parent.get_children().count() > 0, parent


def test_bulk_pages_are_routable_and_render(client, added):
    problems = []
    for model, pages in added.items():
        for page in (pages.first(), pages.last()):
            response = client.get(path_of(page), HTTP_HOST=HOSTS[model])
            if response.status_code != 200:
                problems.append(f"{model.__name__} {path_of(page)}: HTTP {response.status_code}")
            elif page.title not in visible_text(response):
                problems.append(f"{model.__name__} {path_of(page)}: the title {page.title!r} is not shown")
    assert not problems, "\n".join(problems)


def test_children_and_relations_are_stored(added):
    car = added[CarAdPage].first()
    assert car.gallery_images.count() == 3 and car.main_image_id == car.gallery_images.first().image_id
    assert car.payment_types.count() >= 2
    rental = added[RentalPropertyPage].first()
    assert rental.photos.count() >= 2 and rental.amenities.exists()
    business = added[BusinessPage].first()
    assert business.opening_hours.count() == 1 and business.offers.count() == 1
    complex_page = added[ResidentialComplexPage].first()
    assert complex_page.buildings.count() >= 2 and complex_page.gallery_images.count() == 3
    apartments = ApartmentPage.objects.child_of(complex_page)
    assert apartments.count() == 10
    assert all(a.complex_id == complex_page.pk and a.building.complex_id == complex_page.pk for a in apartments)
    assert ApartmentPriceChange.objects.filter(apartment__in=apartments).count() >= 10
    assert complex_page.apartments_count == 10 and complex_page.price_history  # the complex's figures are computed


def test_filters_find_bulk_pages(added):
    def found(filterset_class, query, page, queryset, **kwargs):
        filterset = filterset_class(QueryDict(query), queryset=queryset, **kwargs)
        assert filterset.is_valid(), filterset.errors
        return filterset.qs.filter(pk=page.pk).exists()

    car = added[CarAdPage].last()
    cars = car.get_parent().specific.listings()
    assert found(
        CarAdFilterSet, f"make={car.make_id}&price_from={car.price}&price_to={car.price}&show_sold=on", car, cars
    )
    rental = added[RentalPropertyPage].last()
    query = f"district={rental.district_id}&price_min={rental.price_per_night}&price_max={rental.price_per_night}"
    assert found(RentalFilterSet, query, rental, rental.get_parent().specific.listings())
    business = added[BusinessPage].last()
    assert found(
        BusinessFilterSet, f"category={business.category.slug}", business, business.get_parent().specific.listings()
    )
    event = added[EventPage].last()
    assert found(EventFilterSet, f"tier={event.allowed_tiers[0]}", event, event.get_parent().specific.events())
    complex_page = added[ResidentialComplexPage].last()
    index = complex_page.get_parent().specific
    query = f"city={complex_page.city.slug}&developer={complex_page.developer.slug}"
    assert found(ComplexFilterSet, query, complex_page, index.complexes())
    apartment = added[ApartmentPage].last()
    assert found(ApartmentFilterSet, f"complex={complex_page.pk}", apartment, index.apartments(), index_page=index)


def test_bulk_pages_are_in_the_sitemap_and_the_site_search(search_index, client, added):
    car = added[CarAdPage].last()
    locs = sitemap_locations(client, HOSTS[CarAdPage])
    assert f"http://{HOSTS[CarAdPage]}{path_of(car)}" in locs
    business = added[BusinessPage].last()
    response = client.get("/search/", {"q": business.title}, HTTP_HOST=HOSTS[BusinessPage])
    assert response.status_code == 200
    assert path_of(business) in response.content.decode()


def test_scale_again_adds_as_many_more_without_clashes(added):
    again = seed(seed_command)  # the command end to end, over all five sites
    assert all(
        pages.count() == (SCALE // 10 if model is ResidentialComplexPage else SCALE) for model, pages in again.items()
    )
    for model in LISTINGS:
        assert not set(again[model].values_list("pk", flat=True)) & set(added[model].values_list("pk", flat=True))
    assert Page.find_problems() == NO_PROBLEMS


def test_a_slug_already_used_under_the_parent_is_refused_and_nothing_is_stored(added):
    taken = added[CarAdPage].first()
    index = taken.get_parent()
    numchild = index.numchild
    clash = CarAdPage(title="Ещё одна машина", slug=taken.slug, vin="")
    with pytest.raises(ValueError, match=taken.slug):
        bulk.add_children({index: [clash]})
    assert clash.pk is None
    index.refresh_from_db()
    assert index.numchild == numchild and Page.find_problems() == NO_PROBLEMS


def test_bulk_insert_forgets_the_cached_filter_choices(added, django_capture_on_commit_callbacks):
    reference_choices()
    assert cache.get(CHOICES_CACHE_KEY) is not None
    index = added[RentalPropertyPage].first().get_parent()
    seeder = rentals_demo.RentalSeeder(index.get_parent())
    seeder.images = seeder.ensure_images()
    page = seeder.build(9_999, "kvartira", "obekt-proverka")
    with django_capture_on_commit_callbacks(execute=True):
        assert bulk.add_children({index: [page]}) == 1
    assert cache.get(CHOICES_CACHE_KEY) is None
    assert RentalPropertyPage.objects.live().child_of(index).filter(slug="obekt-proverka").exists()
