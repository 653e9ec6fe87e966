import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Site

from core.colors import contrast_ratio
from home.models import BrandSettings, NavigationMenuItem

pytestmark = pytest.mark.django_db


def test_contrast_ratio_matches_wcag_reference_values():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


def test_light_brand_colour_is_rejected_with_a_clear_message():
    brand = BrandSettings.for_site(Site.objects.get(hostname="inback.localhost"))
    brand.primary_color = "#f0e68c"
    with pytest.raises(ValidationError) as error:
        brand.full_clean()
    assert "белый текст" in str(error.value.message_dict["primary_color"])


def test_malformed_colour_is_rejected():
    brand = BrandSettings.for_site(Site.objects.get(hostname="inback.localhost"))
    brand.accent_color = "red"
    with pytest.raises(ValidationError) as error:
        brand.full_clean()
    assert "accent_color" in error.value.message_dict


def test_menu_item_needs_exactly_one_target():
    with pytest.raises(ValidationError):
        NavigationMenuItem(link_text="Пусто").clean()
    site = Site.objects.get(hostname="inback.localhost")
    with pytest.raises(ValidationError):
        NavigationMenuItem(link_page=site.root_page, link_url="https://example.com").clean()
    NavigationMenuItem(link_url="https://example.com", link_text="Партнёр").clean()


def test_menu_change_shows_up_immediately_despite_fragment_cache(client):
    site = Site.objects.get(hostname="inback.localhost")
    client.get("/", HTTP_HOST="inback.localhost")  # fill the cache
    menu = BrandSettings.for_site(site).main_menu
    item = menu.items.first()
    item.link_text = "Кто мы"
    item.save()
    response = client.get("/", HTTP_HOST="inback.localhost")
    assert "Кто мы" in response.content.decode()
