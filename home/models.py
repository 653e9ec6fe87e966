"""Sites: the portal, each brand's home page, standard pages, brand settings and menus."""

import re
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, Site

from core import jsonld
from core.blocks import BodyStreamBlock
from core.colors import contrast_ratio
from core.models import BasePage
from home import catalogs
from home.blocks import HomeSectionsStreamBlock
from leads.blocks import LeadFormBlock


class PageBodyStreamBlock(BodyStreamBlock):
    """The shared content blocks, plus the lead form (pages may take requests; core does not know leads)."""

    lead_form = LeadFormBlock()


hex_color = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Цвет в формате #RRGGBB."))
GA_MEASUREMENT_ID = re.compile(r"^G-[A-Z0-9]{4,16}$")
MIN_CONTRAST_WITH_WHITE = 4.5  # WCAG AA for normal text


class NavigationMenu(ClusterableModel):
    """A menu of links that a site picks in its brand settings."""

    name = models.CharField(_("название"), max_length=100, help_text=_("Для редакторов, на сайте не видно."))

    panels: ClassVar[list] = [FieldPanel("name"), InlinePanel("items", label=_("Пункты меню"))]

    class Meta:
        verbose_name = _("меню")
        verbose_name_plural = _("меню")

    def __str__(self):
        return self.name


class NavigationMenuItem(Orderable):
    menu = ParentalKey(NavigationMenu, on_delete=models.CASCADE, related_name="items")
    link_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("страница"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Страница сайта. Либо она, либо внешняя ссылка."),
    )
    link_url = models.URLField(_("внешняя ссылка"), blank=True, help_text=_("Адрес на другом сайте."))
    link_text = models.CharField(
        _("текст"), max_length=60, blank=True, help_text=_("Пусто — берётся заголовок страницы.")
    )

    panels: ClassVar[list] = [PageChooserPanel("link_page"), FieldPanel("link_url"), FieldPanel("link_text")]

    def clean(self):
        if bool(self.link_page) == bool(self.link_url):
            raise ValidationError({"link_url": _("Укажите либо страницу, либо внешнюю ссылку.")})

    @property
    def label(self):
        return self.link_text or (self.link_page.title if self.link_page else self.link_url)


