"""The demo's drawn pictures (demo/images.py): the right sizes, a focal box inside the picture, the same bytes on
every run, and no text: the photo drawers never write on the picture (only a logo carries its initials)."""

import io

import pytest
from PIL import Image, ImageDraw

from demo import images

DRAWINGS = {
    "facade": lambda: images.draw_facade("#1F4E79", "#2E7D5B", "t", "courtyard"),
    "embankment": lambda: images.draw_facade("#1F4E79", "#C47F17", "t", "embankment"),
    "hero skyline": lambda: images.draw_facade("#1F4E79", "#9C2F2F", "t", "skyline", size=images.HERO_SIZE),
    "plan": lambda: images.draw_plan("small", "t", size=images.PLAN_SIZE),
    "sedan": lambda: images.draw_car("sedan", "light", "t"),
    "suv": lambda: images.draw_car("suv", "dark", "t"),
    "car interior": lambda: images.draw_car_detail("interior", "t"),
    "living room": lambda: images.draw_room("living", "t"),
    "city view": lambda: images.draw_room("view", "t"),
    "house": lambda: images.draw_room("house", "t"),
    "storefront": lambda: images.draw_storefront("#0B6E69", "produce", "t"),
    "event": lambda: images.draw_event("#0B6E69", "#8E3B62", "t"),
}
SIZES = {"hero skyline": images.HERO_SIZE, "plan": images.PLAN_SIZE}


@pytest.fixture
def no_text(monkeypatch):
    """Fail any drawing that writes text on a picture."""

    def refuse(*args, **kwargs):
        raise AssertionError("a demo picture must not carry text")

    monkeypatch.setattr(ImageDraw.ImageDraw, "text", refuse)
    monkeypatch.setattr(ImageDraw.ImageDraw, "multiline_text", refuse)


@pytest.mark.parametrize("name", DRAWINGS)
def test_a_picture_has_its_size_a_focal_box_and_no_text(no_text, name):
    picture = DRAWINGS[name]()
    decoded = Image.open(io.BytesIO(picture.data))
    assert decoded.format == "JPEG"
    assert decoded.size == picture.size == SIZES.get(name, images.PHOTO_SIZE)
    x, y, width, height = picture.focal
    assert x >= 0 and y >= 0 and width > 0 and height > 0
    assert x + width <= decoded.width and y + height <= decoded.height


def test_pictures_are_the_same_on_every_run_and_differ_by_seed(no_text):
    assert images.draw_car("crossover", "red", "a").data == images.draw_car("crossover", "red", "a").data
    assert images.draw_facade("#1F4E79", "#2E7D5B", "a").data != images.draw_facade("#1F4E79", "#2E7D5B", "b").data


def test_every_brand_gets_pictures_of_its_business(no_text):
    for brand in ("inback", "avtofamily", "svoykrug", "zhilego", "portal"):
        picture = images.draw_brand_picture(brand, 1, "#1F4E79", "#9C2F2F")
        assert picture.size == images.PHOTO_SIZE


def test_a_logo_is_its_initials_on_the_brand_colour():
    logo = Image.open(io.BytesIO(images.draw_logo("IB", "#1F4E79")))
    assert logo.size == (256, 256)
    assert logo.getpixel((128, 20))[:3] == (0x1F, 0x4E, 0x79)  # the brand colour above the letters
