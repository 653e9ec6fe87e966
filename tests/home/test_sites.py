"""The demo's five sites as built by seed_demo, the page tree rules and the error pages."""

import pytest
from wagtail.models import Page, Site

from blog.models import BlogIndexPage, BlogPostPage
from catalog.models import ListingIndexPage
from home.models import BrandSettings, HomePage, PortalPage, StandardPage
from tests.conftest import DEMO_HOSTS
from tests.home.factories import brand_home
from tests.utils import parse_html

pytestmark = pytest.mark.django_db

BRAND_NAMES = {
    "portal": "Платформа брендов",
    "inback": "InBack",
    "avtofamily": "Avtofamily",
    "svoykrug": "Свой Круг",
    "zhilego": "ЖильеGO",
}


@pytest.mark.parametrize("key", DEMO_HOSTS)
def test_each_site_answers_on_its_own_host(client, key):
    response = client.get("/", HTTP_HOST=f"{DEMO_HOSTS[key]}:8000")
    assert response.status_code == 200
    soup = parse_html(response)
    assert soup.select_one(".brand-name").get_text(strip=True) == BRAND_NAMES[key]
    assert soup.find("main", id="main") and soup.find("header") and soup.find("footer")


def test_portal_links_every_brand(client):
    response = client.get("/", HTTP_HOST="localhost")
    links = {a["href"] for a in parse_html(response).select(".brand-card a")}
    assert links == {f"http://{host}/" for key, host in DEMO_HOSTS.items() if key != "portal"}


@pytest.mark.parametrize("key", [k for k in DEMO_HOSTS if k != "portal"])
def test_brand_site_has_pages_settings_menu_and_blog(key):
    site = Site.objects.get(hostname=DEMO_HOSTS[key])
    home = site.root_page.specific
    assert isinstance(home, HomePage)
    children = {page.slug: page.specific for page in home.get_children().live()}
    assert isinstance(children["about"], StandardPage) and children["about"].title == "О компании"
    assert isinstance(children["contacts"], StandardPage) and children["contacts"].title == "Контакты"
    blog = children["blog"]
    assert isinstance(blog, BlogIndexPage)
    posts = BlogPostPage.objects.child_of(blog).live()
    assert posts.count() >= 5
    for post in posts:
        assert post.tags.exists() and post.author and post.cover_image and post.body
    brand = BrandSettings.for_site(site)
    assert brand.name == BRAND_NAMES[key] and brand.logo and brand.phone and brand.primary_color
    items = list(brand.main_menu.items.all())
    assert [item.link_page.slug for item in items[-3:]] == ["about", "blog", "contacts"]
    # a brand's catalog, if it has one, comes first
    assert all(isinstance(item.link_page.specific, ListingIndexPage) for item in items[:-3])


def test_page_tree_rules():
    assert PortalPage.allowed_parent_page_models() == [Page]
    assert HomePage.allowed_parent_page_models() == [Page]
    assert set(StandardPage.allowed_parent_page_models()) == {HomePage, PortalPage, StandardPage}
    assert BlogPostPage.allowed_parent_page_models() == [BlogIndexPage]
    assert BlogIndexPage.allowed_subpage_models() == [BlogPostPage]
    assert not PortalPage.can_create_at(Page.get_first_root_node())  # there is one already


def test_not_found_page_is_in_site_style(client):
    brand_home("brand.localhost", "Бренд")
    response = client.get("/no-such-page/", HTTP_HOST="brand.localhost")
    assert response.status_code == 404
    soup = parse_html(response)
    assert soup.select_one(".brand-name").get_text(strip=True) == "Бренд"
    assert "Страница не найдена" in soup.find("h1").get_text()


def test_server_error_page_renders_without_database(rf):
    from core.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Что-то пошло не так" in response.content.decode()
