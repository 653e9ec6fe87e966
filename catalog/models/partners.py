"""«Свой Круг»: the club's partner businesses with their opening hours, gallery and offers."""

from datetime import date
from decimal import Decimal
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, OuterRef, Q, Subquery, Value, When
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page
from wagtail.search import index

from catalog.models.base import Coordinates, GalleryPhoto, ListingIndexPage, ListingPage
from core import jsonld
from core.renditions import CARD_RENDITION, prefetch_renditions
from core.restrictions import public_q

__all__ = [
    "BusinessGalleryImage",
    "BusinessIndexPage",
    "BusinessPage",
    "OpeningHours",
    "PartnerOffer",
    "now",
    "today",
]

LOGO_RENDITIONS = "fill-96x96|format-webp"

# The most specific Schema.org LocalBusiness subtype for each business category (by slug).
SCHEMA_TYPES_BY_CATEGORY = {
    "kosmetologiya": "HealthAndBeautyBusiness",
    "gastromarket": "GroceryStore",
    "stomatologiya": "Dentist",
    "salon-krasoty": "BeautySalon",
    "meditsinskiy-tsentr": "MedicalClinic",
}
SCHEMA_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def now():
    """The current moment for everything date-based in the club: one function, so all its dates share a clock."""
    return timezone.now()


def today():
    return timezone.localdate(now())


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("понедельник")
    TUESDAY = 1, _("вторник")
    WEDNESDAY = 2, _("среда")
    THURSDAY = 3, _("четверг")
    FRIDAY = 4, _("пятница")
    SATURDAY = 5, _("суббота")
    SUNDAY = 6, _("воскресенье")


WEEKDAY_SHORT = [_("Пн"), _("Вт"), _("Ср"), _("Чт"), _("Пт"), _("Сб"), _("Вс")]


class BusinessIndexPage(ListingIndexPage):
    """The club's partners: filter by category and city, sort by name or newest."""

    sort_options: ClassVar[dict] = {
        "name": (_("По названию"), ["title", "pk"]),
        "new": (_("Сначала новые"), [F("first_published_at").desc(nulls_last=True), "-pk"]),
    }
    default_sort = "name"
    max_count_per_parent = 1

    parent_page_types: ClassVar[list] = ["home.HomePage"]
    subpage_types: ClassVar[list] = ["catalog.BusinessPage"]
    template = "catalog/partners/business_index_page.html"

    class Meta:
        verbose_name = _("партнёры клуба")
        verbose_name_plural = _("списки партнёров клуба")

    @property
    def filterset_class(self):
        from catalog.filters.partners import BusinessFilterSet

        return BusinessFilterSet

    def child_route_queryset(self):
        return BusinessPage.objects.select_related("category", "city", "main_image", "logo")

    def listings(self):
        """Live partners with the best current offer of each annotated (`best_offer_*`), in one query."""
        on_date = today()
        current = (
            PartnerOffer.objects.filter(business=OuterRef("pk"))
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on_date))
            .annotate(
                kind_rank=Case(
                    *(When(kind=kind, then=Value(rank)) for kind, rank in PartnerOffer.KIND_RANK.items()),
                    default=Value(len(PartnerOffer.KIND_RANK)),
                )
            )
            .order_by("kind_rank", F("value").desc(nulls_last=True), "sort_order", "pk")
        )
        return (
            BusinessPage.objects.child_of(self)
            .live()
            .filter(public_q())
            .select_related("category", "city", "main_image", "logo")
            .annotate(
                best_offer_title=Subquery(current.values("title")[:1]),
                best_offer_kind=Subquery(current.values("kind")[:1]),
                best_offer_value=Subquery(
                    current.values("value")[:1], output_field=PartnerOffer._meta.get_field("value")
                ),
            )
        )

    has_map = True

    def map_properties(self, item, request):
        properties = super().map_properties(item, request)
        properties["note"] = " · ".join(part for part in (item.category.name, item.best_offer_title or "") if part)
        return properties

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        page = context["listings"]
        page.object_list = self.listed = list(page.object_list)
        prefetch_renditions(self.listed, {"main_image": CARD_RENDITION, "logo": LOGO_RENDITIONS})
        return context


