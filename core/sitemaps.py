"""The sitemap of each site: an index (`/sitemap.xml`) of sections, one per page kind
(`/sitemap-blog-blogpostpage.xml`), each split into parts of at most 50 000 URLs (`?p=2`), with hreflang
alternates; every response cached.

A section lists the site's live public pages of one model in every language. The cached responses are keyed by
two generations: one for all files, renewed when pages move or are deleted or a page with children is published
(its slug may have moved them), and one per file kind, renewed for the page's section and the index when a page
without children is published or unpublished, so a new blog post leaves the apartments' 10 000 URLs cached."""

import functools
import uuid
from collections import defaultdict

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.sitemaps import views as sitemap_views
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.db.models.signals import post_delete, post_save
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from core.restrictions import public_q

GENERATION_KEY = "sitemap:generation"
TIMEOUT = 24 * 60 * 60


def site_pages(site, model=Page):
    """The live public pages of the site, in every language (the homes of all its translations)."""
    homes = Page.objects.filter(translation_key=site.root_page.translation_key).values_list("path", flat=True)
    in_site = Q()
    for path in homes:
        in_site |= Q(path__startswith=path)
    return model.objects.filter(in_site).live().filter(public_q())


def section_name(content_type):
    return f"{content_type.app_label}-{content_type.model}"


class MultilingualSitemap(Sitemap):
    """The pages of one model (all of the site's pages without one), with their translations as alternates."""

    def __init__(self, request=None, content_type=None, site=None):
        super().__init__(request)
        self.limit = settings.SITEMAP_URLS_PER_FILE
        self.content_type = content_type
        self.site = site

    def get_wagtail_site(self):
        if self.site is None:
            self.site = super().get_wagtail_site()
        return self.site

    def items(self):
        if self.content_type is None:
            pages = site_pages(self.get_wagtail_site()).specific()
        else:  # the model's own rows in one query, not base pages and then their specific rows
            model = self.content_type.model_class()
            pages = site_pages(self.get_wagtail_site(), model).filter(content_type=self.content_type)
        return pages.order_by("path").select_related("locale").defer_streamfields()

    def _urls(self, page, protocol, domain):
        # Wagtail's _urls reads the pages, then the alternates would read them again (a query per page
        # type each time): read them once, and their translations in one more query.
        items = list(self.paginator.page(page).object_list)
        urls = [url for item in items for url in item.get_sitemap_urls(self.request)]
        last_mods = {url.get("lastmod") for url in urls}
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        by_location = self.alternates(items)
        for url in urls:
            url["alternates"] = by_location.get(url["location"], [])
        return urls

    def alternates(self, items):
        """{url: [{location, lang_code}, ...]} for the items that exist in more than one language."""
        keys = {item.translation_key for item in items}
        versions = defaultdict(list)
        translations = (
            site_pages(self.get_wagtail_site())
            .filter(translation_key__in=keys)
            .select_related("locale")
            .only("id", "path", "depth", "url_path", "translation_key", "locale__language_code")
        )
        for version in translations:
            versions[version.translation_key].append(version)
        by_location = {}
        for group in versions.values():
            if len(group) < 2:
                continue
            alternates = [
                {"location": version.get_full_url(self.request), "lang_code": version.locale.language_code}
                for version in sorted(group, key=lambda version: version.locale.language_code)
            ]
            default = next((a for a in alternates if a["lang_code"] == settings.LANGUAGE_CODE), None)
            if default:
                alternates.append({"location": default["location"], "lang_code": "x-default"})
            for alternate in alternates:
                by_location[alternate["location"]] = alternates
        return by_location


def sections(site):
    """[(section name, content type, number of parts)] of the site's sitemap, in one query."""
    counts = site_pages(site).values("content_type").annotate(pages=Count("id")).order_by("content_type")
    found = []
    for row in counts:
        content_type = ContentType.objects.get_for_id(row["content_type"])
        parts = Paginator(range(row["pages"]), settings.SITEMAP_URLS_PER_FILE).num_pages
        found.append((section_name(content_type), content_type, parts))
    return sorted(found, key=lambda section: section[0])


def generation_key(section):
    return f"{GENERATION_KEY}:{section}"


def generations(section):
    """The generations of all files and of this section's (one cache round trip), made when missing."""
    keys = [GENERATION_KEY, generation_key(section)]
    found = cache.get_many(keys)
    missing = {key: uuid.uuid4().hex for key in keys if key not in found}
    if missing:
        cache.set_many(missing, None)
    return [found.get(key) or missing[key] for key in keys]


def cached(view):
    """Serve the view's XML from the cache: keyed by host, path, part and the sitemap generation."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        request.cache_kind = "sitemap"  # core.cache
        generation = ":".join(generations(kwargs.get("section", "index")))
        key = f"sitemap:{generation}:{request.get_host()}:{request.path}:{request.GET.get('p', '')}"
        stored = cache.get(key)
        if stored is None:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
            stored = (response.content, response.get("Last-Modified"))
            cache.set(key, stored, TIMEOUT)
        content, last_modified = stored
        response = HttpResponse(content, content_type="application/xml")
        if last_modified:
            response["Last-Modified"] = last_modified
        response["X-Robots-Tag"] = "noindex, noodp, noarchive"
        return response

    return wrapper


@cached
def index(request):
    site = Sitemap(request).get_wagtail_site()
    base = request.build_absolute_uri("/").rstrip("/")
    items = []
    for name, _content_type, parts in sections(site):
        location = base + reverse("sitemap_section", kwargs={"section": name})
        items.append(sitemap_views.SitemapIndexItem(location, None))
        items.extend(sitemap_views.SitemapIndexItem(f"{location}?p={part}", None) for part in range(2, parts + 1))
    return HttpResponse(render_to_string("sitemap_index.xml", {"sitemaps": items}), content_type="application/xml")


@cached
def section(request, section):
    site = Sitemap(request).get_wagtail_site()
    app_label, _dash, model = section.partition("-")
    try:
        content_type = ContentType.objects.get_by_natural_key(app_label, model)
    except ContentType.DoesNotExist:
        raise Http404 from None
    sitemap = MultilingualSitemap(request, content_type, site)
    return sitemap_views.sitemap(request, {section: sitemap}, section=section)


def forget_sitemaps(**kwargs):
    """A new generation: every cached sitemap response is stale (a signal receiver)."""
    cache.delete(GENERATION_KEY)


def forget_section(instance, **kwargs):
    """A page published or unpublished: its section and the index are stale; all files when it has children."""
    if instance.numchild:
        forget_sitemaps()
        return
    section = section_name(ContentType.objects.get_for_id(instance.content_type_id))
    cache.delete_many([generation_key(section), generation_key("index")])


def register_signal_handlers():
    page_published.connect(forget_section, dispatch_uid="sitemap-published")
    page_unpublished.connect(forget_section, dispatch_uid="sitemap-unpublished")
    post_page_move.connect(forget_sitemaps, dispatch_uid="sitemap-moved")
    post_delete.connect(forget_sitemaps, sender=Page, dispatch_uid="sitemap-deleted")
    post_save.connect(forget_sitemaps, sender=Site, dispatch_uid="sitemap-site-saved")
    post_delete.connect(forget_sitemaps, sender=Site, dispatch_uid="sitemap-site-deleted")
