"""The sitemap: an index of sections, one per page kind, each split at SITEMAP_URLS_PER_FILE; every file cached
and renewed when a page is published, unpublished or deleted."""

from xml.etree import ElementTree

import pytest
from wagtail.models import Site

from blog.models import BlogIndexPage, BlogPostPage
from tests.blog.factories import BlogPostPageFactory
from tests.utils import SITEMAP_NAMESPACES, sitemap_locations, sitemap_parts, sitemap_urls

pytestmark = pytest.mark.django_db
HOST = "inback.localhost"


def index_locations(client):
    response = client.get("/sitemap.xml", HTTP_HOST=HOST)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    root = ElementTree.fromstring(response.content)
    return [loc.text for loc in root.findall("sm:sitemap/sm:loc", SITEMAP_NAMESPACES)]


@pytest.fixture
def blog():
    return BlogIndexPage.objects.descendant_of(Site.objects.get(hostname=HOST).root_page).get()


def test_the_index_lists_one_section_per_page_kind_and_each_holds_only_its_kind(client):
    locations = index_locations(client)
    assert f"http://{HOST}/sitemap-blog-blogpostpage.xml" in locations
    assert f"http://{HOST}/sitemap-catalog-apartmentpage.xml" in locations
    assert f"http://{HOST}/sitemap-home-homepage.xml" in locations
    assert not any("caradpage" in location for location in locations)  # Avtofamily's, not this site's
    posts = client.get("/sitemap-blog-blogpostpage.xml", HTTP_HOST=HOST)
    listed = {loc.text for loc in ElementTree.fromstring(posts.content).findall("sm:url/sm:loc", SITEMAP_NAMESPACES)}
    site = Site.objects.get(hostname=HOST)
    expected = {
        post.get_full_url()
        for post in BlogPostPage.objects.live().public()
        if any(post.path.startswith(home.path) for home in site.root_page.get_translations(inclusive=True))
    }
    assert listed == expected


def test_a_section_larger_than_the_limit_is_split_into_parts(client, settings):
    settings.SITEMAP_URLS_PER_FILE = 3
    apartments = f"http://{HOST}/sitemap-catalog-apartmentpage.xml"
    locations = index_locations(client)
    parts = [location for location in locations if location.startswith(apartments)]
    assert parts[0] == apartments
    assert parts[1:] == [f"{apartments}?p={part}" for part in range(2, len(parts) + 1)]
    assert len(parts) > 2
    responses = sitemap_parts(client, HOST)
    assert all(len(ElementTree.fromstring(r.content).findall("sm:url", SITEMAP_NAMESPACES)) <= 3 for r in responses)
    assert client.get("/sitemap-catalog-apartmentpage.xml?p=999", HTTP_HOST=HOST).status_code == 404


def test_translations_are_alternates_with_x_default(client):
    urls = sitemap_urls(client, HOST)
    home = next(url for url in urls if url.find("sm:loc", SITEMAP_NAMESPACES).text == f"http://{HOST}/")
    links = {link.get("hreflang"): link.get("href") for link in home.findall("xhtml:link", SITEMAP_NAMESPACES)}
    assert set(links) == {"ru", "kk", "en", "x-default"}
    assert links["x-default"] == links["ru"] == f"http://{HOST}/"
    assert links["en"] == f"http://{HOST}/en/"


def test_every_file_is_served_from_the_cache_the_second_time(client, django_assert_num_queries):
    paths = ["/sitemap.xml", "/sitemap-catalog-apartmentpage.xml"]
    first = {path: client.get(path, HTTP_HOST=HOST).content for path in paths}
    for path in paths:
        with django_assert_num_queries(0):
            response = client.get(path, HTTP_HOST=HOST)
        assert response.status_code == 200
        assert response.content == first[path]
    assert client.get("/sitemap.xml", HTTP_HOST="avtofamily.localhost").content != first["/sitemap.xml"]


def test_a_part_costs_the_same_queries_whatever_its_size(client, blog):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/sitemap-blog-blogpostpage.xml", HTTP_HOST=HOST).status_code == 200
        return len(queries)

    count()  # what a worker caches for good (content types, locales) is not the part's cost
    few = count()
    BlogPostPageFactory.create_batch(10, parent=blog)
    assert count() == few


def test_publishing_unpublishing_and_deleting_renew_the_cached_sitemap(client, blog):
    before = sitemap_locations(client, HOST)
    post = BlogPostPageFactory(parent=blog, title="Свежая новость для карты сайта")
    post.save_revision().publish()
    assert post.get_full_url() in sitemap_locations(client, HOST)
    post.unpublish()
    assert post.get_full_url() not in sitemap_locations(client, HOST)
    post.save_revision().publish()
    assert post.get_full_url() in sitemap_locations(client, HOST)
    post.delete()
    assert sitemap_locations(client, HOST) == before


def test_publishing_a_post_leaves_the_other_sections_cached(client, blog, django_assert_num_queries):
    apartments = client.get("/sitemap-catalog-apartmentpage.xml", HTTP_HOST=HOST).content
    client.get("/sitemap-blog-blogpostpage.xml", HTTP_HOST=HOST)
    post = BlogPostPageFactory(parent=blog, title="Ещё одна новость")
    post.save_revision().publish()
    with django_assert_num_queries(0):
        assert client.get("/sitemap-catalog-apartmentpage.xml", HTTP_HOST=HOST).content == apartments
    assert post.get_full_url() in client.get("/sitemap-blog-blogpostpage.xml", HTTP_HOST=HOST).content.decode()


def test_publishing_a_page_with_children_renews_every_file(client, blog):
    post = BlogPostPage.objects.child_of(blog).live().first()
    client.get("/sitemap-blog-blogpostpage.xml", HTTP_HOST=HOST)
    blog.slug = "novosti"
    blog.save_revision().publish()
    post.refresh_from_db()
    listed = client.get("/sitemap-blog-blogpostpage.xml", HTTP_HOST=HOST).content.decode()
    assert f"<loc>{post.get_full_url()}</loc>" in listed
    assert "/novosti/" in post.get_full_url()
