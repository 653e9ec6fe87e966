"""Every page type in every demo site's sitemap answers with full SEO metadata and valid JSON-LD; the JSON-LD
rules (blog posts, the brand's organization, escaping) and robots.txt are checked on a brand site of their own."""

from urllib.parse import urlsplit

import pytest
import wagtail_factories
from wagtail.models import Page, Site

from tests import schemaorg
from tests.blog.factories import BlogIndexPageFactory, BlogPostPageFactory
from tests.conftest import DEMO_HOSTS
from tests.home.factories import StandardPageFactory, brand_home, translate
from tests.utils import jsonld_nodes, node_of_type, parse_html, sitemap_urls

pytestmark = pytest.mark.django_db
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


def sitemap_entries(client, host):
    return [
        (
            url.find("sm:loc", SITEMAP_NS).text,
            url.find("sm:lastmod", SITEMAP_NS).text,
            {link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", SITEMAP_NS)},
        )
        for url in sitemap_urls(client, host)
    ]


@pytest.mark.parametrize("key", DEMO_HOSTS)
def test_sitemap_lists_every_live_page_of_the_site(client, key):
    host = DEMO_HOSTS[key]
    site = Site.objects.get(hostname=host)
    expected = {
        page.get_full_url()
        for home in Page.objects.filter(translation_key=site.root_page.translation_key)
        for page in home.get_descendants(inclusive=True).live().public()
    }
    entries = sitemap_entries(client, host)
    assert {loc for loc, _lastmod, _alternates in entries} == expected
    assert all(lastmod for _loc, lastmod, _alternates in entries)
    home_alternates = next(alternates for loc, _lastmod, alternates in entries if loc == f"http://{host}/")
    assert set(home_alternates) == {"ru", "kk", "en", "x-default"}


def samples_per_page_type(site, locs):
    """The first and the last sitemap URL of each page type in each language: the metadata and the JSON-LD
    come from the page type's templates and methods, so two pages of a kind stand for its 300 apartments."""
    kinds = {}
    for home in Page.objects.filter(translation_key=site.root_page.translation_key):
        for page in home.get_descendants(inclusive=True).live().public():
            kinds[page.get_full_url()] = (page.content_type_id, page.locale_id)
    groups = {}
    for loc in sorted(locs):
        groups.setdefault(kinds[loc], []).append(loc)
    return sorted({loc for group in groups.values() for loc in (group[0], group[-1])})


@pytest.mark.parametrize("key", DEMO_HOSTS)
def test_every_page_type_in_the_sitemap_has_seo_metadata_and_valid_jsonld(client, key):
    host = DEMO_HOSTS[key]
    locs = [loc for loc, _lastmod, _alternates in sitemap_entries(client, host)]
    for loc in samples_per_page_type(Site.objects.get(hostname=host), locs):
        response = client.get(urlsplit(loc).path, HTTP_HOST=host)
        assert response.status_code == 200, loc
        soup = parse_html(response)
        assert soup.title.get_text(strip=True), loc
        assert soup.find("meta", attrs={"name": "description"})["content"], loc
        assert soup.find("link", rel="canonical")["href"] == loc
        for prop in ("og:title", "og:description", "og:url", "og:type", "og:site_name"):
            assert soup.find("meta", property=prop)["content"], (loc, prop)
        assert soup.find("meta", attrs={"name": "twitter:card"}), loc
        nodes = jsonld_nodes(response)
        types = {node["@type"] for node in nodes}
        assert types & {"Organization", "RealEstateAgent", "AutoDealer", "LodgingBusiness"}, loc
        for node in nodes:
            assert schemaorg.problems(node) == [], (loc, node)


HOST = "brand.localhost"


def test_blog_post_has_blogposting_and_breadcrumbs(client):
    BlogPostPageFactory(parent=BlogIndexPageFactory(parent=brand_home(HOST, "Бренд")))
    response = client.get("/blog/", HTTP_HOST=HOST)
    first_post = parse_html(response).select_one(".post-card a")["href"]
    response = client.get(first_post, HTTP_HOST=HOST)
    post = node_of_type(response, "BlogPosting")
    assert post["headline"] and post["datePublished"] and post["author"]["name"]
    assert post["image"].startswith(f"http://{HOST}/")
    assert post["publisher"] == {"@id": f"http://{HOST}/#organization"}
    crumbs = node_of_type(response, "BreadcrumbList")["itemListElement"]
    assert [crumb["position"] for crumb in crumbs] == [1, 2, 3]
    assert crumbs[0]["item"] == f"http://{HOST}/"
    assert crumbs[1]["item"] == f"http://{HOST}/blog/"
    soup = parse_html(response)
    assert soup.find("meta", property="og:type")["content"] == "article"


def test_organization_carries_brand_contacts(client):
    logo = wagtail_factories.ImageFactory(title="Логотип")
    brand_home(
        HOST, "Автосалон", organization_type="AutoDealer", logo=logo, phone="+7 495 000-00-00",
        street_address="ул. Тестовая, 1", locality="Москва", country="RU",
    )  # fmt: skip
    response = client.get("/", HTTP_HOST=HOST)
    organization = node_of_type(response, "AutoDealer")
    assert organization["name"] == "Автосалон"
    assert organization["telephone"] and organization["address"]["@type"] == "PostalAddress"
    assert organization["logo"]["url"].startswith(f"http://{HOST}/")


def test_jsonld_cannot_be_broken_out_of_by_content(client):
    page = StandardPageFactory(parent=brand_home(HOST, "Бренд"), slug="about")
    page.title = "</script><script>alert(1)</script>"
    page.save_revision().publish()
    response = client.get("/about/", HTTP_HOST=HOST)
    assert b"<script>alert(1)" not in response.content
    assert any(node.get("name") == page.title for node in jsonld_nodes(response))


def test_robots_txt_points_to_the_site_sitemap(client):
    brand_home(HOST, "Бренд")
    response = client.get("/robots.txt", HTTP_HOST=HOST)
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert f"Sitemap: http://{HOST}/sitemap.xml" in body
    assert "Disallow: /admin/" in body


def test_hreflang_links_in_head_of_translated_home(client):
    home = brand_home(HOST, "Бренд")
    translate(home, "kk", "Бренд — жаңа үйлер")
    translate(home, "en", "Brand — new-build homes")
    response = client.get("/en/", HTTP_HOST=HOST)
    assert response.status_code == 200
    soup = parse_html(response)
    alternates = {link["hreflang"]: link["href"] for link in soup.find_all("link", rel="alternate", hreflang=True)}
    assert alternates == {
        "ru": f"http://{HOST}/",
        "kk": f"http://{HOST}/kk/",
        "en": f"http://{HOST}/en/",
    }
    assert soup.html["lang"] == "en"
    assert soup.find("h1").get_text(strip=True) == "Brand — new-build homes"
