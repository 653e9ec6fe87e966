"""Analytics ids are written into every page, so only their documented shapes get there."""

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.test import RequestFactory
from wagtail.models import Page, Site

from home.models import BrandSettings, HomePage


@pytest.fixture
def brand(db):
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Аналитика", slug="analytics-test"))
    site = Site.objects.create(hostname="analytics.test", root_page=home, site_name="Аналитика")
    return BrandSettings.objects.create(site=site, name="Аналитика")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("yandex_metrika_id", "alert(1)"),
        ("yandex_metrika_id", "123);alert(1);//"),
        ("google_analytics_id", '");alert(1);//'),
        ("google_analytics_id", "UA-12345-1"),
    ],
)
def test_an_id_of_the_wrong_shape_is_refused_with_a_message(brand, field, value):
    setattr(brand, field, value)
    with pytest.raises(ValidationError) as error:
        brand.full_clean()
    assert field in error.value.message_dict


def test_valid_ids_reach_the_script(brand):
    brand.yandex_metrika_id, brand.google_analytics_id = "12345678", "G-AB12CD34"
    brand.full_clean()
    request = RequestFactory().get("/")
    html = render_to_string("includes/analytics.html", {"brand": brand}, request=request)
    # static/js/analytics.js reads the ids from its own tag: no id is ever written into JavaScript
    assert 'data-metrika="12345678"' in html
    assert 'data-gtag="G-AB12CD34"' in html
    assert request.csp_services == {"yandex_metrika", "google_analytics"}  # their hosts join this page's CSP


def test_a_value_saved_before_validation_never_reaches_the_script(brand):
    BrandSettings.objects.filter(pk=brand.pk).update(yandex_metrika_id="alert(1)", google_analytics_id='");x("')
    brand.refresh_from_db()
    html = render_to_string("includes/analytics.html", {"brand": brand})
    assert "alert" not in html
    assert "<script" not in html
