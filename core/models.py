"""The base every page type inherits: SEO fields, canonical URL, breadcrumbs and JSON-LD."""

from typing import ClassVar

from django.utils.functional import cached_property
from wagtailseo.models import SeoMixin, SeoType

from core import jsonld


class BasePage(SeoMixin):
    """Abstract base page. Concrete pages set `schema_org_type` and extend `ld_entity`."""

    schema_org_type = "WebPage"
    promote_panels: ClassVar[list] = SeoMixin.seo_panels

    class Meta:
        abstract = True

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
