"""The base every page type inherits: SEO fields, canonical URL, breadcrumbs and JSON-LD."""

from typing import ClassVar

from django.utils.functional import cached_property
from wagtailseo.models import SeoMixin, SeoSettings, SeoType

from core import jsonld


class BasePage(SeoMixin):
    """Abstract base page. Concrete pages set `schema_org_type` and extend `ld_entity`."""

    schema_org_type = "WebPage"
    promote_panels: ClassVar[list] = SeoMixin.seo_panels

    class Meta:
        abstract = True

    def get_site(self):
        # Rendering asks for the site a dozen times (SEO tags, JSON-LD, breadcrumbs); look it up once.
        if "_cached_site" not in self.__dict__:
            self.__dict__["_cached_site"] = super().get_site()
        return self.__dict__["_cached_site"]

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
        return list(self.get_ancestors(inclusive=True).filter(depth__gte=site.root_page.depth))

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
