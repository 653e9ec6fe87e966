"""The demo in Kazakh and English: every page of every brand exists in the three languages, the sitemap lists them,
and a Kazakh or English page carries no Russian interface text.

The tests' demo translates a sample (`seed_demo --translations sample`: every section and two pages of each type
under each parent, every page type of every brand); one test translates a brand whole, as `make run` does all.

One walk over every site's sitemap, in-process: every Kazakh and English URL is routed (Wagtail's own routing, the
way a request finds its page; no 404), and a sample of each sitemap section is rendered in each language (every
page type, every brand: RENDERED per section and language), so the module costs seconds, not the minute that
rendering all 1 700 pages takes. The checks below read what the walk saw."""

import re
from collections import defaultdict
from urllib.parse import urlsplit

import pytest
from django.http import Http404
from django.test import Client, RequestFactory
from django.utils import translation
from wagtail.models import Locale, Page, Site

from catalog.models import ApartmentPage, CarAdPage, RentalPropertyPage, ResidentialComplexPage
from demo.translations import page_translation, translate_tree
from home.models import HomePage

# One worker walks the sitemaps for the whole module.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo-translations")]

LANGUAGES = ("ru", "kk", "en")
# Pages rendered per sitemap section and language (the rest are routed); the Russian ones, and two of each page
# type in each language for their SEO tags, are rendered by tests/core/test_seo.py.
RENDERED = {"ru": 0, "kk": 1, "en": 1}
# Interface words of ours (header, menus, footer, breadcrumbs, listings) that must not stay Russian on a kk/en
# page. Kazakh is written in Cyrillic too, so this looks for our Russian strings, not for the alphabet.
RUSSIAN_UI = [
    "Войти",
    "Кабинет",
    "Избранное",
    "Найти",
    "Поиск по сайту",
    "Перейти к содержанию",
    "Главное меню",
    "Главная",
    "Контакты",
    "О компании",
    "Новостройки",
    "Аренда",
    "Автомобили",
    "Партнёры клуба",
    "Мероприятия",
    "Все права защищены",
    "Разделы",
    "Платформа брендов",
    "Новостройки с кэшбеком",
    "Посуточная аренда",
]
LOC = re.compile(r"<loc>([^<]+)</loc>")
ALTERNATE = re.compile(r'<xhtml:link rel="alternate" hreflang="(\w+)" href="([^"]+)"')
HREFLANG = re.compile(r'<link rel="alternate" hreflang="(\w+)" href="([^"]+)">')
TAG = re.compile(r"<[^>]+>")


def language_of(path):
    first = path.strip("/").split("/", 1)[0]
    return first if first in ("kk", "en") else "ru"


