"""Images uploaded in the admin are bounded like the guests' photos: size and pixels, read from the header."""

import pytest
from django.urls import reverse
from PIL import Image
from wagtail.models import Collection
from wagtail.users.models import UserProfile

from images.models import CustomImage
from tests.bookings.helpers import image_upload, png_upload

pytestmark = pytest.mark.django_db


def test_pillow_refuses_past_twice_the_limit_whoever_opens_the_file(settings):
    assert Image.MAX_IMAGE_PIXELS == settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 25_000_000
    with pytest.raises(Image.DecompressionBombError):
        Image.open(png_upload("bomb.png", 100_000, 100_000, pixels=False))


def test_the_admin_refuses_an_image_with_too_many_pixels(admin_client):
    upload = png_upload("square.png", 7000, 7000)
    response = admin_client.post(reverse("wagtailimages:add"), {"title": "Огромная", "file": upload})
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "В этом файле слишком много пикселей (49000000). Максимум пикселей 25000000."
    ]
    assert not CustomImage.objects.filter(title="Огромная").exists()


def test_the_admin_takes_a_normal_photo(admin_client):
    data = {"title": "Спальня", "file": image_upload("bed.jpg"), "collection": Collection.get_first_root_node().pk}
    response = admin_client.post(reverse("wagtailimages:add"), data)
    assert response.status_code == 302, response.context["form"].errors
    assert CustomImage.objects.get(title="Спальня").width == 800


def test_the_upload_form_states_the_pixel_limit_in_the_editors_language(admin_client, admin_user):
    response = admin_client.get(reverse("wagtailimages:add"))
    assert "Не больше 25 мегапикселей." in response.context["form"].fields["file"].help_text
    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "en"
    profile.save()
    response = admin_client.get(reverse("wagtailimages:add"))
    assert "No more than 25 megapixels." in str(response.context["form"].fields["file"].help_text)
