"""InBack: residential complexes with buildings, apartments (lots), their price history, and mortgage banks.

A complex's price and area range, apartment counts and earliest completion year are derived from its
published apartments (see `catalog.realty_services.refresh_complex_stats`) and stored as plain indexed
columns, so the catalog filters and sorts without aggregating."""

from decimal import Decimal
from functools import partial
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F
from django.http import HttpResponseNotAllowed
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from catalog.models.base import ChildRouteMixin, Coordinates, GalleryPhoto, ListingIndexPage, ListingPage
from catalog.models.reference import ReferenceItem
from catalog.realty_blocks import InfrastructureStreamBlock
from core import jsonld
from core.renditions import card_renditions
from core.restrictions import public_q

__all__ = [
    "ApartmentPage",
    "ApartmentPriceChange",
    "Bank",
    "Building",
    "ComplexFloorPlan",
    "ComplexGalleryImage",
    "RealtyIndexPage",
    "ResidentialComplexPage",
]

DERIVED_COMPLEX_FIELDS = (
    "price_min",
    "price_max",
    "area_min",
    "area_max",
    "available_count",
    "apartments_count",
    "ready_year",
    "price_history",
)
WEBPAGE_ONLY_PROPERTIES = ("inLanguage", "dateModified")
QUARTERS = [(1, "I"), (2, "II"), (3, "III"), (4, "IV")]
year_validators = [MinValueValidator(1990), MaxValueValidator(2100)]


def price_field(verbose_name, **kwargs):
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=0, **kwargs)


def area_field(verbose_name, **kwargs):
    return models.DecimalField(verbose_name, max_digits=7, decimal_places=2, **kwargs)


