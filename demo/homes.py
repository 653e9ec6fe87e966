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


# The blocks' words in Kazakh and English: {russian: (kazakh, english)}.
STRINGS = {
    "Квартиры в новостройках с кэшбеком": ("Кэшбекпен жаңа үйлердегі пәтерлер", "New-build apartments with cashback"),
    "Показать": ("Көрсету", "Show"),
    "Новостройки с ценами": ("Бағалары бар жаңа үйлер", "New-build homes with prices"),
    "Все жилые комплексы": ("Барлық тұрғын үй кешендері", "All residential complexes"),
    "Квартиры в продаже": ("Сатылымдағы пәтерлер", "Apartments for sale"),
    "Все квартиры": ("Барлық пәтерлер", "All apartments"),
    "Статьи о покупке квартиры": ("Пәтер сатып алу туралы мақалалар", "Articles on buying a home"),
    "Подберём квартиру и ипотеку": ("Пәтер мен ипотеканы таңдап береміз", "We will find you a home and a mortgage"),
    "Автомобили с пробегом и новые": ("Жаңа және жүрілген автокөліктер", "New and used cars"),
    "Показать автомобили": ("Автокөліктерді көрсету", "Show cars"),
    "Свежие объявления": ("Жаңа хабарландырулар", "Latest listings"),
    "Все автомобили": ("Барлық автокөліктер", "All cars"),
    "Запишитесь на тест-драйв": ("Тест-драйвқа жазылыңыз", "Book a test drive"),
    "Почему Avtofamily": ("Неге Avtofamily", "Why Avtofamily"),
    "Советы автовладельцам": ("Көлік иелеріне кеңестер", "Tips for car owners"),
    "Клуб привилегий «Свой Круг»": ("«Свой Круг» артықшылықтар клубы", "The «Svoy Krug» privilege club"),
    "Найти партнёра": ("Серіктес табу", "Find a partner"),
    "Ближайшие встречи клуба": ("Клубтың жақын кездесулері", "Upcoming club events"),
    "Все мероприятия": ("Барлық іс-шаралар", "All events"),
    "статуса участниц": ("қатысушы мәртебесі", "member tiers"),
    "Партнёры клуба": ("Клуб серіктестері", "Club partners"),
    "Все партнёры": ("Барлық серіктестер", "All partners"),
    "О клубе": ("Клуб туралы", "About the club"),
    "Журнал клуба": ("Клуб журналы", "Club journal"),
    "Квартиры посуточно в Астане": ("Астанада тәуліктік пәтерлер", "Daily rentals in Astana"),
    "Найти жильё": ("Баспана табу", "Find a place"),
    "Новые варианты": ("Жаңа нұсқалар", "New places"),
    "Все варианты": ("Барлық нұсқалар", "All places"),
    "Как работает ЖильеGO": ("ЖильеGO қалай жұмыс істейді", "How ZhilyeGO works"),
    "Гостям Астаны": ("Астана қонақтарына", "For Astana's guests"),
    "О нас": ("Біз туралы", "About us"),
    "Подробнее о компании": ("Компания туралы толығырақ", "More about us"),
}
TRANSLATED_FIELDS = ("heading", "button_text", "link_text", "label", "text")


def translated_sections(stream, language, story_text=""):
    """A home's blocks (StreamField JSON, as `sections` makes them) with their words in `language` ("kk", "en");
    the story's text becomes `story_text`."""
    column = ("kk", "en").index(language)

    def translate(value):
        if isinstance(value, dict):
            return {
                key: STRINGS[item][column] if key in TRANSLATED_FIELDS and item in STRINGS else translate(item)
                for key, item in value.items()
            }
        if isinstance(value, list):
            return [translate(item) for item in value]
        return value

    blocks = []
    for block in json.loads(stream):
        block = {**translate(block), "id": str(uuid.uuid4())}
        if block["type"] == "story":
            block["value"]["text"] = story_text
        blocks.append(block)
    return json.dumps(blocks, ensure_ascii=False)
