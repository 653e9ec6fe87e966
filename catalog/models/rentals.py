"""ЖильеGO: short-term rentals. An index with search, and one page per property with its gallery."""

from datetime import time
from decimal import Decimal
from pathlib import PurePath
from typing import ClassVar

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from catalog.models.base import Coordinates, GalleryPhoto, ListingIndexPage, ListingPage
from core.money import format_tenge
from core.renditions import card_renditions
from core.restrictions import public_q

__all__ = ["RentalIndexPage", "RentalPhoto", "RentalPropertyPage"]

MAX_PHOTOS = 6
RATING_FIELDS = ("rating_avg", "rating_count")
REVIEWS_ON_PAGE = 20

# Schema.org type of the place itself, by the property type's slug (a hostel bed is a plain Accommodation).
SCHEMA_TYPES = {"kvartira": "Apartment", "chastnyy-dom": "House", "kottedzh": "House", "komnata": "Room"}

phone_validator = RegexValidator(
    r"^\+?[0-9][0-9 ()-]{9,19}$", _("Телефон в формате +7 701 123-45-67: от 10 до 20 цифр, пробелов и дефисов.")
)


class RentalPropertyForm(WagtailAdminPageForm):
    """The editor's form: the gallery's "too many photos" error speaks Russian and says what to do."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        photos = self.formsets.get("photos")
        if photos is not None:
            photos.error_messages["too_many_forms"] = _("Можно загрузить не больше %(num)d фотографий. Удалите лишние.")


class RentalIndexPage(ListingIndexPage):
    """The search over a brand's rental properties: filters, sorting, «Найдено N вариантов»."""

    per_page = 12
    sort_options: ClassVar[dict] = {
        "new": (_("Сначала новые"), [F("first_published_at").desc(nulls_last=True), "-pk"]),
        "price": (_("Сначала дешевле"), ["price_per_night", "pk"]),
        "-price": (_("Сначала дороже"), ["-price_per_night", "pk"]),
        "rating": (_("По рейтингу"), ["-rating_avg", "-rating_count", "pk"]),
    }
    default_sort = "new"

    parent_page_types: ClassVar[list] = ["home.HomePage"]
    # Agencies keep their realtors' listings in a folder of their own (agencies.models); a page-type name,
    # not an import, like "home.HomePage" above.
    subpage_types: ClassVar[list] = ["catalog.RentalPropertyPage", "agencies.AgencyFolderPage"]
    max_count_per_parent = 1
    template = "catalog/rentals/rental_index_page.html"

    class Meta:
        verbose_name = _("посуточная аренда: каталог")
        verbose_name_plural = _("посуточная аренда: каталоги")

    @property
    def filterset_class(self):
        from catalog.filters.rentals import RentalFilterSet

        return RentalFilterSet

    def listings(self):
        """Active, live properties of this section (agencies may group them in subfolders later)."""
        return (
            RentalPropertyPage.objects.live()
            .filter(public_q())
            .descendant_of(self)
            .filter(is_active=True)
            .select_related("city", "district", "housing_class", "property_type", "main_image")
            .prefetch_related(card_renditions())
        )

    def child_route_queryset(self):
        return RentalPropertyPage.objects.select_related(
            "city", "district", "housing_class", "property_type", "main_image"
        )

    has_map = True

    def map_properties(self, item, request):
        properties = super().map_properties(item, request)
        price = gettext("от %(price)s ₸/сутки") % {"price": item.price_display}
        properties["note"] = " · ".join(part for part in (item.district.name if item.district else "", price) if part)
        return properties

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if context["result_count"] == 0 and context["is_filtered"]:
            context["loosen_hints"] = self.loosen_hints(request, context["filter"], context["geo"])
        return context

    def loosen_hints(self, request, filterset, geo):
        """For an empty result: the filters whose removal alone finds something, with that address and count."""
        form = filterset.form
        hints = []
        for name, field in form.fields.items():
            if not form.cleaned_data.get(name):
                continue
            params = request.GET.copy()
            params.pop(name, None)
            params.pop("page", None)
            count = geo.filter(type(filterset)(params, queryset=self.listings(), request=request).qs).count()
            if count:
                hints.append({"label": field.label, "url": f"{request.path}?{params.urlencode()}", "count": count})
        return sorted(hints, key=lambda hint: -hint["count"])