class BusinessPage(Coordinates, ListingPage):
    """One partner business: where it is, when it is open, how to reach it and what club members get."""

    category = models.ForeignKey(
        "catalog.BusinessCategory",
        verbose_name=_("категория"),
        on_delete=models.PROTECT,
        related_name="partner_businesses",
        help_text=_("Вид бизнеса; от него зависит тип в разметке Schema.org."),
    )
    city = models.ForeignKey(
        "catalog.City",
        verbose_name=_("город"),
        on_delete=models.PROTECT,
        related_name="partner_businesses",
        help_text=_("Город, где находится бизнес."),
    )
    address = models.CharField(_("адрес"), max_length=255, help_text=_("Улица и дом, без города: «ул. Остоженка, 25»."))
    postal_code = models.CharField(_("индекс"), max_length=12, blank=True, help_text=_("Почтовый индекс."))
    phone = models.CharField(_("телефон"), max_length=30, blank=True, help_text=_("В формате +7 495 000-00-00."))
    email = models.EmailField(_("email"), blank=True, help_text=_("Почта для записи и вопросов."))
    website = models.URLField(_("сайт"), blank=True, help_text=_("Официальный сайт бизнеса."))
    social_url = models.URLField(
        _("соцсеть"), blank=True, help_text=_("Ссылка на страницу в Telegram, ВКонтакте или другой соцсети.")
    )
    description = models.TextField(
        _("описание"), help_text=_("О бизнесе в нескольких абзацах; первая фраза попадает в карточку.")
    )
    logo = models.ForeignKey(
        "images.CustomImage",
        verbose_name=_("логотип"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Квадратный логотип, от 200 пикселей."),
    )

    content_panels: ClassVar[list] = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("category"), FieldPanel("city")]),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldPanel("postal_code"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            _("Адрес"),
        ),
        MultiFieldPanel(
            [FieldPanel("phone"), FieldPanel("email"), FieldPanel("website"), FieldPanel("social_url")],
            _("Контакты"),
        ),
        FieldPanel("description"),
        InlinePanel("opening_hours", label=_("Часы работы"), heading=_("Часы работы")),
        FieldPanel("logo"),
        FieldPanel("main_image"),
        InlinePanel("gallery_images", label=_("Фото"), heading=_("Галерея")),
        InlinePanel("offers", label=_("Предложение"), heading=_("Предложения для участниц клуба")),
    ]
    search_fields: ClassVar[list] = [
        *Page.search_fields,
        index.SearchField("description"),
        index.SearchField("address"),
        index.FilterField("category"),
        index.FilterField("city"),
    ]
    parent_page_types: ClassVar[list] = ["catalog.BusinessIndexPage"]
    subpage_types: ClassVar[list] = []
    seo_description_sources: ClassVar[list] = ["search_description", "summary"]
    seo_image_sources: ClassVar[list] = ["og_image", "main_image", "logo"]
    template = "catalog/partners/business_page.html"

    class Meta:
        verbose_name = _("партнёр клуба")
        verbose_name_plural = _("партнёры клуба")
        indexes: ClassVar[list] = [
            models.Index(fields=["latitude", "longitude"], name="business_lat_lon_idx"),  # the map's area search
        ]

    def save(self, *args, **kwargs):
        if not self.main_image_id:
            first = next(iter(self.gallery_images.all()), None)
            if first is not None:
                self.main_image = first.image
        super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        gallery = list(self.gallery_images.select_related("image").prefetch_related("image__renditions"))
        if self.main_image_id and all(item.image_id != self.main_image_id for item in gallery):
            main = BusinessGalleryImage(image=self.main_image)  # the cover first, also when not in the gallery
            models.prefetch_related_objects([main.image], "renditions")
            gallery.insert(0, main)
        context["gallery"] = gallery
        return context

    @property
    def summary(self):
        first_paragraph = self.description.strip().split("\n", 1)[0]
        return Truncator(first_paragraph).chars(160)

    @property
    def schema_org_type(self):
        return (
            SCHEMA_TYPES_BY_CATEGORY.get(self.category.slug, "LocalBusiness") if self.category_id else "LocalBusiness"
        )

    @property
    def full_address(self):
        return ", ".join(part for part in (self.city.label if self.city_id else "", self.address) if part)

    @cached_property
    def current_offers(self):
        """Offers that have not expired, in the editor's order (works on prefetched and unsaved offers)."""
        on_date = today()
        return [offer for offer in self.offers.all() if offer.is_current(on_date)]

    @property
    def best_offer(self):
        if hasattr(self, "best_offer_kind"):  # annotated by BusinessIndexPage.listings()
            if not self.best_offer_kind:
                return None
            return PartnerOffer(title=self.best_offer_title, kind=self.best_offer_kind, value=self.best_offer_value)
        return min(self.current_offers, key=PartnerOffer.rank, default=None)

    @cached_property
    def hours(self):
        return sorted(self.opening_hours.all(), key=lambda row: (row.weekday_from, row.opens))

    def ld_entity(self, request):
        node = super().ld_entity(request)
        for key in ("inLanguage", "dateModified"):  # not properties of LocalBusiness
            node.pop(key, None)
        node["address"] = jsonld.postal_address(
            street=self.address,
            locality=self.city.name,
            postal_code=self.postal_code,
            country=self.city.country,
        )
        if geo := self.geo_ld():
            node["geo"] = geo
        for key, value in (("telephone", self.phone), ("email", self.email)):
            if value:
                node[key] = value
        same_as = [url for url in (self.website, self.social_url) if url]
        if same_as:
            node["sameAs"] = same_as
        if self.seo_image_url:
            node["image"] = self.seo_image_url
        if self.logo and request is not None:
            node["logo"] = request.build_absolute_uri(self.logo.get_rendition("fill-96x96|format-webp").url)
        if self.hours:
            node["openingHoursSpecification"] = [row.ld_entity() for row in self.hours]
        if self.current_offers:
            node["makesOffer"] = [offer.ld_entity(self.seo_canonical_url) for offer in self.current_offers]
        return node


