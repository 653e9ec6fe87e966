"""The admin works for editors with our custom user and image models."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from blog.models import BlogPostPage
from home.models import BrandSettings
from tests.blog.factories import BlogIndexPageFactory, BlogPostPageFactory
from tests.home.factories import brand_home

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser(email="editor@example.com", password="pw")
    client.force_login(user)
    return client


@pytest.fixture
def site():
    """A brand site with a blog post."""
    home = brand_home("brand.localhost", "Бренд")
    BlogPostPageFactory(parent=BlogIndexPageFactory(parent=home))
    return home.get_site()


def test_admin_screens_open(admin_client, site):
    post = BlogPostPage.objects.descendant_of(site.root_page).first()
    urls = [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore", args=[site.root_page_id]),
        reverse("wagtailadmin_pages:edit", args=[site.root_page_id]),
        reverse("wagtailadmin_pages:edit", args=[post.pk]),
        reverse("wagtailsettings:edit", args=["home", "brandsettings", site.pk]),
        reverse("wagtailimages:index"),
        reverse("wagtailimages:edit", args=[post.cover_image_id]),
        reverse("wagtailusers_users:index"),
        reverse("wagtailusers_users:add"),
    ]
    for url in urls:
        assert admin_client.get(url).status_code == 200, url


def test_editor_changes_brand_colour_in_admin_and_bad_colour_is_refused(admin_client, site):
    url = reverse("wagtailsettings:edit", args=["home", "brandsettings", site.pk])
    form = admin_client.get(url).context["form"]
    data = {name: ("" if value is None else value) for name, value in form.initial.items()}
    data.update(primary_color="#fafafa")
    response = admin_client.post(url, data)
    assert response.status_code == 200  # form shown again with the error
    assert "белый текст" in response.content.decode()
    assert BrandSettings.for_site(site).primary_color != "#fafafa"

    data.update(primary_color="#123456")
    response = admin_client.post(url, data)
    assert response.status_code == 302
    assert BrandSettings.for_site(site).primary_color == "#123456"
