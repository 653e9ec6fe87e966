"""Page views run a bounded number of SQL queries, whatever the amount of content."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from blog.models import BlogPostPage
from tests.blog.factories import BlogIndexPageFactory, BlogPostPageFactory
from tests.home.factories import StandardPageFactory, brand_home, main_menu

pytestmark = pytest.mark.django_db
MAX_QUERIES = 20
HOST = "brand.localhost"


@pytest.fixture
def blog():
    """A brand site with an «about» page and a blog of five posts, both in the menu."""
    home = brand_home(HOST, "Бренд")
    about = StandardPageFactory(parent=home, title="О компании", slug="about")
    blog = BlogIndexPageFactory(parent=home)
    BlogPostPageFactory.create_batch(5, parent=blog)
    main_menu(home, about, blog)
    return blog


def count_queries(client, path):
    client.get(path, HTTP_HOST=HOST)  # warm the caches (site root paths, renditions, menus)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, HTTP_HOST=HOST)
    assert response.status_code == 200
    return len(queries)


def add_posts(blog, count):
    BlogPostPageFactory.create_batch(count, parent=blog)


PATHS = ["/", "/blog/", "/blog/?tag=проверка", "/blog/rss/", "/about/", "/sitemap.xml", "/search/?q=новость"]


def test_query_count_does_not_grow_with_posts(client, blog):
    # One blog for all the paths: making the posts costs more than counting the queries of a page.
    add_posts(blog, 2)
    few = {path: count_queries(client, path) for path in PATHS}
    add_posts(blog, 20)
    many = {path: count_queries(client, path) for path in PATHS}
    assert many == few, f"queries with 7 posts: {few}, with 27: {many}"
    assert max(many.values()) <= MAX_QUERIES, many


def test_blog_post_query_count_is_bounded(client, blog):
    post = BlogPostPage.objects.child_of(blog).first()
    assert count_queries(client, post.url) <= MAX_QUERIES
