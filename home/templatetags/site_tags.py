"""Site chrome: navigation, language switcher and the page's JSON-LD graph."""

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import get_language
from wagtail.models import Page, Site

from core import jsonld
from home.models import BrandSettings

register = template.Library()


def _current_site(request):
    return Site.find_for_request(request) if request else None


@register.simple_tag(takes_context=True)
def main_menu_items(context):
    """(label, url) pairs of the site's main menu, linking to pages in the visitor's language."""
    request = context.get("request")
    site = _current_site(request)
    if site is None:
        return []
    menu = BrandSettings.for_request(request).main_menu
    if menu is None:
        return []
    items = list(menu.items.select_related("link_page").order_by("sort_order"))
    page_ids = [item.link_page.translation_key for item in items if item.link_page]
    translated = {}
    language = get_language()
    if language != settings.LANGUAGE_CODE and page_ids:
        translated = {
            page.translation_key: page
            for page in Page.objects.live().filter(translation_key__in=page_ids, locale__language_code=language)
        }
    links = []
    for item in items:
        if item.link_page:
            page = translated.get(item.link_page.translation_key)
            if page is not None:  # the translation's own title: the item's text is written in Russian
                links.append((page.title, page.get_url(request)))
            else:
                links.append((item.link_text or item.link_page.title, item.link_page.get_url(request)))
        else:
            links.append((item.label, item.link_url))
    return links


def _rest_of_path(request, page):
    """What the request adds to the page's own address: a sub-route (`apartments/`) and the query string."""
    if request is None:
        return ""
    rest = ""
    own = page.get_url(request) or ""
    if own.startswith("/") and request.path.startswith(own):
        rest = request.path[len(own) :]
    query = request.META.get("QUERY_STRING", "")
    return rest + (f"?{query}" if query else "")


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per language to the same thing in that language: the page's translation (with the same
    sub-route and filters), the same view for a page-less one (search, favorites), else that language's home."""
    request = context.get("request")
    page = context.get("page")
    current = get_language()
    translations = {}
    is_page = isinstance(page, Page) and page.pk
    if is_page:
        translations = {
            version.locale.language_code: version
            for version in page.get_translations(inclusive=True).live().select_related("locale")
        }
    rest = _rest_of_path(request, page) if is_page else ""
    links = []
    for code, name in settings.LANGUAGES:
        if code in translations:
            url = translations[code].get_url(request) + rest
        elif request is not None and not is_page:
            url = translate_url(request.get_full_path(), code)
        else:
            with translation.override(code):
                url = reverse("wagtail_serve", args=[""])
        links.append(
            {
                "code": code,
                "name": name,
                "url": url,
                "is_current": code == current,
                "translation": translations.get(code) if len(translations) > 1 else None,
            }
        )
    return links


@register.simple_tag(takes_context=True)
def page_jsonld(context, page):
    """The page's JSON-LD: the organisation behind the site, the page itself and its breadcrumbs."""
    request = context.get("request")
    site = page.get_site()
    brand = BrandSettings.for_request(request) if request else BrandSettings.for_site(site)
    logo_url = ""
    if brand.logo:
        logo_url = request.build_absolute_uri(brand.logo.get_rendition("height-112").url) if request else ""
    nodes = [brand.organization_ld(site.root_url, logo_url), page.ld_entity(request)]
    if len(page.breadcrumb_pages) > 1:
        nodes.append(page.breadcrumbs_ld(request))
    return jsonld.script_tag(jsonld.graph(nodes))


@register.simple_tag
def locale_home_url():
    """The home page address in the active language ("/" for Russian, "/en/" for English)."""
    return reverse("wagtail_serve", args=[""])
