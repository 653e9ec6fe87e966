"""The demo's brand home pages: which blocks each brand's home shows (home/blocks.py), in Russian like the rest of
the demo's content. Each brand opens on its own business with its own layout choices."""

import json
import uuid

from wagtail.images.models import Filter

from demo.helpers import ensure_image
from demo.images import draw_brand_picture

STORY_PICTURE = 7  # demo.images.draw_brand_picture's number for the story's picture (0 is the hero, 1-5 the blog)
STORY_RENDITIONS = ("original", *Filter.expand_spec("format-{webp,jpeg}|width-{480,960}"))  # home/blocks/story.html


def _block(block_type, **value):
    return {"type": block_type, "value": value, "id": str(uuid.uuid4())}


def _story(brand, about, image=None, position="right", heading="О нас"):
    return _block(
        "story",
        heading=heading,
        text=brand["body"],
        image=image.pk if image else None,
        image_position=position,
        link=about.pk if about else None,
        link_text="Подробнее о компании",
    )


def _numbers(layout, *metrics, heading=""):
    items = []
    for metric in metrics:
        if isinstance(metric, tuple):  # (value, label): the editor's own number
            items.append({"metric": "custom", "value": metric[0], "label": metric[1]})
        else:
            items.append({"metric": metric, "value": "", "label": ""})
    return _block("numbers", heading=heading, items=items, layout=layout)


def _featured(heading, catalog, count, layout, link_text=""):
    value = {"heading": heading, "catalog": catalog, "picks": [], "count": count, "layout": layout}
    return _block("featured", **value, link_text=link_text)


def _hero(catalog, layout, heading="", text="", button_text=""):
    return _block(
        "hero", catalog=catalog, heading=heading, text=text, image=None, layout=layout, button_text=button_text
    )


def _posts(heading=""):
    return _block("latest_posts", heading=heading, count=3)


def _lead(kind, heading, button_text=""):
    return _block("lead_form", kind=kind, heading=heading, button_text=button_text)


def story_image(brand):
    """The picture beside the brand's story, drawn once; (image, created)."""
    slug = brand["slug"]
    return ensure_image(
        f"{slug}-story",
        lambda: draw_brand_picture(slug, STORY_PICTURE, brand["primary_color"], brand["accent_color"]),
        filename=f"{slug}-story.jpg",
        description=f"{brand['name']}: {brand['tagline']}",
        renditions=STORY_RENDITIONS,
    )


def sections(brand, *, about=None, story=None):
    """The home page blocks of `brand` (a demo.content.BRANDS entry) as StreamField JSON; `story`: the image
    beside the brand's story."""
    slug = brand["slug"]
    if slug == "inback":
        stream = [
            _hero("complexes", "split", heading="Квартиры в новостройках с кэшбеком", button_text="Показать"),
            _featured("Новостройки с ценами", "complexes", 8, "grid", "Все жилые комплексы"),
            _numbers("band", "realty.complexes", "realty.apartments", "realty.price_from", "realty.price_m2"),
            _featured("Квартиры в продаже", "apartments", 8, "row", "Все квартиры"),
            _story(brand, about, story),
            _posts("Статьи о покупке квартиры"),
            _lead("consultation", "Подберём квартиру и ипотеку"),
        ]
    elif slug == "avtofamily":
        stream = [
            _hero("cars", "cover", heading="Автомобили с пробегом и новые", button_text="Показать автомобили"),
            _featured("Свежие объявления", "cars", 8, "grid", "Все автомобили"),
            _numbers("cards", "cars.ads", "cars.makes", "cars.new", "cars.price_from"),
            _lead("test_drive", "Запишитесь на тест-драйв"),
            _story(brand, about, story, position="left", heading="Почему Avtofamily"),
            _posts("Советы автовладельцам"),
        ]
    elif slug == "svoykrug":
        stream = [
            _hero("partners", "band", heading="Клуб привилегий «Свой Круг»", button_text="Найти партнёра"),
            _featured("Ближайшие встречи клуба", "events", 3, "lead", "Все мероприятия"),
            _numbers("band", "club.partners", "club.offers", "club.events", ("4", "статуса участниц")),
            _featured("Партнёры клуба", "partners", 4, "grid", "Все партнёры"),
            _story(brand, about, story, heading="О клубе"),
            _posts("Журнал клуба"),
        ]
    else:
        stream = [
            _hero("rentals", "cover", heading="Квартиры посуточно в Астане", button_text="Найти жильё"),
            _featured("Новые варианты", "rentals", 8, "grid", "Все варианты"),
            _numbers("cards", "rentals.properties", "rentals.districts", "rentals.price_from", "rentals.rating"),
            _story(brand, about, story, position="left", heading="Как работает ЖильеGO"),
            _posts("Гостям Астаны"),
        ]
    return json.dumps(stream, ensure_ascii=False)
