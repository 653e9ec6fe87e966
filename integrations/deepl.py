"""DeepL for wagtail-localize's «Translate» view (machine translation of a page's strings into kk or en).

wagtail-localize's own DeepLTranslator with the API address taken from the options (`API_URL`), so that tests
and a proxy can stand in for api.deepl.com; settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR names it when
DEEPL_AUTH_KEY is set."""

from wagtail_localize.machine_translators.deepl import DeepLTranslator as BaseDeepLTranslator


class DeepLTranslator(BaseDeepLTranslator):
    def get_api_endpoint(self):
        return self.options.get("API_URL") or super().get_api_endpoint()