class RentalPropertyPage(Coordinates, ListingPage):
    """An apartment, house, room or hostel bed let by the day."""

    city = models.ForeignKey(
        "catalog.City",
        verbose_name=_("город"),
        on_delete=models.PROTECT,
        related_name="rental_properties",
        help_text=_("Город объекта. Сейчас работаем в Астане."),
    )
    district = models.ForeignKey(
        "catalog.District",
        verbose_name=_("район"),
        on_delete=models.PROTECT,
        related_name="rental_properties",
        help_text=_("Район этого города из справочника."),
    )
    housing_class = models.ForeignKey(
        "catalog.HousingClass",
        verbose_name=_("класс жилья"),
        on_delete=models.PROTECT,
        related_name="rental_properties",
        help_text=_("Комфорт, бизнес или премиум."),
    )
    property_type = models.ForeignKey(
        "catalog.PropertyType",
        verbose_name=_("тип жилья"),
        on_delete=models.PROTECT,
        related_name="rental_properties",
        help_text=_("Квартира, частный дом, коттедж, комната или хостел."),
    )
    rooms = models.PositiveSmallIntegerField(
        _("комнат"),
        null=True,
        blank=True,
        db_index=True,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_("Сколько комнат. Для хостела можно не указывать."),
    )
    street = models.CharField(
        _("улица"), max_length=150, help_text=_("Улица или проспект, например «проспект Мангилик Ел».")
    )
    house = models.CharField(_("дом"), max_length=20, help_text=_("Номер дома, например «55/2»."))
    building = models.CharField(
        _("корпус / строение"), max_length=20, blank=True, help_text=_("Если есть, например «блок C».")
    )
    entrance = models.CharField(_("подъезд"), max_length=10, blank=True, help_text=_("Номер подъезда, если есть."))
    floor = models.PositiveSmallIntegerField(
        _("этаж"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(200)],
        help_text=_("На каком этаже. Для дома можно не указывать."),
    )
    total_floors = models.PositiveSmallIntegerField(
        _("этажей в доме"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(200)],
        help_text=_("Сколько всего этажей в здании."),
    )
    area = models.DecimalField(
        _("площадь, м²"),
        max_digits=6,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("5"))],
        help_text=_("Общая площадь в квадратных метрах."),
    )
    sleeping_places = models.PositiveSmallIntegerField(
        _("спальных мест"),
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Сколько гостей можно разместить."),
    )
    description = RichTextField(
        _("описание"),
        features=["bold", "italic", "ul", "ol", "link"],
        help_text=_("Чем хорош объект: вид, ремонт, что рядом, как добраться."),
    )
    amenities = ParentalManyToManyField(
        "catalog.Amenity",
        verbose_name=_("удобства"),
        blank=True,
        related_name="rental_properties",
        help_text=_("Отметьте всё, что есть в объекте."),
    )
    house_rules = models.TextField(
        _("правила проживания"),
        blank=True,
        help_text=_("Каждое правило с новой строки, например «Не курить», «Без вечеринок»."),
    )
    check_in_time = models.TimeField(_("заезд с"), default=time(14), help_text=_("С какого часа можно заселиться."))
    check_out_time = models.TimeField(_("выезд до"), default=time(12), help_text=_("До какого часа нужно выехать."))
    check_in_instructions = models.TextField(
        _("инструкция по заселению"),
        blank=True,
        help_text=_(
            "Как попасть в квартиру: где парковка, как найти подъезд, где ключи. Гость видит её после "
            "подтверждения бронирования, на странице брони и в письме. Коды домофона и сейфа сюда не пишите: "
            "для них есть защищённые «Коды доступа»."
        ),
    )
    price_per_night = models.DecimalField(
        _("цена за сутки, ₸"),
        max_digits=10,
        decimal_places=0,
        db_index=True,
        validators=[MinValueValidator(Decimal("1000"))],
        help_text=_("В тенге, без копеек."),
    )
    realtor_phone = models.CharField(
        _("телефон риелтора"),
        max_length=30,
        validators=[phone_validator],
        help_text=_("Гости не видят его на сайте: контакты открываются после подтверждения бронирования."),
    )
    is_active = models.BooleanField(
        _("активен"),
        default=True,
        db_index=True,
        help_text=_("Снимите, чтобы убрать объект из поиска. Страница остаётся доступной по ссылке."),
    )
    rating_avg = models.DecimalField(
        _("средняя оценка"), max_digits=3, decimal_places=2, default=Decimal("0"), editable=False, db_index=True
    )
    rating_count = models.PositiveIntegerField(_("отзывов"), default=0, editable=False)

    content_panels: ClassVar[list] = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("housing_class"), FieldPanel("property_type")]),
                FieldRowPanel([FieldPanel("rooms"), FieldPanel("sleeping_places"), FieldPanel("area")]),
            ],
            _("Объект"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("city"), FieldPanel("district")]),
                FieldPanel("street"),
                FieldRowPanel([FieldPanel("house"), FieldPanel("building"), FieldPanel("entrance")]),
                FieldRowPanel([FieldPanel("floor"), FieldPanel("total_floors")]),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            _("Адрес"),
        ),
        FieldPanel("description"),
        InlinePanel("photos", label=_("Фотографии"), max_num=MAX_PHOTOS, help_text=_("До 6 фото, каждое до 7 МБ.")),
        FieldPanel("main_image"),
        FieldPanel("amenities", widget=forms.CheckboxSelectMultiple),
        FieldPanel("house_rules"),
        MultiFieldPanel(
            [
                FieldPanel("price_per_night"),
                FieldRowPanel([FieldPanel("check_in_time"), FieldPanel("check_out_time")]),
                FieldPanel("check_in_instructions"),
            ],
            _("Цена и заселение"),
        ),
        MultiFieldPanel([FieldPanel("realtor_phone"), FieldPanel("is_active")], _("Для риелтора")),
    ]
    search_fields: ClassVar[list] = [
        *Page.search_fields,
        index.SearchField("description"),
        index.SearchField("street"),
        index.FilterField("is_active"),
    ]
    base_form_class = RentalPropertyForm
    parent_page_types: ClassVar[list] = ["catalog.RentalIndexPage", "agencies.AgencyFolderPage"]
    subpage_types: ClassVar[list] = []
    seo_description_sources: ClassVar[list] = ["search_description", "summary"]
    template = "catalog/rentals/rental_property_page.html"

    class Meta:
        verbose_name = _("объект посуточной аренды")
        verbose_name_plural = _("объекты посуточной аренды")
        indexes: ClassVar[list] = [
            models.Index(fields=["is_active", "price_per_night"], name="rental_active_price_idx"),
            models.Index(fields=["is_active", "rating_avg"], name="rental_active_rating_idx"),
            models.Index(fields=["latitude", "longitude"], name="rental_lat_lon_idx"),  # the map's area search
        ]

    # -- validation ------------------------------------------------------------

    def clean(self):
        super().clean()
        errors = {}
        if self.city_id and self.district_id and self.district.city_id != self.city_id:
            errors["district"] = _(
                "Район «%(district)s» не относится к городу «%(city)s». Выберите район этого города."
            ) % {
                "district": self.district.name,
                "city": self.city.name,
            }
        if self.property_type_id and self.property_type.has_rooms and not self.rooms:
            errors["rooms"] = _("Укажите количество комнат для типа «%(type)s».") % {"type": self.property_type.name}
        if self.floor and self.total_floors and self.floor > self.total_floors:
            errors["floor"] = _("Этаж (%(floor)d) не может быть больше числа этажей в доме (%(total)d).") % {
                "floor": self.floor,
                "total": self.total_floors,
            }
        errors.update(self.coordinate_errors())
        if errors:
            raise ValidationError(errors)

    # -- derived values ----------------------------------------------------------

    def save(self, *args, **kwargs):
        # Only on a full save (create, publish): saving a draft writes just the revision fields of the live row.
        if self.main_image_id is None and kwargs.get("update_fields") is None:
            photos = sorted(
                (photo for photo in self.photos.all() if photo.image_id),
                key=lambda photo: photo.sort_order if photo.sort_order is not None else 0,
            )
            if photos:
                self.main_image_id = photos[0].image_id
        return super().save(*args, **kwargs)

    def serializable_data(self):
        # Ratings belong to the reviews, not to the editor's revisions.
        data = super().serializable_data()
        for name in RATING_FIELDS:
            data.pop(name, None)
        return data

    def with_content_json(self, content):
        # Publishing a revision must keep the ratings the reviews wrote meanwhile: take them from the database.
        page = super().with_content_json(content)
        current = type(self).objects.filter(pk=self.pk).values(*RATING_FIELDS).first() if self.pk else None
        for name in RATING_FIELDS:
            setattr(page, name, current[name] if current else getattr(self, name))
        return page

    # -- display -----------------------------------------------------------------

    @property
    def address(self):
        """Street, house and building, e.g. «улица Сыганак, 29, блок C» (no city, no district)."""
        parts = [self.street, self.house]
        if self.building:
            parts.append(self.building)
        return ", ".join(part for part in parts if part)

    @property
    def price_display(self):
        return format_tenge(self.price_per_night)

    @property
    def area_display(self):
        """82.0 -> "82", 45.5 -> "45,5"."""
        return str(int(self.area)) if self.area == int(self.area) else str(self.area).replace(".", ",")

    @property
    def is_rated(self):
        return self.rating_count > 0

    @property
    def stars(self):
        """The average as five stars, e.g. "★★★★☆" for 4.3."""
        full = int((self.rating_avg + Decimal("0.5")) // 1)
        return "★" * full + "☆" * (5 - full)

    @property
    def house_rules_list(self):
        return [line.strip(" -•") for line in self.house_rules.splitlines() if line.strip(" -•")]

    @property
    def summary(self):
        """One sentence for the SEO description and social previews."""
        facts = [_("площадь %(area)s м²") % {"area": self.area_display}]
        if self.rooms:
            facts.insert(0, _("комнат: %(rooms)d") % {"rooms": self.rooms})
        facts.append(_("спальных мест: %(places)d") % {"places": self.sleeping_places})
        return _(
            "%(type)s посуточно: %(city)s, %(district)s район, %(address)s. %(facts)s. От %(price)s ₸ за сутки."
        ) % {
            "type": self.property_type.label,
            "city": self.city.label,
            "district": self.district.label,
            "address": self.address,
            "facts": ", ".join(str(fact) for fact in facts).capitalize(),
            "price": self.price_display,
        }

    @cached_property
    def gallery(self):
        """The photos in order with their images and renditions (the gallery asks for five of each), in two
        queries."""
        return list(self.photos.select_related("image").prefetch_related("image__renditions"))

    @cached_property
    def amenity_list(self):
        return list(self.amenities.all())

    # Bookings adds what it knows (reviews, the busy-dates calendar, prices) through Wagtail hooks registered in
    # bookings/wagtail_hooks.py: catalog sits below bookings and does not import it.

    @cached_property
    def published_reviews(self):
        """The latest published reviews with authors and photos, for the page and its JSON-LD (`rental_reviews`)."""
        if self.pk is None:  # a preview of a page not saved yet
            return []
        return [review for fn in hooks.get_hooks("rental_reviews") for review in fn(self, REVIEWS_ON_PAGE)]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(photos=self.gallery, amenities=self.amenity_list, reviews=self.published_reviews)
        for fn in hooks.get_hooks("rental_page_context"):
            context.update(fn(self, request))
        return context

    # -- JSON-LD -----------------------------------------------------------------

    @property
    def schema_place_type(self):
        return SCHEMA_TYPES.get(self.property_type.slug, "Accommodation")

    def ld_entity(self, request):
        """A VacationRental (what search engines read for stays) holding the place itself and the nightly offer."""
        url = self.seo_canonical_url
        root_url = self.get_site().root_url
        node = {
            "@type": "VacationRental",
            "@id": url + "#main",
            "url": url,
            "name": self.title,
            "identifier": str(self.pk),
            "description": self.seo_description,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": self.address,
                "addressLocality": self.city.name,
                "addressRegion": self.city.name,
                "addressCountry": self.city.country,
            },
            "checkinTime": self.check_in_time.strftime("%H:%M:%S"),
            "checkoutTime": self.check_out_time.strftime("%H:%M:%S"),
            "containsPlace": self.place_ld(url),
            "makesOffer": self.offer_ld(url),
        }
        images = [root_url + photo.image.get_rendition("format-jpeg|width-1200").url for photo in self.gallery]
        if images:
            node["image"] = images
        geo = self.geo_ld()
        if geo:
            node["latitude"], node["longitude"] = geo["latitude"], geo["longitude"]
            node["geo"] = geo
        if self.is_rated:
            node["aggregateRating"] = {
                "@type": "AggregateRating",
                "ratingValue": str(self.rating_avg.normalize()),
                "reviewCount": self.rating_count,
                "bestRating": 5,
                "worstRating": 1,
            }
            if self.published_reviews:
                node["review"] = [review.ld_entity() for review in self.published_reviews]
        return node

    def place_ld(self, url):
        place = {
            "@type": self.schema_place_type,
            "@id": url + "#place",
            "name": self.title,
            "accommodationCategory": f"{self.property_type.name}, {self.housing_class.name}",
            "floorSize": {"@type": "QuantitativeValue", "value": float(self.area), "unitCode": "MTK"},
            "occupancy": {"@type": "QuantitativeValue", "maxValue": self.sleeping_places},
            "amenityFeature": [
                {"@type": "LocationFeatureSpecification", "name": amenity.name, "value": True}
                for amenity in self.amenity_list
            ],
        }
        if self.rooms:
            place["numberOfRooms"] = self.rooms
        if self.floor:
            place["floorLevel"] = str(self.floor)
        return place

    def offer_ld(self, url):
        price = str(self.price_per_night)
        return {
            "@type": "Offer",
            "@id": url + "#offer",
            "url": url,
            "itemOffered": {"@id": url + "#place"},
            "businessFunction": "http://purl.org/goodrelations/v1#LeaseOut",
            "price": price,
            "priceCurrency": "KZT",
            "availability": "https://schema.org/InStock" if self.is_active else "https://schema.org/OutOfStock",
            "priceSpecification": {
                "@type": "UnitPriceSpecification",
                "price": price,
                "priceCurrency": "KZT",
                "unitCode": "DAY",
                "referenceQuantity": {"@type": "QuantitativeValue", "value": 1, "unitCode": "DAY"},
            },
        }


class RentalPhoto(GalleryPhoto):
    """One photo of a property's gallery (at most six, each at most 7 MB)."""

    page = ParentalKey(RentalPropertyPage, on_delete=models.CASCADE, related_name="photos")
    caption = models.CharField(
        _("подпись"), max_length=150, blank=True, help_text=_("Что на фото, например «Спальня с видом на Байтерек».")
    )

    class Meta(Orderable.Meta):
        verbose_name = _("фото объекта")
        verbose_name_plural = _("фото объекта")

    def clean(self):
        super().clean()
        if not self.image_id:
            return
        size = self.image.file_size
        if size is None:
            size = self.image.get_file_size()
        if size and size > settings.UPLOAD_MAX_PHOTO_MB * 1024 * 1024:
            raise ValidationError(
                {
                    "image": _(
                        "Файл «%(name)s» весит %(size)s МБ, а можно не больше %(limit)d МБ. "
                        "Уменьшите фото и загрузите его снова."
                    )
                    % {
                        "name": PurePath(self.image.file.name).name,
                        "size": f"{size / 1024 / 1024:.1f}".replace(".", ","),
                        "limit": settings.UPLOAD_MAX_PHOTO_MB,
                    }
                }
            )
