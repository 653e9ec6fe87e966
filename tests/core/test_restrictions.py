"""The cached list of private subtrees (core.restrictions) follows the restrictions editors add and remove."""

import pytest
from django.test import Client
from wagtail.models import PageViewRestriction, Site

from blog.models import BlogIndexPage, BlogPostPage

pytestmark = pytest.mark.django_db
HOST = "inback.localhost"


def test_a_restriction_added_or_removed_applies_to_the_page_and_the_lists_at_once():
    blog = BlogIndexPage.objects.descendant_of(Site.objects.get(hostname=HOST).root_page).get()
    post = BlogPostPage.objects.child_of(blog).live().first()
    client = Client()
    assert client.get(post.url, HTTP_HOST=HOST).status_code == 200  # the cached list: nothing restricted here
    assert post.title in client.get(blog.url, HTTP_HOST=HOST).content.decode()
    restriction = PageViewRestriction.objects.create(page=post, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(post.url, HTTP_HOST=HOST)
    assert response.status_code == 302 and "login" in response["Location"]
    assert post.title not in client.get(blog.url, HTTP_HOST=HOST).content.decode()
    restriction.delete()
    assert client.get(post.url, HTTP_HOST=HOST).status_code == 200
    assert post.title in client.get(blog.url, HTTP_HOST=HOST).content.decode()
