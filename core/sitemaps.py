"""sitemap.xml per site: every live page in every language, with hreflang alternates."""

from collections import defaultdict

from django.conf import settings
from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class MultilingualSitemap(Sitemap):
    def items(self):
        site = self.get_wagtail_site()
        homes = Page.objects.filter(translation_key=site.root_page.translation_key).values_list("path", flat=True)
        in_site = Q()
        for path in homes:
            in_site |= Q(path__startswith=path)
        return (
            Page.objects.filter(in_site)
            .live()
            .public()
            .order_by("path")
            .select_related("locale")
            .defer_streamfields()
            .specific()
        )

    def _urls(self, page, protocol, domain):
        # Wagtail's _urls reads the pages, then the alternates would read them again (a query per page
        # type each time): read them once.
        items = list(self.paginator.page(page).object_list)
        urls = [url for item in items for url in item.get_sitemap_urls(self.request)]
        last_mods = {url.get("lastmod") for url in urls}
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        translations = defaultdict(list)
        for item in items:
            translations[item.translation_key].append(item)
        by_location = {}
        for versions in translations.values():
            if len(versions) < 2:
                continue
            alternates = [
                {"location": version.get_full_url(self.request), "lang_code": version.locale.language_code}
                for version in versions
            ]
            default = next((a for a in alternates if a["lang_code"] == settings.LANGUAGE_CODE), None)
            if default:
                alternates.append({"location": default["location"], "lang_code": "x-default"})
            for alternate in alternates:
                by_location[alternate["location"]] = alternates
        for url in urls:
            url["alternates"] = by_location.get(url["location"], [])
        return urls
