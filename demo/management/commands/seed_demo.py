"""Build the demo: a portal and four brand sites with pages, menus, settings and blogs.

Idempotent: whatever already exists is left as it is, so a second run changes nothing."""

import json
from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Locale, Page, Site
from wagtail.rich_text import RichText

from blog.models import BlogAuthor, BlogIndexPage, BlogPostPage
from demo import assistant, bookings, cars, homes, partners, publishing, realty, rentals, staff
from demo.content import BRANDS, PORTAL
from demo.content_i18n import BRAND_TRANSLATIONS
from demo.helpers import (
    BLOG_COVER_RENDITIONS,
    BRAND_LOGO_RENDITIONS,
    HERO_RENDITIONS,
    ensure_image,
    publish_child,
)
from demo.images import HERO_SIZE, draw_brand_picture, draw_logo
from demo.translations import beyond_sample, page_translation, translate_tree
from home.models import BrandSettings, HomePage, NavigationMenu, NavigationMenuItem, PortalPage, StandardPage

ORGANIZATION_TYPES = {
    "inback": "RealEstateAgent",
    "avtofamily": "AutoDealer",
    "svoykrug": "Organization",
    "zhilego": "LodgingBusiness",
}
INITIALS = {"inback": "IB", "avtofamily": "AF", "svoykrug": "СК", "zhilego": "GO", "portal": "P"}

# Home pages translated into Kazakh and English, so the language switcher and hreflang have real targets.
# Each vertical's demo: brand slug -> seed(home, *, scale, stdout) functions returning how many objects they made.
CATALOG_SEEDERS = {
    "avtofamily": [cars.seed, publishing.seed],
    "inback": [realty.seed],
    "svoykrug": [partners.seed],
    "zhilego": [rentals.seed, bookings.seed],
}

ABOUT_INTRO = "{name}: кто мы, чем занимаемся и почему нам доверяют клиенты."
CONTACTS_INTRO = "Как связаться с {name}: телефон {phone}, email {email}, адрес офиса и часы работы."

HOME_TRANSLATIONS = {
    "portal": {
        "kk": ("Брендтер платформасы", "Жылжымайтын мүлік, автокөліктер, жалдау және клуб — бір платформада."),
        "en": ("Brand platform", "New-build homes, cars, short-term rentals and a loyalty club on one platform."),
    },
    "inback": {
        "kk": ("InBack — жаңа үйлер", "Мәскеу мен Санкт-Петербургтегі жаңа құрылыс пәтерлері, кэшбекпен."),
        "en": ("InBack — new-build homes", "New-build apartments in Moscow and St Petersburg, with cashback."),
    },
    "avtofamily": {
        "kk": ("Avtofamily — автосалон", "Тексерілген автокөліктер, тест-драйв және трейд-ин."),
        "en": ("Avtofamily — car dealer", "Inspected cars, test drives and trade-in."),
    },
    "svoykrug": {
        "kk": ("«Свой Круг» клубы", "Серіктес бизнестердің бонустары, купондары және іс-шаралары."),
        "en": ("«Svoy Krug» club", "Bonuses, coupons and events from partner businesses."),
    },
    "zhilego": {
        "kk": ("ЖильеGO — тәуліктік жалдау", "Астанадағы пәтерлер: іздеу, 15 минуттық брондау және қауіпсіз төлем."),
        "en": (
            "ZhilyoGO — stays in Astana",
            "Apartments by the day in Astana: search, 15-minute hold and safe payment.",
        ),
    },
}