class Bank(models.Model):
    """A mortgage programme offered in the calculator on apartment pages."""

    name = models.CharField(_("банк и программа"), max_length=120, help_text=_("Например, «Сбербанк — Семейная»."))
    name_kk = models.CharField(
        _("банк и программа (kk)"), max_length=120, blank=True, help_text=_("На казахском; пусто — как по-русски.")
    )
    name_en = models.CharField(
        _("банк и программа (en)"), max_length=120, blank=True, help_text=_("На английском; пусто — как по-русски.")
    )
    rate = models.DecimalField(
        _("ставка, % годовых"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("60"))],
        help_text=_("Годовая процентная ставка, например 6 или 21,5."),
    )
    min_down_payment = models.DecimalField(
        _("минимальный взнос, %"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("20"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("90"))],
        help_text=_("Минимальный первоначальный взнос в процентах от цены квартиры."),
    )
    max_term_years = models.PositiveSmallIntegerField(
        _("максимальный срок, лет"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_("На сколько лет банк выдаёт кредит по этой программе."),
    )
    is_active = models.BooleanField(
        _("показывать"), default=True, help_text=_("Снимите, чтобы скрыть из калькулятора.")
    )
    sort_order = models.PositiveSmallIntegerField(_("порядок"), default=0, help_text=_("Меньше — выше в списке."))

    panels: ClassVar[list] = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("name_kk"), FieldPanel("name_en")]),
        FieldRowPanel([FieldPanel("rate"), FieldPanel("min_down_payment"), FieldPanel("max_term_years")]),
        FieldPanel("is_active"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        verbose_name = _("ипотечная программа")
        verbose_name_plural = _("ипотечные программы")
        ordering: ClassVar[list] = ["sort_order", "rate", "name"]
        constraints: ClassVar[list] = [models.UniqueConstraint(fields=["name"], name="unique_bank_name")]

    def __str__(self):
        return f"{self.label} — {number_format(self.rate.normalize(), use_l10n=True)}%"

    label = ReferenceItem.label  # the name in the visitor's language


# -- the catalog -------------------------------------------------------------------------------------------------


class RealtyPageMixin(ChildRouteMixin):
    """What the catalog's pages share to keep their query count flat.

    - Children are routed to in one query (`ChildRouteMixin.child_route_queryset`).
    - The site serving the request (already fetched, with its root page) is the page's site, so
      breadcrumbs and SEO tags need not look it up again."""

    @cached_property
    def breadcrumb_pages(self):
        """Built from the parents the router left on each page (no query); the base way otherwise."""
        site = self.get_site()
        chain, page = [self], self
        while site is not None and page.depth > site.root_page.depth:
            page = getattr(page, "_cached_parent_obj", None)
            if page is None:
                return super().breadcrumb_pages
            chain.append(page)
        if site is None or page.depth != site.root_page.depth:
            return super().breadcrumb_pages
        return chain[::-1]

    def realty_index(self):
        """The catalog this page is in (for links to its routes), from the breadcrumbs."""
        if isinstance(self, RealtyIndexPage):
            return self
        return next((page for page in self.breadcrumb_pages if page.content_type_id == _index_ct_id()), None)


class RealtyIndexPage(RoutablePageMixin, RealtyPageMixin, ListingIndexPage):
    """The new-build catalog of a site: complexes with filters; also apartments (`apartments/`) and the
    comparison of apartments (`compare/`)."""

    parent_page_types: ClassVar[list] = ["home.HomePage"]
    subpage_types: ClassVar[list] = ["catalog.ResidentialComplexPage"]
    max_count_per_parent = 1
    template = "catalog/realty/realty_index_page.html"
    per_page = 12
    mode = "complexes"  # "apartments" or "compare" on the routes below; set per request

    class Meta:
        verbose_name = _("каталог новостроек")
        verbose_name_plural = _("каталоги новостроек")

    # The list shown depends on the route: complexes (default) or apartments.
    @property
    def filterset_class(self):
        from catalog.filters.realty import ApartmentFilterSet, ComplexFilterSet

        if self.mode == "apartments":
            return partial(ApartmentFilterSet, index_page=self)
        return ComplexFilterSet

    @property
    def sort_options(self):
        if self.mode == "apartments":
            return APARTMENT_SORTS
        return COMPLEX_SORTS

    def listings(self):
        if self.mode == "apartments":
            return self.apartments()
        return self.complexes()

    # The map is the complexes' (apartments are searched by their complex's position, without a map of their own).
    @property
    def has_map(self):
        return self.mode == "complexes"

    @property
    def geo_search(self):
        return self.mode in ("complexes", "apartments")

    @property
    def geo_prefix(self):
        return "complex__" if self.mode == "apartments" else ""

    def map_properties(self, item, request):
        properties = super().map_properties(item, request)
        note = [item.location_label]
        if item.available_count and item.price_min:
            from catalog.templatetags.realty_tags import mln

            note.append(gettext("от %(price)s") % {"price": mln(item.price_min)})
        properties["note"] = " · ".join(part for part in note if part)
        return properties

    @path("")
    def index_route(self, request, *args, **kwargs):
        if self.has_map and request.GET.get("format") == "geojson":
            return self.serve_geojson(request)
        return super().index_route(request, *args, **kwargs)

    def complexes(self):
        return (
            ResidentialComplexPage.objects.child_of(self)
            .live()
            .filter(public_q())
            .select_related("city", "district", "developer", "housing_class", "main_image")
            .prefetch_related(card_renditions())
        )

    def apartments(self):
        return (
            ApartmentPage.objects.descendant_of(self)
            .live()
            .filter(public_q())
            .select_related("complex", "complex__city", "complex__district", "building", "main_image")
            .prefetch_related(card_renditions())
        )

    @property
    def seo_canonical_url(self):
        url = super().seo_canonical_url
        return url + "apartments/" if self.mode == "apartments" else url

    def child_route_queryset(self):
        return ResidentialComplexPage.objects.select_related(
            "city", "district", "developer", "housing_class", "main_image", "locale"
        )

    def get_context(self, request, *args, **kwargs):
        from catalog.realty_services import compare_ids

        self.use_request_site(request)
        if self.mode == "compare":
            context = super(ListingIndexPage, self).get_context(request, *args, **kwargs)
        else:
            context = super().get_context(request, *args, **kwargs)
        context.update(mode=self.mode, compare_count=len(compare_ids(request)), realty_index=self)
        return context

    def ld_entity(self, request):
        if self.mode == "compare":
            node = super(ListingIndexPage, self).ld_entity(request)
            node["@type"] = "WebPage"
            return node
        return super().ld_entity(request)

    @path("apartments/", name="apartments")
    def apartment_list(self, request):
        self.mode = "apartments"
        self.seo_title = gettext("Квартиры в новостройках — %(title)s") % {"title": self.title}
        return self.render(request, template="catalog/realty/apartment_list.html")

    @path("compare/", name="compare")
    def compare(self, request):
        from django.utils.cache import add_never_cache_headers

        from catalog.realty_services import compared_apartments

        self.mode = "compare"
        self.seo_title = gettext("Сравнение квартир — %(title)s") % {"title": self.title}
        self.seo_title += f" {settings.WAGTAILSEO_SEP} {self.seo_sitename}"
        response = self.render(
            request,
            template="catalog/realty/compare.html",
            context_overrides={"apartments": compared_apartments(request)},
        )
        add_never_cache_headers(response)
        return response

    @path("compare/add/", name="compare_add")
    def compare_add(self, request):
        return self._compare_change(request, add=True)

    @path("compare/remove/", name="compare_remove")
    def compare_remove(self, request):
        return self._compare_change(request, add=False)

    def _compare_change(self, request, *, add):
        from catalog.realty_services import change_comparison

        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return change_comparison(request, index_page=self, add=add)


COMPLEX_SORTS = {
    "": (_("Сначала популярные"), ("path",)),
    "price": (_("Сначала дешевле"), (F("price_min").asc(nulls_last=True), "path")),
    "-price": (_("Сначала дороже"), (F("price_max").desc(nulls_last=True), "path")),
    "area": (_("По площади: от меньшей"), (F("area_min").asc(nulls_last=True), "path")),
    "completion": (_("По сроку сдачи"), (F("ready_year").asc(nulls_last=True), "path")),
    "new": (_("Сначала новые"), ("-first_published_at", "path")),
}
APARTMENT_SORTS = {
    "": (_("Сначала дешевле"), ("price", "path")),
    "-price": (_("Сначала дороже"), ("-price", "path")),
    "price_m2": (_("По цене за м²"), (F("price") / F("area"), "path")),
    "area": (_("По площади: от меньшей"), ("area", "path")),
    "-area": (_("По площади: от большей"), ("-area", "path")),
    "floor": (_("Сначала высокие этажи"), ("-floor", "path")),
}


class ResidentialComplexPage(RealtyPageMixin, Coordinates, ListingPage):
    """A residential complex (ЖК): where it is, who builds it, when it is ready, its buildings and lots."""

    class Stage(models.TextChoices):
        PROJECT = "project", _("Проект")
        FOUNDATION = "foundation", _("Котлован")
        CONSTRUCTION = "construction", _("Строительство")
        FINISHING = "finishing", _("Отделка и благоустройство")
        COMPLETED = "completed", _("Дом сдан")

    intro = models.TextField(
        _("коротко"), max_length=300, blank=True, help_text=_("Одна-две фразы для карточки и поисковиков.")
    )
    developer = models.ForeignKey(
        "catalog.Developer",
        verbose_name=_("застройщик"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="complexes",
        help_text=_("Кто строит комплекс."),
    )
    city = models.ForeignKey(
        "catalog.City",
        verbose_name=_("город"),
        on_delete=models.PROTECT,
        related_name="complexes",
        help_text=_("Город, где стоит комплекс."),
    )
    district = models.ForeignKey(
        "catalog.District",
        verbose_name=_("район"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="complexes",
        help_text=_("Район этого города."),
    )
    address = models.CharField(
        _("адрес"), max_length=255, help_text=_("Улица и дом или строительный адрес, без города.")
    )
    housing_class = models.ForeignKey(
        "catalog.HousingClass",
        verbose_name=_("класс жилья"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="complexes",
        help_text=_("Комфорт, бизнес, премиум."),
    )
    completion_year = models.PositiveSmallIntegerField(
        _("год сдачи"), validators=year_validators, help_text=_("Плановый год ввода в эксплуатацию.")
    )
    completion_quarter = models.PositiveSmallIntegerField(
        _("квартал сдачи"), choices=QUARTERS, default=4, help_text=_("Квартал этого года.")
    )
    stage = models.CharField(
        _("стадия строительства"),
        max_length=20,
        choices=Stage.choices,
        default=Stage.CONSTRUCTION,
        help_text=_("Что сейчас происходит на площадке."),
    )
    body = RichTextField(
        _("описание"),
        blank=True,
        features=["h2", "h3", "bold", "italic", "ol", "ul", "link"],
        help_text=_("О комплексе: концепция, архитектура, дворы, транспорт."),
    )
    infrastructure = StreamField(
        InfrastructureStreamBlock(),
        verbose_name=_("инфраструктура рядом"),
        blank=True,
        help_text=_("Метро, школы, сады, парки и магазины рядом, с временем пешком."),
    )
    video_url = models.URLField(
        _("видео"), blank=True, help_text=_("Ссылка на видео о комплексе (YouTube, Rutube, VK Видео).")
    )

    # Derived from the published apartments (see catalog.realty_services.refresh_complex_stats).
    price_min = price_field(_("цена от"), null=True, editable=False)
    price_max = price_field(_("цена до"), null=True, editable=False)
    area_min = area_field(_("площадь от"), null=True, editable=False)
    area_max = area_field(_("площадь до"), null=True, editable=False)
    available_count = models.PositiveIntegerField(_("квартир в продаже"), default=0, editable=False)
    apartments_count = models.PositiveIntegerField(_("квартир всего"), default=0, editable=False)
    ready_year = models.PositiveSmallIntegerField(_("ближайший год сдачи"), null=True, editable=False)
    price_history = models.JSONField(
        _("средняя цена м² по месяцам"), default=list, editable=False, encoder=DjangoJSONEncoder
    )

    content_panels: ClassVar[list] = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("developer"),
                FieldPanel("housing_class"),
                FieldRowPanel([FieldPanel("completion_quarter"), FieldPanel("completion_year"), FieldPanel("stage")]),
            ],
            _("О комплексе"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("city"), FieldPanel("district")]),
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            _("Расположение"),
        ),
        InlinePanel("buildings", label=_("Корпуса"), min_num=1),
        FieldPanel("body"),
        FieldPanel("main_image"),
        InlinePanel("gallery_images", label=_("Галерея")),
        FieldPanel("video_url"),
        InlinePanel("floor_plans", label=_("Типовые планировки")),
        FieldPanel("infrastructure"),
    ]
    search_fields: ClassVar[list] = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("address"),
        index.SearchField("body"),
    ]
    parent_page_types: ClassVar[list] = ["catalog.RealtyIndexPage"]
    subpage_types: ClassVar[list] = ["catalog.ApartmentPage"]
    seo_description_sources: ClassVar[list] = ["search_description", "intro", "auto_description"]
    template = "catalog/realty/residential_complex_page.html"
    schema_org_type = "ApartmentComplex"

    class Meta:
        verbose_name = _("жилой комплекс")
        verbose_name_plural = _("жилые комплексы")
        indexes: ClassVar[list] = [
            models.Index(fields=["price_min"], name="complex_price_min_idx"),
            models.Index(fields=["price_max"], name="complex_price_max_idx"),
            models.Index(fields=["area_min"], name="complex_area_min_idx"),
            models.Index(fields=["area_max"], name="complex_area_max_idx"),
            models.Index(fields=["ready_year"], name="complex_ready_year_idx"),
            models.Index(fields=["latitude", "longitude"], name="complex_lat_lon_idx"),  # the map's area search
        ]

    def clean(self):
        super().clean()
        errors = {}
        errors.update(self.coordinate_errors())
        if self.district_id and self.city_id and self.district.city_id != self.city_id:
            errors["district"] = _("Район «%(district)s» не относится к городу «%(city)s».") % {
                "district": self.district,
                "city": self.city,
            }
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.main_image_id is None:
            first = next(iter(self.gallery_images.all()), None)
            if first is not None:
                self.main_image_id = first.image_id
        return super().save(*args, **kwargs)

    # Derived values are not content: keep them out of revisions, and keep the live values when a revision
    # (possibly an old one) is published.
    def serializable_data(self):
        data = super().serializable_data()
        for name in DERIVED_COMPLEX_FIELDS:
            data.pop(name, None)
        return data

    def with_content_json(self, content):
        obj = super().with_content_json(content)
        for name in DERIVED_COMPLEX_FIELDS:
            setattr(obj, name, getattr(self, name))
        return obj

    @property
    def completion_label(self):
        return _("%(quarter)s кв. %(year)s") % {
            "quarter": self.get_completion_quarter_display(),
            "year": self.completion_year,
        }

    @property
    def location_label(self):
        return ", ".join(str(part) for part in (self.city, self.district) if part)

    @property
    def auto_description(self):
        parts = [
            _("Новостройка %(title)s: %(place)s, %(address)s")
            % {
                "title": self.title,
                "place": self.location_label,
                "address": self.address,
            }
        ]
        parts.append(_("сдача — %(when)s") % {"when": self.completion_label})
        return ", ".join(str(part) for part in parts) + "."

    def child_route_queryset(self):
        return ApartmentPage.objects.select_related("building", "layout_image", "main_image", "locale")

    def attach_routed_child(self, child):
        if child.complex_id == self.pk:
            child.complex = self  # already fetched with its city, district, developer and class

    def get_context(self, request, *args, **kwargs):
        from catalog import realty_charts
        from catalog.realty_services import compare_ids

        self.use_request_site(request)
        context = super().get_context(request, *args, **kwargs)
        buildings = list(self.buildings.all())
        # Live apartments, one query; `.public()` would cost another and a restricted lot only shows its number.
        apartments = list(
            ApartmentPage.objects.child_of(self).live().order_by("building_id", "section", "floor", "number")
        )
        gallery = list(self.gallery_images.select_related("image"))
        floor_plans = list(self.floor_plans.select_related("image"))
        models.prefetch_related_objects([item.image for item in (*gallery, *floor_plans)], "renditions")
        context.update(
            buildings=buildings,
            chessboards=realty_charts.chessboards(buildings, apartments, request),
            gallery=gallery,
            floor_plans=floor_plans,
            price_chart=realty_charts.complex_price_chart(self.price_history),
            video_embed_url=realty_charts.video_embed_url(self.video_url),
            realty_index=self.realty_index(),
            compare_count=len(compare_ids(request)),
        )
        return context

    def ld_entity(self, request):
        node = super().ld_entity(request)
        for name in WEBPAGE_ONLY_PROPERTIES:  # a Place is not a CreativeWork
            node.pop(name, None)
        node["address"] = self.postal_address()
        if geo := self.geo_ld():
            node["geo"] = geo
        node["numberOfAccommodationUnits"] = self.apartments_count
        node["numberOfAvailableAccommodationUnits"] = self.available_count
        if self.seo_image_url:
            node["image"] = self.seo_image_url
        return node

    def postal_address(self):
        return jsonld.postal_address(
            street=self.address,
            locality=self.city.name if self.city_id else "",
            region=self.city.name if self.city_id else "",
            country=self.city.country if self.city_id else "",
        )

    def extra_ld_nodes(self, request):
        """An AggregateOffer for the apartments on sale (ApartmentComplex, a Place, has no `offers`)."""
        if not self.available_count:
            return []
        return [
            {
                "@type": "AggregateOffer",
                "url": self.seo_canonical_url,
                "lowPrice": str(self.price_min),
                "highPrice": str(self.price_max),
                "priceCurrency": "RUB",
                "offerCount": self.available_count,
                "availability": "https://schema.org/InStock",
                "itemOffered": {"@id": self.seo_canonical_url + "#main"},
            }
        ]