class OpeningHours(Orderable):
    """The business is open from `opens` to `closes` on every day from `weekday_from` to `weekday_to`."""

    business = ParentalKey(BusinessPage, on_delete=models.CASCADE, related_name="opening_hours")
    weekday_from = models.PositiveSmallIntegerField(
        _("с дня"), choices=Weekday.choices, default=Weekday.MONDAY, help_text=_("Первый день диапазона.")
    )
    weekday_to = models.PositiveSmallIntegerField(
        _("по день"), choices=Weekday.choices, default=Weekday.FRIDAY, help_text=_("Последний день (включительно).")
    )
    opens = models.TimeField(_("открывается"), help_text=_("Например, 10:00."))
    closes = models.TimeField(_("закрывается"), help_text=_("Например, 21:00. Позже времени открытия."))

    panels: ClassVar[list] = [
        FieldRowPanel([FieldPanel("weekday_from"), FieldPanel("weekday_to")]),
        FieldRowPanel([FieldPanel("opens"), FieldPanel("closes")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("часы работы")
        verbose_name_plural = _("часы работы")

    def clean(self):
        errors = {}
        if self.weekday_from is not None and self.weekday_to is not None and self.weekday_to < self.weekday_from:
            errors["weekday_to"] = _("Последний день не может быть раньше первого: укажите, например, «пн — пт».")
        if self.opens and self.closes and self.closes <= self.opens:
            errors["closes"] = _(
                "Время закрытия должно быть позже времени открытия. Если бизнес работает после полуночи, "
                "закончите интервал в 23:59 и добавьте следующий день отдельной строкой."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def days_label(self):
        if self.weekday_from == self.weekday_to:
            return str(WEEKDAY_SHORT[self.weekday_from])
        if self.weekday_from == Weekday.MONDAY and self.weekday_to == Weekday.SUNDAY:
            return str(_("Ежедневно"))
        return f"{WEEKDAY_SHORT[self.weekday_from]}–{WEEKDAY_SHORT[self.weekday_to]}"

    def ld_entity(self):
        return {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": [
                f"https://schema.org/{SCHEMA_DAYS[day]}" for day in range(self.weekday_from, self.weekday_to + 1)
            ],
            "opens": self.opens.strftime("%H:%M"),
            "closes": self.closes.strftime("%H:%M"),
        }


class BusinessGalleryImage(GalleryPhoto):
    business = ParentalKey(BusinessPage, on_delete=models.CASCADE, related_name="gallery_images")

    class Meta(Orderable.Meta):
        verbose_name = _("фото")
        verbose_name_plural = _("галерея")


class PartnerOffer(Orderable):
    """What a club member gets at the business: a discount, bonus points or a gift, possibly until a date."""

    class Kind(models.TextChoices):
        DISCOUNT = "discount", _("Скидка, %")
        POINTS = "points", _("Бонусные баллы")
        GIFT = "gift", _("Подарок")

    KIND_RANK: ClassVar[dict] = {Kind.DISCOUNT: 0, Kind.POINTS: 1, Kind.GIFT: 2}

    business = ParentalKey(BusinessPage, on_delete=models.CASCADE, related_name="offers")
    title = models.CharField(_("название"), max_length=120, help_text=_("Коротко: «Скидка на первую чистку лица»."))
    description = models.TextField(_("условия"), blank=True, help_text=_("Условия и ограничения предложения."))
    kind = models.CharField(
        _("вид"), max_length=10, choices=Kind.choices, default=Kind.DISCOUNT, help_text=_("Что получает участница.")
    )
    value = models.DecimalField(
        _("значение"),
        max_digits=8,
        decimal_places=0,
        null=True,
        blank=True,
        help_text=_("Скидка — процент (1–100), бонусы — число баллов; для подарка не заполняется."),
    )
    valid_until = models.DateField(
        _("действует до"),
        null=True,
        blank=True,
        help_text=_("Последний день действия, включительно. Пусто — бессрочно. Истёкшие на сайте не показываются."),
    )

    panels: ClassVar[list] = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("value"), FieldPanel("valid_until")]),
        FieldPanel("description"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("предложение")
        verbose_name_plural = _("предложения")

    def __str__(self):
        return self.title

    def clean(self):
        if self.kind == self.Kind.DISCOUNT and (self.value is None or not Decimal(1) <= self.value <= Decimal(100)):
            raise ValidationError({"value": _("Для скидки укажите процент от 1 до 100.")})
        if self.kind == self.Kind.POINTS and (self.value is None or self.value < 1):
            raise ValidationError({"value": _("Для бонусов укажите, сколько баллов начисляется: целое число от 1.")})
        if self.kind == self.Kind.GIFT and self.value is not None:
            raise ValidationError({"value": _("Для подарка значение не указывается: опишите подарок в условиях.")})

    def is_current(self, on_date: date):
        return self.valid_until is None or self.valid_until >= on_date

    def rank(self):
        """Lower is better: a discount beats bonus points, which beat a gift; within a kind, the bigger value."""
        return (self.KIND_RANK.get(self.kind, 3), -(self.value or 0), self.sort_order or 0)

    @property
    def badge(self):
        if self.kind == self.Kind.DISCOUNT:
            return f"−{self.value:.0f}%"
        if self.kind == self.Kind.POINTS:
            return _("+%(points)s баллов") % {"points": f"{self.value:.0f}"}
        return _("Подарок")

    def ld_entity(self, business_url):
        node = {"@type": "Offer", "name": self.title, "category": str(self.get_kind_display()), "url": business_url}
        if self.description:
            node["description"] = self.description
        if self.valid_until:
            node["validThrough"] = self.valid_until.isoformat()
        return node
