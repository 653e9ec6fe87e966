import polib
import pytest
from django.conf import settings

from tests.home.factories import StandardPageFactory, brand_home, translate
from tests.utils import parse_html

pytestmark = pytest.mark.django_db
HOST = "brand.localhost"


@pytest.fixture
def home():
    """A brand whose home page is translated into Kazakh and English, and whose «about» page is not."""
    home = brand_home(HOST, "Бренд")
    StandardPageFactory(parent=home, title="О компании", slug="about")
    translate(home, "kk", "Бренд — жаңа үйлер")
    translate(home, "en", "Brand — new-build homes")
    return home


@pytest.mark.parametrize(
    ("prefix", "search_button", "skip_link"),
    [("", "Найти", "Перейти к содержанию"), ("/en", "Search", "Skip to content"), ("/kk", "Іздеу", None)],
)
def test_interface_speaks_the_chosen_language(client, home, prefix, search_button, skip_link):
    response = client.get(f"{prefix}/", HTTP_HOST=HOST)
    assert response.status_code == 200
    soup = parse_html(response)
    assert soup.select_one(".search-form button").get_text(strip=True) == search_button
    if skip_link:
        assert soup.select_one(".skip-link").get_text(strip=True) == skip_link
    assert soup.html["lang"] == (prefix.strip("/") or "ru")


def test_switcher_on_an_untranslated_page_leads_to_the_home_in_that_language(client, home):
    response = client.get("/about/", HTTP_HOST=HOST)
    soup = parse_html(response)
    links = {a["hreflang"]: a["href"] for a in soup.select(".language-switcher a")}
    assert links == {"ru": "/about/", "kk": "/kk/", "en": "/en/"}
    # no hreflang alternates are claimed for a page that has no translations
    assert not soup.find_all("link", rel="alternate", hreflang=True)


def test_language_switcher_links_to_translations(client, home):
    response = client.get("/", HTTP_HOST=HOST)
    links = {a["hreflang"]: a["href"] for a in parse_html(response).select(".language-switcher a")}
    assert links == {"ru": "/", "kk": "/kk/", "en": "/en/"}


@pytest.mark.parametrize("language", ["kk", "en"])
def test_every_interface_string_is_translated(language):
    catalogue = polib.pofile(str(settings.BASE_DIR / "locale" / language / "LC_MESSAGES" / "django.po"))
    untranslated = [entry.msgid for entry in catalogue if not entry.obsolete and not entry.translated()]
    assert untranslated == []
    assert not [entry.msgid for entry in catalogue if "fuzzy" in entry.flags]
