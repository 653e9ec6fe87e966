"""DeepL as wagtail-localize's machine translator, against a local fake of its /v2/translate."""

from urllib.parse import parse_qs

from wagtail.models import Locale
from wagtail_localize.machine_translators import get_machine_translator
from wagtail_localize.strings import StringValue

from tests.fakes.http import FakeService


def deepl_handler(request):
    if request.headers.get("Authorization") != "DeepL-Auth-Key test-key":
        return 403, {"message": "Wrong key"}
    texts = parse_qs(request.body.decode())["text"]  # one `text` field per string
    return 200, {"translations": [{"detected_source_language": "RU", "text": f"[en] {text}"} for text in texts]}


def test_deepl_translates_a_pages_strings_through_the_configured_address(settings):
    with FakeService(deepl_handler) as deepl:
        settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
            "CLASS": "integrations.deepl.DeepLTranslator",
            "OPTIONS": {"AUTH_KEY": "test-key", "API_URL": f"{deepl.url}/v2/translate"},
        }
        translator = get_machine_translator()
        strings = [StringValue("Новостройки"), StringValue("О компании")]
        result = translator.translate(Locale(language_code="ru"), Locale(language_code="en"), strings)

    assert [result[string].data for string in strings] == ["[en] Новостройки", "[en] О компании"]
    [request] = deepl.requests
    assert request.path == "/v2/translate"
    assert request.form["source_lang"] == "RU"
    assert request.form["target_lang"] == "EN"


def test_without_a_key_there_is_no_machine_translator(settings):
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = None
    assert get_machine_translator() is None
