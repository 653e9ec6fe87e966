"""A brand's blog: list newest first, tag filter, pagination, RSS and the post page (on a site of its own)."""

from datetime import date, timedelta
from xml.etree import ElementTree

import pytest

from blog.models import BlogPostPage
from tests.blog.factories import BlogIndexPageFactory, BlogPostPageFactory
from tests.home.factories import brand_home
from tests.utils import parse_html, visible_text

pytestmark = pytest.mark.django_db
HOST = "blog.localhost"


@pytest.fixture
def blog():
    """A blog of five posts, one a day, the last two also tagged «ипотека»."""
    blog = BlogIndexPageFactory(parent=brand_home(HOST, "Бренд с блогом"))
    first_day = date(2026, 11, 1)
    for day in range(5):
        tags = ["проверка", "ипотека"] if day >= 3 else ["проверка"]
        BlogPostPageFactory(parent=blog, title=f"Новость {day + 1}", date=first_day + timedelta(days=day), tags=tags)
    return blog


def test_index_lists_posts_newest_first(client, blog):
    response = client.get("/blog/", HTTP_HOST=HOST)
    titles = [h.get_text(strip=True) for h in parse_html(response).select(".post-card .card-title")]
    expected = list(BlogPostPage.objects.child_of(blog).live().order_by("-date", "-pk").values_list("title", flat=True))
    assert titles == expected
    assert titles == ["Новость 5", "Новость 4", "Новость 3", "Новость 2", "Новость 1"]


def test_tag_filter_shows_only_tagged_posts(client, blog):
    tag = "ипотека"
    response = client.get("/blog/", {"tag": tag}, HTTP_HOST=HOST)
    titles = {h.get_text(strip=True) for h in parse_html(response).select(".post-card .card-title")}
    assert titles == set(BlogPostPage.objects.child_of(blog).filter(tags__name=tag).values_list("title", flat=True))
    assert titles == {"Новость 4", "Новость 5"}
    assert f"«{tag}»" in visible_text(response)
    # a filtered list is canonicalised to the unfiltered page
    assert parse_html(response).find("link", rel="canonical")["href"] == f"http://{HOST}/blog/"


@pytest.mark.parametrize("page", ["999", "abc", "-1"])
def test_bad_page_number_falls_back_to_first_page(client, blog, page):
    response = client.get("/blog/", {"page": page}, HTTP_HOST=HOST)
    assert response.status_code == 200
    assert parse_html(response).select(".post-card")


def test_pagination_splits_long_lists(client, blog, monkeypatch):
    monkeypatch.setattr(type(blog), "POSTS_PER_PAGE", 2)
    first = parse_html(client.get("/blog/", HTTP_HOST=HOST))
    assert len(first.select(".post-card")) == 2
    assert first.select_one('a[rel="next"]')["href"] == "?page=2"
    third = parse_html(client.get("/blog/", {"page": 3}, HTTP_HOST=HOST))
    assert len(third.select(".post-card")) == 1


def test_rss_feed_lists_posts(client, blog):
    response = client.get("/blog/rss/", HTTP_HOST=HOST)
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ElementTree.fromstring(response.content).find("channel")
    items = channel.findall("item")
    assert len(items) == BlogPostPage.objects.child_of(blog).live().count()
    assert all(item.find("link").text.startswith(f"http://{HOST}/blog/") for item in items)
    assert channel.find("title").text.startswith("Блог")


def test_post_page_shows_author_date_tags_and_cover(client, blog):
    post = BlogPostPage.objects.child_of(blog).get(title="Новость 5")
    response = client.get(post.url, HTTP_HOST=HOST)
    soup = parse_html(response)
    assert soup.find("h1").get_text(strip=True) == post.title
    assert post.author.name in visible_text(response)
    assert {a.get_text(strip=True) for a in soup.select(".tag-list a")} == {f"#{t.name}" for t in post.tags.all()}
    cover = soup.select_one("picture img")
    assert cover["alt"] and cover["width"] and cover["height"]
    assert soup.select_one('picture source[type="image/webp"]')["srcset"]
