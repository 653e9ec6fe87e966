"""Page views run a bounded number of SQL queries, whatever the amount of content."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from blog.models import BlogPostPage
from tests.blog.factories import BlogPostPageFactory

pytestmark = pytest.mark.django_db
MAX_QUERIES = 20
HOST = "inback.localhost"


def count_queries(client, path):
    client.get(path, HTTP_HOST=HOST)  # warm the caches (site root paths, renditions, menus)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, HTTP_HOST=HOST)
    assert response.status_code == 200
    return len(queries)


def add_posts(blog, count):
    BlogPostPageFactory.create_batch(count, parent=blog)


@pytest.mark.parametrize(
    "path",
    ["/", "/blog/", "/blog/?tag=проверка", "/blog/rss/", "/about/", "/sitemap.xml", "/search/?q=новость"],
)
def test_query_count_does_not_grow_with_posts(client, path):
    blog = Site.objects.get(hostname=HOST).root_page.get_children().get(slug="blog").specific
    add_posts(blog, 2)
    few = count_queries(client, path)
    add_posts(blog, 20)
    many = count_queries(client, path)
    assert many == few, f"{path}: {few} queries with 7 posts, {many} with 27"
    assert many <= MAX_QUERIES, f"{path}: {many} queries"


def test_blog_post_query_count_is_bounded(client):
    blog = Site.objects.get(hostname=HOST).root_page.get_children().get(slug="blog").specific
    post = BlogPostPage.objects.child_of(blog).first()
    assert count_queries(client, post.url) <= MAX_QUERIES
