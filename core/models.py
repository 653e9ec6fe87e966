"""The base every page type inherits: SEO fields, canonical URL, breadcrumbs and JSON-LD."""

from typing import ClassVar

from django.conf import settings
from django.utils.functional import cached_property
from wagtail import hooks
from wagtail.models import PageViewRestriction, Site
from wagtailseo.models import SeoMixin, SeoSettings, SeoType

from core import jsonld
from core.restrictions import may_be_restricted

HOME_DEPTH = 2  # a site's root page and its translations sit right under Wagtail's root


class BasePage(SeoMixin):
    """Abstract base page. Concrete pages set `schema_org_type` and extend `ld_entity`."""

    schema_org_type = "WebPage"
    cache_kind = "default"  # which settings.PAGE_CACHE_CONTROL entry its anonymous responses get (core.cache)
    promote_panels: ClassVar[list] = SeoMixin.seo_panels

    class Meta:
        abstract = True

    @property
    def seo_pagetitle(self):
        """wagtailseo's title («title — site name») without the site name twice: a brand's home page (in each
        language) is titled with the brand's name, and a title with the name already in it is kept."""
        if self.seo_title:
            return self.seo_title
        name = self.seo_sitename
        # A home page (in any language) is titled by the brand; a title naming the brand keeps it once.
        is_home = self.depth is not None and self.depth <= HOME_DEPTH
        if not name or is_home or name.casefold() in self.title.casefold():
            return self.title
        return f"{self.title} {settings.WAGTAILSEO_SEP} {name}"

    @cached_property
    def seo_sitename(self):
        """The site's name in the active language: a `localized_site_name` hook (home's brand settings) may
        give it, else Wagtail's site name."""
        site = self.get_site()
        if site is None:
            return ""
        for fn in hooks.get_hooks("localized_site_name"):
            if name := fn(site):
                return name
        return site.site_name

    def get_site(self):
        # Rendering asks for the site a dozen times (SEO tags, JSON-LD, breadcrumbs); look it up once.
        if "_cached_site" not in self.__dict__:
            self.__dict__["_cached_site"] = super().get_site()
        return self.__dict__["_cached_site"]

    def use_request_site(self, request):
        """The site serving the request (already fetched, with its root page) is the page's site when the page
        is under it, so breadcrumbs and SEO tags need not look it up again (core.wagtail_hooks calls this)."""
        site = Site.find_for_request(request)
        url_parts = self.get_url_parts(request)
        if site is not None and url_parts and url_parts[0] == site.pk:
            self.__dict__["_cached_site"] = site
            self.__dict__["seo_settings"] = SeoSettings.for_request(request)  # the one the templates use

    def get_view_restrictions(self):
        # Wagtail reads the ancestors and their restrictions on every view; the cached paths say when none apply.
        if not may_be_restricted(self):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    @cached_property
    def seo_settings(self):
        return SeoSettings.for_site(self.get_site())

    @cached_property
    def seo_org_fields(self):
        return self.seo_settings

    @property
    def seo_image(self):
        for attr in self.seo_image_sources:
            image = getattr(self, attr, None)
            if image is not None:
                return image
        return self.seo_settings.og_image_default

    @cached_property
    def breadcrumb_pages(self):
        """Pages from the site's home (in this page's language) down to this one."""
        site = self.get_site()
        if site is None:
            return [self]
        root = site.root_page
        if self.depth == root.depth + 1 and self.locale_id == root.locale_id and self.path.startswith(root.path):
            return [root, self]  # a section right under the home page: no query
        return list(self.get_ancestors(inclusive=True).filter(depth__gte=root.depth))

    def breadcrumbs_ld(self, request):
        return jsonld.breadcrumb_list((page.title, page.get_full_url(request)) for page in self.breadcrumb_pages)

    def ld_entity(self, request):
        """The page's main Schema.org node. Subclasses add their own properties."""
        node = {
            "@type": self.schema_org_type,
            "@id": self.seo_canonical_url + "#main",
            "url": self.seo_canonical_url,
            "name": self.title,
            "inLanguage": self.locale.language_code,
        }
        if self.seo_description:
            node["description"] = self.seo_description
        if self.seo_content_type == SeoType.WEBSITE and self.last_published_at:
            node["dateModified"] = self.last_published_at
        return node