@register_setting(icon="site")
class BrandSettings(BaseSiteSetting):
    """Who the site speaks for: name, logo, colours, contacts and analytics."""

    ORGANIZATION_TYPES: ClassVar[list] = [
        ("Organization", "Organization"),
        ("RealEstateAgent", "RealEstateAgent"),
        ("AutoDealer", "AutoDealer"),
        ("LodgingBusiness", "LodgingBusiness"),
    ]

    name = models.CharField(_("название бренда"), max_length=100, help_text=_("Показывается в шапке и в поиске."))
    tagline = models.CharField(_("слоган"), max_length=200, blank=True, help_text=_("Короткая фраза под логотипом."))
    logo = models.ForeignKey(
        "images.CustomImage",
        verbose_name=_("логотип"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Квадратный или горизонтальный, не меньше 112 пикселей."),
    )
    primary_color = models.CharField(
        _("основной цвет"),
        max_length=7,
        default="#1f4e79",
        validators=[hex_color],
        help_text=_("Цвет шапки и кнопок; белый текст на нём должен читаться (контраст от 4,5)."),
    )
    accent_color = models.CharField(
        _("акцентный цвет"),
        max_length=7,
        default="#9c2f2f",
        validators=[hex_color],
        help_text=_("Цвет ссылок и выделений; белый текст на нём должен читаться."),
    )
    organization_type = models.CharField(
        _("тип организации"),
        max_length=40,
        choices=ORGANIZATION_TYPES,
        default="Organization",
        help_text=_("Тип Schema.org для поисковиков."),
    )
    phone = models.CharField(_("телефон"), max_length=30, blank=True, help_text=_("Например, +7 495 123-45-67."))
    email = models.EmailField(_("email"), blank=True, help_text=_("Адрес для писем клиентов."))
    street_address = models.CharField(_("улица и дом"), max_length=200, blank=True, help_text=_("Адрес офиса."))
    locality = models.CharField(_("город"), max_length=100, blank=True, help_text=_("Например, Москва."))
    region = models.CharField(_("регион"), max_length=100, blank=True, help_text=_("Область или край."))
    postal_code = models.CharField(_("индекс"), max_length=20, blank=True, help_text=_("Почтовый индекс."))
    country = models.CharField(_("страна"), max_length=2, blank=True, help_text=_("Код страны: RU, KZ."))
    telegram_url = models.URLField(_("Telegram"), blank=True, help_text=_("Ссылка на канал или бота."))
    vk_url = models.URLField(_("ВКонтакте"), blank=True, help_text=_("Ссылка на сообщество."))
    instagram_url = models.URLField(_("Instagram"), blank=True, help_text=_("Ссылка на профиль."))
    youtube_url = models.URLField(_("YouTube"), blank=True, help_text=_("Ссылка на канал."))
    # Both ids are written into a script on every page: only their documented shapes are accepted.
    yandex_metrika_id = models.CharField(
        _("Яндекс Метрика"),
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^[0-9]{1,12}$", _("Номер счётчика Метрики: только цифры, до 12."))],
        help_text=_("Номер счётчика, только цифры."),
    )
    google_analytics_id = models.CharField(
        _("Google Analytics"),
        max_length=20,
        blank=True,
        validators=[RegexValidator(GA_MEASUREMENT_ID, _("Идентификатор Google Analytics 4 вида G-XXXXXXX."))],
        help_text=_("Идентификатор вида G-XXXXXXX."),
    )
    # What the header and footer say in Kazakh and English (empty: the Russian text above).
    name_kk = models.CharField(
        _("название (kk)"), max_length=100, blank=True, help_text=_("Название на казахском, если оно другое.")
    )
    name_en = models.CharField(
        _("название (en)"), max_length=100, blank=True, help_text=_("Название на английском, если оно другое.")
    )
    tagline_kk = models.CharField(_("слоган (kk)"), max_length=200, blank=True, help_text=_("Слоган на казахском."))
    tagline_en = models.CharField(_("слоган (en)"), max_length=200, blank=True, help_text=_("Слоган на английском."))
    street_address_kk = models.CharField(
        _("улица и дом (kk)"), max_length=200, blank=True, help_text=_("Адрес офиса на казахском.")
    )
    street_address_en = models.CharField(
        _("улица и дом (en)"), max_length=200, blank=True, help_text=_("Адрес офиса на английском.")
    )
    locality_kk = models.CharField(_("город (kk)"), max_length=100, blank=True, help_text=_("Город на казахском."))
    locality_en = models.CharField(_("город (en)"), max_length=100, blank=True, help_text=_("Город на английском."))
    main_menu = models.ForeignKey(
        NavigationMenu,
        verbose_name=_("главное меню"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Меню в шапке и подвале сайта."),
    )

    select_related: ClassVar[list] = ["logo", "main_menu"]

    panels: ClassVar[list] = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("tagline"), FieldPanel("logo"), FieldPanel("organization_type")],
            _("Бренд"),
        ),
        MultiFieldPanel([FieldPanel("primary_color"), FieldPanel("accent_color")], _("Цвета")),
        MultiFieldPanel(
            [
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("street_address"),
                FieldPanel("locality"),
                FieldPanel("region"),
                FieldPanel("postal_code"),
                FieldPanel("country"),
            ],
            _("Контакты"),
        ),
        MultiFieldPanel(
            [FieldPanel("telegram_url"), FieldPanel("vk_url"), FieldPanel("instagram_url"), FieldPanel("youtube_url")],
            _("Соцсети"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("name_kk"),
                FieldPanel("name_en"),
                FieldPanel("tagline_kk"),
                FieldPanel("tagline_en"),
                FieldPanel("street_address_kk"),
                FieldPanel("street_address_en"),
                FieldPanel("locality_kk"),
                FieldPanel("locality_en"),
            ],
            _("Переводы"),
            help_text=_("Пустое поле — на сайте текст на русском."),
        ),
        MultiFieldPanel([FieldPanel("yandex_metrika_id"), FieldPanel("google_analytics_id")], _("Аналитика")),
        FieldPanel("main_menu"),
    ]
    translated_fields: ClassVar[tuple] = ("name", "tagline", "street_address", "locality")

    class Meta:
        verbose_name = _("настройки бренда")

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        for field in ("primary_color", "accent_color"):
            value = getattr(self, field)
            if hex_color.regex.match(value or "") and contrast_ratio(value, "#ffffff") < MIN_CONTRAST_WITH_WHITE:
                errors[field] = _("Слишком светлый цвет: белый текст на нём будет плохо читаться.")
        if errors:
            raise ValidationError(errors)

    def localized(self, field):
        """The field in the active language: its `_kk`/`_en` twin when filled in, else the Russian value."""
        language = (get_language() or "").split("-")[0]
        if field in self.translated_fields and language != settings.LANGUAGE_CODE:
            return getattr(self, f"{field}_{language}", "") or getattr(self, field)
        return getattr(self, field)

    @property
    def local_name(self):
        return self.localized("name")

    @property
    def local_tagline(self):
        return self.localized("tagline")

    @property
    def local_street_address(self):
        return self.localized("street_address")

    @property
    def local_locality(self):
        return self.localized("locality")

    @property
    def metrika_counter(self):
        """The Metrika counter as a number, or None: a value saved before validation never reaches the script."""
        value = self.yandex_metrika_id or ""
        return int(value) if value.isascii() and value.isdigit() else None

    @property
    def google_analytics_tag(self):
        value = self.google_analytics_id or ""
        return value if GA_MEASUREMENT_ID.match(value) else ""

    @property
    def social_links(self):
        links = [
            ("Telegram", self.telegram_url),
            (_("ВКонтакте"), self.vk_url),
            ("Instagram", self.instagram_url),
            ("YouTube", self.youtube_url),
        ]
        return [(label, url) for label, url in links if url]

    def organization_ld(self, site_url, logo_url=""):
        node = {
            "@type": self.organization_type,
            "@id": f"{site_url}/#organization",
            "name": self.name,
            "url": f"{site_url}/",
        }
        if self.tagline:
            node["slogan"] = self.tagline
        if logo_url:
            node["logo"] = jsonld.image_object(logo_url)
        if self.phone:
            node["telephone"] = self.phone
        if self.email:
            node["email"] = self.email
        if self.street_address or self.locality:
            node["address"] = jsonld.postal_address(
                self.street_address, self.locality, self.region, self.postal_code, self.country
            )
        if self.social_links:
            node["sameAs"] = [url for _label, url in self.social_links]
        return node


