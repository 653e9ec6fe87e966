import pytest
from django.core.exceptions import ValidationError

from core.colors import contrast_ratio
from home.models import BrandSettings, NavigationMenuItem
from tests.home.factories import StandardPageFactory, brand_home, main_menu
from tests.utils import validation_errors

pytestmark = pytest.mark.django_db
HOST = "brand.localhost"


@pytest.fixture
def home():
    return brand_home(HOST, "Бренд")


def test_contrast_ratio_matches_wcag_reference_values():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


def test_light_brand_colour_is_rejected_with_a_clear_message(home):
    brand = BrandSettings.for_site(home.get_site())
    brand.primary_color = "#f0e68c"
    with pytest.raises(ValidationError) as error:
        brand.full_clean()
    assert "белый текст" in str(error.value.message_dict["primary_color"])


def test_malformed_colour_is_rejected(home):
    brand = BrandSettings.for_site(home.get_site())
    brand.accent_color = "red"
    with pytest.raises(ValidationError) as error:
        brand.full_clean()
    assert "accent_color" in error.value.message_dict


def test_menu_item_needs_exactly_one_target(home):
    with pytest.raises(ValidationError):
        NavigationMenuItem(link_text="Пусто").clean()
    with pytest.raises(ValidationError):
        NavigationMenuItem(link_page=home, link_url="https://example.com").clean()
    assert validation_errors(NavigationMenuItem(link_url="https://example.com", link_text="Партнёр").clean) == {}
    assert validation_errors(NavigationMenuItem(link_page=home).clean) == {}


def test_menu_change_shows_up_immediately_despite_fragment_cache(client, home):
    main_menu(home, StandardPageFactory(parent=home, title="О компании", slug="about"))
    assert "О компании" in client.get("/", HTTP_HOST=HOST).content.decode()  # fill the cache
    menu = BrandSettings.for_site(home.get_site()).main_menu
    item = menu.items.first()
    item.link_text = "Кто мы"
    item.save()
    response = client.get("/", HTTP_HOST=HOST)
    assert "Кто мы" in response.content.decode()
