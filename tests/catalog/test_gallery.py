"""Every listing's detail page shows its photos as one gallery (templates/includes/gallery.html): a main photo that
opens the full-size one, thumbnails that are links to theirs (site.js turns them into a viewer and a lightbox;
without JavaScript they stay links)."""

import re

import pytest
import wagtail_factories
from django.test import Client

from catalog.models import BusinessGalleryImage, CarAdPhoto, ComplexGalleryImage, RentalPhoto
from tests.catalog.factories import (
    ApartmentPageFactory,
    BusinessIndexPageFactory,
    BusinessPageFactory,
    CarAdPageFactory,
    CarIndexPageFactory,
    RealtyIndexPageFactory,
    RentalIndexPageFactory,
    RentalPropertyPageFactory,
    ResidentialComplexPageFactory,
)
from tests.home.factories import brand_home

pytestmark = pytest.mark.django_db
HOST = "gallery.localhost"


def images(count):
    make = wagtail_factories.ImageFactory
    return [make(title=f"Фото {number}", file__width=1600, file__height=1000) for number in range(count)]


def gallery_of(page):
    response = Client().get(page.url, HTTP_HOST=HOST)
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index('<section class="gallery-viewer"')
    return html[start : html.index("</section>", start)]


def assert_gallery(html, photos):
    assert "data-gallery" in html
    main_link = re.search(r'<a class="gallery-main-link" href="([^"]+)" data-gallery-open', html)
    assert main_link and main_link.group(1).endswith(".jpg")  # without JavaScript: the full-size photo
    thumbs = re.findall(r'<li><a href="([^"]+)" data-gallery-thumb data-srcset="([^"]+)"', html)
    assert len(thumbs) == photos
    assert thumbs[0][0] == main_link.group(1)
    assert all(href.endswith(".jpg") and "400w" in srcset and "1200w" in srcset for href, srcset in thumbs)
    assert html.count('aria-current="true"') == 1
    assert 'width="160" height="120"' in html  # the thumbnails' crop
    assert f"Фото 1 из {photos}" in html


@pytest.fixture
def home():
    return brand_home(HOST, "Галерея")


def test_a_rental_has_a_gallery(home):
    rental = RentalPropertyPageFactory(parent=RentalIndexPageFactory(parent=home))
    for position, image in enumerate(images(3)):
        RentalPhoto.objects.create(page=rental, image=image, caption=f"Комната {position}", sort_order=position)
    html = gallery_of(rental)
    assert_gallery(html, 3)
    assert "Комната 0" in html  # the first photo's caption under the main photo


def test_a_car_ad_has_a_gallery(home):
    ad = CarAdPageFactory(parent=CarIndexPageFactory(parent=home))
    for position, image in enumerate(images(2)):
        CarAdPhoto.objects.create(page=ad, image=image, caption="Вид сбоку", sort_order=position)
    assert_gallery(gallery_of(ad), 2)


def test_a_partner_has_its_cover_first_in_its_gallery(home):
    cover, inside = images(2)
    partner = BusinessPageFactory(parent=BusinessIndexPageFactory(parent=home), main_image=cover)
    BusinessGalleryImage.objects.create(business=partner, image=inside, caption="Зал", sort_order=0)
    html = gallery_of(partner)
    assert_gallery(html, 2)
    assert re.findall(r'data-caption="([^"]*)"', html) == ["", "Зал"]


def test_an_apartment_shows_its_plan_then_its_complexs_photos(home):
    complex_page = ResidentialComplexPageFactory(parent=RealtyIndexPageFactory(parent=home))
    plan, facade = images(2)
    ComplexGalleryImage.objects.create(complex=complex_page, image=facade, caption="Фасад", sort_order=0)
    apartment = ApartmentPageFactory(parent=complex_page, layout_image=plan)
    html = gallery_of(apartment)
    assert_gallery(html, 2)
    assert html.index("Планировка квартиры") < html.index("Фасад")