class HomePage(BasePage):
    """The front page of one brand's site."""

    intro = models.TextField(_("вступление"), blank=True, help_text=_("Одна-две фразы под заголовком."))
    hero_image = models.ForeignKey(
        "images.CustomImage",
        verbose_name=_("главное изображение"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Широкое изображение в шапке главной страницы."),
    )
    sections = StreamField(
        HomeSectionsStreamBlock(),
        blank=True,
        verbose_name=_("блоки"),
        help_text=_(
            "Первый экран с поиском, объявления, цифры, история бренда, статьи блога, формы заявок — в любом "
            "порядке. Без первого экрана вверху показываются заголовок, вступление и главное изображение."
        ),
    )

    content_panels: ClassVar[list] = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("hero_image"),
        FieldPanel("sections"),
    ]

    parent_page_types: ClassVar[list] = ["wagtailcore.Page"]
    subpage_types: ClassVar[list] = [
        "home.StandardPage",
        "blog.BlogIndexPage",
        "catalog.BusinessIndexPage",
        "catalog.CarIndexPage",
        "catalog.EventIndexPage",
        "catalog.RealtyIndexPage",
        "catalog.RentalIndexPage",
    ]
    seo_description_sources: ClassVar[list] = ["search_description", "intro"]
    seo_image_sources: ClassVar[list] = ["og_image", "hero_image"]

    class Meta:
        verbose_name = _("главная страница бренда")

    def ld_entity(self, request):
        node = super().ld_entity(request)
        node["@type"] = "WebSite"
        return node

    @property
    def has_hero_block(self):
        return any(block.block_type == "hero" for block in self.sections)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["home_blocks"] = catalogs.prepare(self, request)  # the blocks' listings and posts, in bulk
        return context


class PortalPage(BasePage):
    """The default site's front page: introduces every brand and links to it."""

    intro = models.TextField(_("вступление"), blank=True, help_text=_("Одна-две фразы под заголовком."))
    body = RichTextField(_("текст"), blank=True, help_text=_("О группе компаний."))

    content_panels: ClassVar[list] = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]

    parent_page_types: ClassVar[list] = ["wagtailcore.Page"]
    subpage_types: ClassVar[list] = ["home.StandardPage"]
    max_count = 1
    seo_description_sources: ClassVar[list] = ["search_description", "intro"]

    class Meta:
        verbose_name = _("портал")

    def ld_entity(self, request):
        node = super().ld_entity(request)
        node["@type"] = "WebSite"
        return node

    def brand_sites(self):
        """Every other site with its brand settings, in two queries."""
        sites = Site.objects.exclude(root_page__translation_key=self.translation_key).order_by("site_name")
        sites = list(sites.select_related("root_page"))
        settings_by_site = {
            brand.site_id: brand for brand in BrandSettings.objects.filter(site__in=sites).select_related("logo")
        }
        return [(site, settings_by_site.get(site.pk)) for site in sites]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["brand_sites"] = self.brand_sites()
        return context


class StandardPage(BasePage):
    """An ordinary content page: about, contacts, terms."""

    intro = models.TextField(_("вступление"), blank=True, help_text=_("Лид под заголовком, одна-две фразы."))
    body = StreamField(PageBodyStreamBlock(), blank=True, verbose_name=_("содержание"), help_text=_("Текст страницы."))

    content_panels: ClassVar[list] = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]

    parent_page_types: ClassVar[list] = ["home.HomePage", "home.PortalPage", "home.StandardPage"]
    subpage_types: ClassVar[list] = ["home.StandardPage"]
    seo_description_sources: ClassVar[list] = ["search_description", "intro"]

    class Meta:
        verbose_name = _("обычная страница")

    @property
    def seo_description(self):
        """Editor's description or intro; failing both, the start of the text."""
        description = super().seo_description
        if description:
            return description
        for block in self.body:
            if block.block_type == "paragraph":
                return Truncator(strip_tags(block.value.source)).chars(160)
        return ""