def visible_text(html):
    """The page's text without its scripts and styles (JSON-LD, the brand's CSS)."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return TAG.sub(" ", html)


def routes(host, path):
    """Whether Wagtail routes `path` on `host` to a live page, as wagtail_serve does (without rendering it)."""
    request = RequestFactory().get(path, HTTP_HOST=host)
    language = language_of(path)
    components = [part for part in path.strip("/").split("/") if part][0 if language == "ru" else 1 :]
    with translation.override(language):
        site = Site.find_for_request(request)
        try:
            site.root_page.localized.specific.route(request, components)
        except Http404:
            return False
    return True


@pytest.fixture(scope="module")
def walk(django_db_setup, django_db_blocker):
    """{"urls": {host: {language: [path]}}, "alternates": {host: {path: {language}}}, "routed": {(host, path):
    bool}, "pages": {(host, path): (status, html)}} for every sitemap of every site."""
    seen = {"urls": {}, "alternates": {}, "routed": {}, "pages": {}}
    with django_db_blocker.unblock():
        client = Client()
        for site in Site.objects.all():
            host = site.hostname
            index = client.get("/sitemap.xml", HTTP_HOST=host)
            assert index.status_code == 200, host
            urls, alternates = defaultdict(list), {}
            for section in LOC.findall(index.content.decode()):
                parts = urlsplit(section)
                body = client.get(parts.path, {"p": p} if (p := parts.query.partition("=")[2]) else {}, HTTP_HOST=host)
                assert body.status_code == 200, section
                in_section = defaultdict(list)
                for entry in body.content.decode().split("<url>")[1:]:
                    path = urlsplit(LOC.search(entry).group(1)).path
                    in_section[language_of(path)].append(path)
                    alternates[path] = {code for code, _href in ALTERNATE.findall(entry)} - {"x-default"}
                for language, paths in in_section.items():
                    urls[language].extend(paths)
                    step = max(len(paths) // max(RENDERED[language], 1), 1)
                    for path in paths[::step][: RENDERED[language]]:
                        response = client.get(path, HTTP_HOST=host)
                        seen["pages"][host, path] = (response.status_code, response.content.decode())
            seen["urls"][host], seen["alternates"][host] = dict(urls), alternates
            for language in ("kk", "en"):
                for path in urls.get(language, []):
                    seen["routed"][host, path] = routes(host, path)
    return seen


def test_every_page_type_of_every_brand_is_in_the_sitemap_in_three_languages(walk):
    for host, urls in walk["urls"].items():
        assert set(urls) == set(LANGUAGES), host
        assert len(urls["kk"]) == len(urls["en"]) > 0, host
    # the listings too, in each language
    for model in (ResidentialComplexPage, ApartmentPage, CarAdPage, RentalPropertyPage):
        counts = {code: model.objects.live().filter(locale__language_code=code).count() for code in LANGUAGES}
        assert counts["ru"] >= counts["kk"] == counts["en"] > 0, (model.__name__, counts)


def test_each_sitemap_entry_names_the_languages_it_exists_in(walk):
    for host, alternates in walk["alternates"].items():
        translated = [path for path, languages in alternates.items() if languages == set(LANGUAGES)]
        assert len(translated) == 3 * len(walk["urls"][host]["kk"]), host
        for path, languages in alternates.items():
            # a page of the sample names its three languages; one left Russian names no alternates
            assert languages == set(LANGUAGES) or (not languages and language_of(path) == "ru"), (host, path)


def test_the_whole_tree_of_a_brand_translates():
    """What `make run` does for every brand: no page is left out, listings and their child objects included."""
    home = HomePage.objects.get(slug="zhilego", locale__language_code="ru")
    locales = list(Locale.objects.exclude(language_code="ru"))
    assert translate_tree(home, locales, overrides=lambda page, code: page_translation("zhilego", page, code)) > 0
    pages = home.get_descendants().live().count()
    for locale in locales:
        assert home.get_translation(locale).get_descendants().live().count() == pages, locale
    counts = {code: RentalPropertyPage.objects.live().filter(locale__language_code=code).count() for code in LANGUAGES}
    assert counts["ru"] == counts["kk"] == counts["en"] > 0, counts


def test_no_page_answers_404_in_any_language(walk):
    assert len(walk["routed"]) > 100
    assert not [url for url, found in walk["routed"].items() if not found]
    failures = [(host, path, status) for (host, path), (status, _html) in walk["pages"].items() if status != 200]
    assert not failures
    rendered = defaultdict(int)
    for _host, path in walk["pages"]:
        rendered[language_of(path)] += 1
    assert rendered["kk"] > 20 and rendered["en"] == rendered["kk"], rendered


def test_kazakh_and_english_pages_have_no_russian_interface_text(walk):
    leftovers = defaultdict(set)
    for (host, path), (_status, html) in walk["pages"].items():
        if language_of(path) == "ru":
            continue
        text = visible_text(html)
        for word in RUSSIAN_UI:
            if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text):
                leftovers[word].add(f"{host}{path}")
    assert not {word: sorted(paths)[:3] for word, paths in leftovers.items()}


def test_pages_link_their_translations_with_hreflang(walk):
    for (host, path), (_status, html) in walk["pages"].items():
        languages = {code for code, _href in HREFLANG.findall(html)}
        assert languages == set(LANGUAGES), (host, path, languages)


def test_the_language_switcher_keeps_the_visitor_on_the_same_page(client):
    rental = RentalPropertyPage.objects.live().filter(locale__language_code="ru").first()
    kazakh = RentalPropertyPage.objects.get(translation_key=rental.translation_key, locale__language_code="kk")
    host = rental.get_site().hostname
    response = client.get(urlsplit(rental.full_url).path, HTTP_HOST=host)
    assert f'href="{urlsplit(kazakh.full_url).path}" hreflang="kk"' in response.content.decode()
    # a page that is not a Wagtail page (search) keeps its address and query in the other language
    search = client.get("/kk/search/?q=Astana", HTTP_HOST=host).content.decode()
    assert 'href="/en/search/?q=Astana" hreflang="en"' in search
    assert 'href="/search/?q=Astana" hreflang="ru"' in search


def test_a_translated_rental_books_the_russian_one(client):
    """Bookings and the calendar belong to the Russian page, so the three languages share one calendar."""
    rental = RentalPropertyPage.objects.live().filter(locale__language_code="ru").first()
    english = RentalPropertyPage.objects.get(translation_key=rental.translation_key, locale__language_code="en")
    assert english.source_listing == rental
    assert english.pk != rental.pk
    assert Page.objects.filter(translation_key=rental.translation_key).count() == len(LANGUAGES)