def _index_ct_id():
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(RealtyIndexPage).pk


class Building(Orderable):
    """A building (корпус) of a complex, split into sections (секции)."""

    complex = ParentalKey(ResidentialComplexPage, on_delete=models.CASCADE, related_name="buildings")
    name = models.CharField(_("название"), max_length=60, help_text=_("Например, «Корпус 1»."))
    floors = models.PositiveSmallIntegerField(
        _("этажей"), validators=[MinValueValidator(1), MaxValueValidator(150)], help_text=_("Этажность корпуса.")
    )
    sections = models.PositiveSmallIntegerField(
        _("секций"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text=_("Сколько подъездов (секций) в корпусе."),
    )
    completion_year = models.PositiveSmallIntegerField(
        _("год сдачи"),
        null=True,
        blank=True,
        validators=year_validators,
        help_text=_("Только если корпус сдаётся не вместе со всем комплексом."),
    )
    completion_quarter = models.PositiveSmallIntegerField(
        _("квартал сдачи"), choices=QUARTERS, null=True, blank=True, help_text=_("Вместе с годом сдачи корпуса.")
    )

    panels: ClassVar[list] = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("floors"), FieldPanel("sections")]),
        FieldRowPanel([FieldPanel("completion_quarter"), FieldPanel("completion_year")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("корпус")
        verbose_name_plural = _("корпуса")

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if (self.completion_year is None) != (self.completion_quarter is None):
            field = "completion_quarter" if self.completion_quarter is None else "completion_year"
            errors[field] = _("Укажите и квартал, и год сдачи корпуса — или оставьте оба поля пустыми.")
        if self.pk and self.floors and self.sections:
            lots = ApartmentPage.objects.filter(building_id=self.pk)
            highest = lots.filter(floor__gt=self.floors).order_by("-floor").values_list("floor", flat=True).first()
            if highest:
                errors["floors"] = _("В корпусе есть квартиры на %(floor)s этаже: этажей не может быть меньше.") % {
                    "floor": highest
                }
            section = (
                lots.filter(section__gt=self.sections).order_by("-section").values_list("section", flat=True).first()
            )
            if section:
                errors["sections"] = _("В корпусе есть квартиры в секции %(section)s: секций не может быть меньше.") % {
                    "section": section
                }
        if errors:
            raise ValidationError(errors)

    @property
    def completion_label(self):
        if self.completion_year is None:
            return ""
        return _("%(quarter)s кв. %(year)s") % {
            "quarter": self.get_completion_quarter_display(),
            "year": self.completion_year,
        }


class ComplexGalleryImage(GalleryPhoto):
    complex = ParentalKey(ResidentialComplexPage, on_delete=models.CASCADE, related_name="gallery_images")

    class Meta(Orderable.Meta):
        verbose_name = _("фото комплекса")
        verbose_name_plural = _("фото комплекса")


class ComplexFloorPlan(Orderable):
    complex = ParentalKey(ResidentialComplexPage, on_delete=models.CASCADE, related_name="floor_plans")
    title = models.CharField(_("название"), max_length=100, help_text=_("Например, «Евро-двушка 52 м²»."))
    image = models.ForeignKey(
        "images.CustomImage",
        verbose_name=_("планировка"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Чертёж планировки."),
    )
    rooms = models.PositiveSmallIntegerField(
        _("комнат"), null=True, blank=True, validators=[MaxValueValidator(10)], help_text=_("0 — студия.")
    )
    area = area_field(_("площадь, м²"), null=True, blank=True, help_text=_("Общая площадь."))

    panels: ClassVar[list] = [
        FieldPanel("title"),
        FieldPanel("image"),
        FieldRowPanel([FieldPanel("rooms"), FieldPanel("area")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("типовая планировка")
        verbose_name_plural = _("типовые планировки")


# -- apartments ----------------------------------------------------------------------------------------------------


class ApartmentPageForm(WagtailAdminPageForm):
    """Offer only the buildings of the complex the apartment is in."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parent = self.parent_page
        if parent is None and self.instance.pk:
            parent = self.instance.get_parent()
        if parent is not None and "building" in self.fields:
            self.fields["building"].queryset = Building.objects.filter(complex_id=parent.pk)


class ApartmentPage(RealtyPageMixin, ListingPage):
    """One lot: an apartment in a building of a complex."""

    class Status(models.TextChoices):
        AVAILABLE = "available", _("Свободна")
        RESERVED = "reserved", _("Забронирована")
        SOLD = "sold", _("Продана")

    class Finishing(models.TextChoices):
        NONE = "none", _("Без отделки")
        WHITE_BOX = "white_box", _("White box")
        FINE = "fine", _("Чистовая")
        FURNISHED = "furnished", _("С мебелью")

    complex = models.ForeignKey(
        ResidentialComplexPage,
        verbose_name=_("комплекс"),
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="apartments",
    )
    building = models.ForeignKey(
        Building,
        verbose_name=_("корпус"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="apartments",
        help_text=_("Корпус этого комплекса."),
    )
    section = models.PositiveSmallIntegerField(
        _("секция"), default=1, validators=[MinValueValidator(1)], help_text=_("Номер секции (подъезда) в корпусе.")
    )
    floor = models.PositiveSmallIntegerField(
        _("этаж"), validators=[MinValueValidator(1)], help_text=_("Этаж квартиры.")
    )
    number = models.PositiveIntegerField(
        _("номер квартиры"), validators=[MinValueValidator(1)], help_text=_("Уникален в пределах комплекса.")
    )
    rooms = models.PositiveSmallIntegerField(
        _("комнат"), validators=[MaxValueValidator(10)], help_text=_("Число комнат; 0 — студия.")
    )
    area = area_field(
        _("площадь, м²"), validators=[MinValueValidator(Decimal("10"))], help_text=_("Общая площадь по проекту.")
    )
    price = price_field(_("цена, ₽"), validators=[MinValueValidator(Decimal("1"))], help_text=_("Цена в рублях."))
    status = models.CharField(
        _("статус"),
        max_length=20,
        choices=Status.choices,
        default=Status.AVAILABLE,
        help_text=_("Свободна, забронирована или продана."),
    )
    finishing = models.CharField(
        _("отделка"), max_length=20, choices=Finishing.choices, default=Finishing.NONE, help_text=_("Как сдаётся.")
    )
    layout_image = models.ForeignKey(
        "images.CustomImage",
        verbose_name=_("планировка"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Чертёж планировки квартиры."),
    )
    description = models.TextField(
        _("описание"), blank=True, help_text=_("Виды из окон, особенности планировки, условия покупки.")
    )

    base_form_class = ApartmentPageForm
    content_panels: ClassVar[list] = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("building"),
                FieldRowPanel([FieldPanel("section"), FieldPanel("floor"), FieldPanel("number")]),
            ],
            _("Где"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("rooms"), FieldPanel("area")]),
                FieldRowPanel([FieldPanel("price"), FieldPanel("status")]),
                FieldPanel("finishing"),
            ],
            _("Квартира"),
        ),
        FieldPanel("layout_image"),
        FieldPanel("main_image"),
        FieldPanel("description"),
    ]
    parent_page_types: ClassVar[list] = ["catalog.ResidentialComplexPage"]
    subpage_types: ClassVar[list] = []
    seo_description_sources: ClassVar[list] = ["search_description", "auto_description"]
    seo_image_sources: ClassVar[list] = ["og_image", "main_image", "layout_image"]
    template = "catalog/realty/apartment_page.html"
    schema_org_type = "Apartment"

    class Meta:
        verbose_name = _("квартира")
        verbose_name_plural = _("квартиры")
        indexes: ClassVar[list] = [
            models.Index(fields=["complex", "status"], name="apartment_complex_status_idx"),
            models.Index(fields=["price"], name="apartment_price_idx"),
            models.Index(fields=["area"], name="apartment_area_idx"),
            models.Index(fields=["rooms"], name="apartment_rooms_idx"),
        ]

    def clean(self):
        super().clean()
        errors = {}
        building = self.building if self.building_id else None
        if building is None:
            errors["building"] = _("Выберите корпус.")
        else:
            if self.floor and self.floor > building.floors:
                errors["floor"] = _("В корпусе «%(building)s» только %(floors)s этажей.") % {
                    "building": building,
                    "floors": building.floors,
                }
            if self.section and self.section > building.sections:
                errors["section"] = _("В корпусе «%(building)s» только %(sections)s секций.") % {
                    "building": building,
                    "sections": building.sections,
                }
            if self.number:
                taken = ApartmentPage.objects.filter(complex_id=building.complex_id, number=self.number)
                if self.pk:
                    taken = taken.exclude(pk=self.pk)
                if taken.exists():
                    errors["number"] = _("Квартира № %(number)s в этом комплексе уже есть.") % {"number": self.number}
        if errors:
            raise ValidationError(errors)

    skip_full_clean = False  # set by bulk imports of already validated data (the demo)

    def save(self, *args, **kwargs):
        if self.skip_full_clean:
            kwargs["clean"] = False
        if self.path and self.depth > 1:
            self.complex_id = self.get_parent().pk
        if self.main_image_id is None and self.layout_image_id:
            self.main_image_id = self.layout_image_id
        return super().save(*args, **kwargs)

    @property
    def is_available(self):
        return self.status == self.Status.AVAILABLE

    @property
    def price_per_m2(self):
        if not self.area:
            return None
        return (self.price / self.area).quantize(Decimal("1"))

    @property
    def rooms_label(self):
        if self.rooms == 0:
            return _("Студия")
        return _("%(rooms)s-комнатная") % {"rooms": self.rooms}

    @property
    def status_short(self):
        return {
            self.Status.AVAILABLE: _("своб."),
            self.Status.RESERVED: _("бронь"),
            self.Status.SOLD: _("прод."),
        }[self.status]

    @property
    def rooms_short(self):
        return _("С") if self.rooms == 0 else _("%(rooms)sк") % {"rooms": self.rooms}

    @cached_property
    def complex_page(self):
        """The complex with what the page shows of it, in one query (none if the list already joined it)."""
        if self.complex_id is None:
            return None
        if ApartmentPage.complex.is_cached(self):
            return self.complex
        return (
            ResidentialComplexPage.objects.select_related("city", "district", "developer", "housing_class")
            .filter(pk=self.complex_id)
            .first()
        )

    @property
    def auto_description(self):
        complex_page = self.complex_page
        text = _("%(rooms)s, %(area)s м², %(floor)s этаж") % {
            "rooms": self.rooms_label,
            "area": number_format(self.area.normalize(), use_l10n=True),
            "floor": self.floor,
        }
        if complex_page:
            text = _("%(text)s в ЖК «%(complex)s», %(city)s") % {
                "text": text,
                "complex": complex_page.title,
                "city": complex_page.city,
            }
        return f"{text}. {self.get_finishing_display()}, {self.get_status_display().lower()}."

    def gallery(self):
        """The layout plan, then the main photo (if another) and the complex's photos, with their renditions: two
        queries (the complex's photos, every rendition)."""
        items = []
        if self.layout_image_id:
            items.append(ComplexGalleryImage(image=self.layout_image, caption=_("Планировка квартиры")))
        if self.main_image_id and self.main_image_id != self.layout_image_id:
            items.append(ComplexGalleryImage(image=self.main_image))
        if self.complex_id:
            items.extend(ComplexGalleryImage.objects.filter(complex_id=self.complex_id).select_related("image"))
        if items:
            models.prefetch_related_objects([item.image for item in items], "renditions")
        return items

    @property
    def completion_label(self):
        if self.building_id and self.building.completion_year:
            return self.building.completion_label
        return self.complex_page.completion_label if self.complex_page else ""

    def get_context(self, request, *args, **kwargs):
        from catalog import realty_charts
        from catalog.realty_mortgage import mortgage_context
        from catalog.realty_services import compare_ids

        self.use_request_site(request)
        context = super().get_context(request, *args, **kwargs)
        complex_page = self.complex_page
        context.update(
            complex_page=complex_page,
            gallery=self.gallery(),
            price_chart=realty_charts.apartment_price_chart(self),
            mortgage=mortgage_context(request, self.price),
            realty_index=self.realty_index(),
            in_compare=self.pk in compare_ids(request),
            compare_count=len(compare_ids(request)),
        )
        return context

    def ld_entity(self, request):
        node = super().ld_entity(request)
        for name in WEBPAGE_ONLY_PROPERTIES:  # a Place is not a CreativeWork
            node.pop(name, None)
        node["numberOfRooms"] = max(self.rooms, 1)
        node["floorSize"] = {"@type": "QuantitativeValue", "value": float(self.area), "unitCode": "MTK"}
        node["floorLevel"] = str(self.floor)
        complex_page = self.complex_page
        if complex_page:
            node["address"] = complex_page.postal_address()
            if geo := complex_page.geo_ld():
                node["geo"] = geo
            node["containedInPlace"] = {
                "@type": "ApartmentComplex",
                "@id": complex_page.seo_canonical_url + "#main",
                "name": complex_page.title,
            }
        if self.seo_image_url:
            node["image"] = self.seo_image_url
        return node

    def extra_ld_nodes(self, request):
        """The Offer for this apartment (Apartment, a Place, has no `offers`)."""
        availability = {
            self.Status.AVAILABLE: "https://schema.org/InStock",
            self.Status.RESERVED: "https://schema.org/Reserved",
            self.Status.SOLD: "https://schema.org/SoldOut",
        }[self.status]
        return [
            {
                "@type": "Offer",
                "url": self.seo_canonical_url,
                "price": str(self.price),
                "priceCurrency": "RUB",
                "availability": availability,
                "itemOffered": {"@id": self.seo_canonical_url + "#main"},
            }
        ]


class ApartmentPriceChange(models.Model):
    """The apartment's price from `changed_at` on; a row is written on publish when the price changed."""

    apartment = models.ForeignKey(
        ApartmentPage, verbose_name=_("квартира"), on_delete=models.CASCADE, related_name="price_changes"
    )
    price = price_field(_("цена, ₽"))
    changed_at = models.DateTimeField(_("когда"), default=timezone.now)

    class Meta:
        verbose_name = _("изменение цены")
        verbose_name_plural = _("история цен")
        ordering: ClassVar[list] = ["changed_at", "pk"]
        indexes: ClassVar[list] = [
            models.Index(fields=["apartment", "changed_at"], name="price_change_apartment_idx"),
        ]

    def __str__(self):
        return f"{self.apartment_id}: {self.price} ₽ ({self.changed_at:%d.%m.%Y})"