class Command(BaseCommand):
    help = "Create the demo portal and brand sites (safe to run again: existing objects are kept)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000, help="Port of the demo sites (default 8000).")
        parser.add_argument(
            "--scale",
            type=int,
            default=0,
            help="Add this many extra listings per vertical (bulk-inserted, for load tests).",
        )
        parser.add_argument(
            "--translations",
            choices=["all", "sample"],
            default="all",
            help="Translate every page into kk and en (default), or the sections and two pages of each type under "
            "each parent (the test suite's demo: a third of the pages, the same page types and routes).",
        )

    def handle(self, *args, port, scale, translations, **options):
        self.port = port
        self.scale = scale
        self.sample_translations = translations == "sample"
        self.created = 0
        with transaction.atomic():
            self.locales = {code: Locale.objects.get_or_create(language_code=code)[0] for code, _ in settings.LANGUAGES}
            portal = self.build_portal()
            for brand in BRANDS:
                self.build_brand(brand)
            self.translate_home(portal, "portal")
            staff_created, staff_password = staff.seed()
            self.created += staff_created
            self.created += assistant.seed()
            # Every page in Kazakh and English too, once everything is built (dealers' catalogs, agency folders).
            # Not in a --scale run: the thousands of listings it adds for load tests stay Russian.
            if not self.scale:
                self.translate_pages(portal, "portal")
                for home in HomePage.objects.filter(locale=self.locales[settings.LANGUAGE_CODE], depth=2):
                    self.translate_pages(home, home.slug)
                staff.setup_roles()  # the translated catalogs get their moderation workflows and grants too
        self.stdout.write(self.style.SUCCESS(f"Demo ready: {self.created} objects created."))
        for site in Site.objects.order_by("-is_default_site", "hostname"):
            self.stdout.write(f"  {site.site_name}: {site.root_url}/")
        for line in staff.login_lines(staff_password):
            self.stdout.write(line)

    # -- helpers -------------------------------------------------------------

    def image(self, key, draw, filename, description, renditions):
        image, created = ensure_image(key, draw, filename=filename, description=description, renditions=renditions)
        self.created += created
        return image

    def publish_child(self, parent, page):
        page, created = publish_child(parent, page)
        self.created += created
        return page

    # -- portal --------------------------------------------------------------

    def build_portal(self):
        root = Page.get_first_root_node()
        portal = PortalPage.objects.filter(locale=self.locales[settings.LANGUAGE_CODE]).first()
        content = PORTAL
        if portal is None:
            portal = PortalPage(
                title=content["title"],
                slug="portal",
                intro=content["intro"],
                body=content["body"],
                locale=self.locales[settings.LANGUAGE_CODE],
            )
            portal = self.publish_child(root, portal)
        site = Site.objects.filter(is_default_site=True).first()
        if site is None or site.root_page_id != portal.pk:
            placeholder = site.root_page if site else None
            site = site or Site(is_default_site=True)
            site.hostname, site.port, site.root_page, site.site_name = "localhost", self.port, portal, content["title"]
            site.save()
            self.created += 1
            # Wagtail's "Welcome" page from the first migration is no longer used by any site.
            if placeholder and placeholder.specific_class is Page and not placeholder.sites_rooted_here.exists():
                placeholder.delete()
        brand = {
            "slug": "portal",
            "name": content["title"],
            "tagline": content["intro"],
            "primary_color": "#2b3a55",
            "accent_color": "#8a3b12",
            "phone": "+7 495 000-00-00",
            "email": "hello@example.com",
            "address": {"street": "", "locality": "", "region": "", "postal_code": "", "country": ""},
            "social": {},
        }
        self.brand_settings(site, brand, organization_type="Organization")
        about = self.standard_page(portal, "about", "О компании", content["about_body"], ABOUT_INTRO.format(**brand))
        contacts = self.standard_page(
            portal, "contacts", "Контакты", content["contacts_body"], CONTACTS_INTRO.format(**brand)
        )
        self.menu(site, brand, [about, contacts])
        return portal

    # -- brands --------------------------------------------------------------

    def build_brand(self, brand):
        root = Page.get_first_root_node()
        slug = brand["slug"]
        hero = self.image(
            f"{slug}-hero",
            lambda: draw_brand_picture(slug, 0, brand["primary_color"], brand["accent_color"], size=HERO_SIZE),
            f"{slug}-hero.jpg",
            f"{brand['name']}: {brand['tagline']}",
            renditions=HERO_RENDITIONS,
        )
        home = self.publish_child(
            root,
            HomePage(
                title=brand["name"],
                slug=slug,
                intro=brand["intro"],
                hero_image=hero,
                locale=self.locales[settings.LANGUAGE_CODE],
            ),
        )
        site = Site.objects.filter(root_page=home).first()
        if site is None:
            site = Site.objects.create(
                hostname=brand["hostname"], port=self.port, root_page=home, site_name=brand["name"]
            )
            self.created += 1
        self.brand_settings(site, brand, organization_type=ORGANIZATION_TYPES[slug])
        about = self.standard_page(home, "about", "О компании", brand["about_body"], ABOUT_INTRO.format(**brand))
        self.home_sections(home, brand, about)
        blog = self.blog(home, brand)
        contacts = self.standard_page(
            home, "contacts", "Контакты", brand["contacts_body"], CONTACTS_INTRO.format(**brand)
        )
        self.menu(site, brand, [about, blog, contacts])
        self.translate_home(home, slug)
        for seeder in CATALOG_SEEDERS.get(slug, []):
            self.created += seeder(home, scale=self.scale, stdout=self.stdout)

    def home_sections(self, home, brand, about):
        """The home page's blocks (demo/homes.py), once: a home with its hero block is left as it is."""
        if any(block.block_type == "hero" for block in home.sections):
            return
        story, created = homes.story_image(brand)
        home.sections = homes.sections(brand, about=about, story=story)
        home.save_revision().publish()
        self.created += 1 + created

    def brand_settings(self, site, brand, organization_type):
        if BrandSettings.objects.filter(site=site).exists():
            return
        address = brand["address"]
        social = brand.get("social", {})
        logo = self.image(
            f"{brand['slug']}-logo",
            lambda: draw_logo(INITIALS[brand["slug"]], brand["primary_color"]),
            f"{brand['slug']}-logo.png",
            f"Логотип {brand['name']}",
            renditions=BRAND_LOGO_RENDITIONS,
        )
        BrandSettings.objects.create(
            site=site,
            name=brand["name"],
            tagline=brand["tagline"],
            logo=logo,
            primary_color=brand["primary_color"],
            accent_color=brand["accent_color"],
            organization_type=organization_type,
            phone=brand["phone"],
            email=brand["email"],
            street_address=address["street"],
            locality=address["locality"],
            region=address["region"],
            postal_code=address["postal_code"],
            country=address["country"],
            telegram_url=social.get("telegram", ""),
            vk_url=social.get("vk", ""),
            instagram_url=social.get("instagram", ""),
            youtube_url=social.get("youtube", ""),
            **{
                f"{field}_{language}": text
                for field, texts in BRAND_TRANSLATIONS.get(brand["slug"], {}).items()
                for language, text in zip(("kk", "en"), texts, strict=True)
            },
        )
        self.created += 1

    def standard_page(self, parent, slug, title, body_html, intro):
        page = StandardPage(title=title, slug=slug, intro=intro, body=[("paragraph", RichText(body_html))])
        return self.publish_child(parent, page)

    def menu(self, site, brand, pages):
        settings_row = BrandSettings.objects.get(site=site)
        if settings_row.main_menu_id:
            return
        menu = NavigationMenu(name=f"{brand['name']}: главное меню")
        menu.items = [NavigationMenuItem(link_page=page, sort_order=index) for index, page in enumerate(pages)]
        menu.save()
        settings_row.main_menu = menu
        settings_row.save(update_fields=["main_menu"])
        self.created += 1

    def blog(self, home, brand):
        index = self.publish_child(
            home,
            BlogIndexPage(
                title="Блог", slug="blog", intro=f"Статьи и новости {brand['name']}: советы, разборы, новости."
            ),
        )
        for number, post in enumerate(brand["posts"]):
            if index.get_children().filter(slug=post["slug"]).exists():
                continue
            author, created = BlogAuthor.objects.get_or_create(name=post["author"])
            self.created += int(created)
            cover = self.image(
                f"{brand['slug']}-post-{post['slug']}",
                lambda number=number: draw_brand_picture(
                    brand["slug"], number + 1, brand["primary_color"], brand["accent_color"]
                ),
                f"{brand['slug']}-{post['slug']}.jpg",
                f"Обложка статьи «{post['title']}»",
                renditions=BLOG_COVER_RENDITIONS,
            )
            page = BlogPostPage(
                title=post["title"],
                slug=post["slug"],
                intro=post["intro"],
                date=date.fromisoformat(post["date"]),
                author=author,
                cover_image=cover,
                body=[("paragraph", RichText(post["body"]))],
            )
            page.tags.add(*post["tags"])
            self.publish_child(index, page)
        return index

    def translate_pages(self, home, key):
        locales = [locale for code, locale in self.locales.items() if code != settings.LANGUAGE_CODE]
        left_out = beyond_sample(home) if self.sample_translations else ()
        self.created += translate_tree(
            home, locales, overrides=lambda page, code: page_translation(key, page, code), exclude_pks=left_out
        )

    def translate_home(self, home, key):
        for code, (title, intro) in HOME_TRANSLATIONS[key].items():
            locale = self.locales[code]
            if home.get_translations().filter(locale=locale).exists():
                continue
            translation = home.copy_for_translation(locale)
            translation.title, translation.intro = title, intro
            translation.search_description = intro
            if getattr(home, "sections", None):
                translation.sections = homes.translated_sections(json.dumps(list(home.sections.raw_data)), code, intro)
            translation.save_revision().publish()
            self.created += 1
