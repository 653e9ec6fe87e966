"""Avtofamily: car ads (make/model/trim, specs, VIN, gallery, status) and the filterable list of them."""

import re
from contextvars import ContextVar
from typing import ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from catalog.models.base import GalleryPhoto, ListingIndexPage, ListingPage
from catalog.reference_data import slug_for
from core.renditions import card_renditions
from core.restrictions import public_q

__all__ = [
    "CarAdPage",
    "CarAdPhoto",
    "CarIndexPage",
    "VINField",
    "normalize_vin",
    "validate_vin",
]

FIRST_YEAR = 1950
NEW_CAR_MAX_MILEAGE = 100  # km a car may have run (delivery, test drives) and still be sold as new
VIN_LENGTH = 17
VIN_ALPHABET = set("ABCDEFGHJKLMNPRSTUVWXYZ0123456789")  # Latin letters and digits without I, O, Q
ELECTRIC_FUEL_SLUG = slug_for("Электро")
# Set while the import saves a row it has validated (catalog.car_import): add_child, the revision and the publication
# would each validate the page again, some queries every time, for 10 000 ads.
already_validated = ContextVar("car_ad_already_validated", default=False)
# Set while the import validates a row: it knows every VIN of the site (one query per file), so clean() need not ask.
vin_checked = ContextVar("car_ad_vin_checked", default=False)


def next_year():
    return timezone.localdate().year + 1


# -- VIN ---------------------------------------------------------------------


def normalize_vin(value):
    """Upper case, without spaces and dashes: «wba 3a5c5-5df» -> «WBA3A5C55DF»."""
    return re.sub(r"[\s\-]+", "", value or "").upper()


def validate_vin(value):
    """17 characters, Latin letters and digits except I, O and Q (ISO 3779). The check digit is not verified."""
    if not value:
        return
    cyrillic = sorted({char for char in value if "А" <= char <= "я" or char in "Ёё"})
    if cyrillic:
        raise ValidationError(
            _("VIN пишется латиницей, а в нём есть русские буквы: %(chars)s. Переключите раскладку."),
            code="vin_cyrillic",
            params={"chars": ", ".join(cyrillic)},
        )
    forbidden = sorted(set(value) & set("IOQ"))
    if forbidden:
        raise ValidationError(
            _("В VIN не бывает букв I, O и Q (их легко спутать с 1 и 0): проверьте %(chars)s."),
            code="vin_forbidden_letters",
            params={"chars": ", ".join(forbidden)},
        )
    other = sorted(set(value) - VIN_ALPHABET)
    if other:
        raise ValidationError(
            _("В VIN допустимы только латинские буквы и цифры, лишние символы: %(chars)s."),
            code="vin_characters",
            params={"chars": " ".join(other)},
        )
    if len(value) != VIN_LENGTH:
        raise ValidationError(
            _("В VIN ровно 17 символов, а введено %(count)s."),
            code="vin_length",
            params={"count": len(value)},
        )


class VINFormField(forms.CharField):
    def to_python(self, value):
        return normalize_vin(super().to_python(value))


class VINField(models.CharField):
    """A VIN, stored normalised (upper case, no spaces); what editors paste with spaces is accepted."""

    default_validators: ClassVar[list] = [validate_vin]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", VIN_LENGTH)
        super().__init__(*args, **kwargs)
        # validate_vin reports a wrong length in its own words; the generic max_length message would repeat it.
        self.validators[:] = [v for v in self.validators if not isinstance(v, MaxLengthValidator)]

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("max_length") == VIN_LENGTH:
            del kwargs["max_length"]
        return name, path, args, kwargs

    def to_python(self, value):
        return normalize_vin(super().to_python(value))

    def formfield(self, **kwargs):
        # No max_length on the form field: «XW8 ZZZ 61Z...» with spaces is longer, and is fine once normalised.
        return super().formfield(**{"form_class": VINFormField, **kwargs, "max_length": None})


# -- pages -------------------------------------------------------------------


class CarIndexPageManager(PageManager):
    def get_queryset(self):
        return super().get_queryset().select_related("locale")  # read by the JSON-LD of every request


class CarIndexPage(ListingIndexPage):
    """The list of car ads with filters and sorting; sold cars only when asked for. A partner dealer's catalog is a
    CarIndexPage inside the brand's (dealers.Dealer.root_page), so the brand's list shows every dealer's ads too."""

    sort_options: ClassVar[dict] = {
        "newest": (_("Новые объявления"), [F("first_published_at").desc(nulls_last=True), "-pk"]),
        "price": (_("Сначала дешевле"), ["price", "pk"]),
        "-price": (_("Сначала дороже"), ["-price", "pk"]),
        "-year": (_("Год выпуска: новее"), ["-year", "price", "pk"]),
        "mileage": (_("Пробег: меньше"), ["mileage", "pk"]),
    }
    default_sort = "newest"

    objects = CarIndexPageManager()

    parent_page_types: ClassVar[list] = ["home.HomePage", "catalog.CarIndexPage"]
    subpage_types: ClassVar[list] = ["catalog.CarAdPage", "catalog.CarIndexPage"]
    template = "catalog/cars/car_index_page.html"

    class Meta:
        verbose_name = _("каталог автомобилей")
        verbose_name_plural = _("каталоги автомобилей")

    @property
    def filterset_class(self):
        from catalog.filters.cars import CarAdFilterSet

        return CarAdFilterSet

    def listings(self):
        ads = CarAdPage.objects.descendant_of(self).live().filter(public_q())
        return ads.prefetch_related(card_renditions())

    # The heading when the list is narrowed to one condition: a list of new cars is not titled «с пробегом».
    CONDITION_HEADINGS: ClassVar[dict] = {"new": _("Новые автомобили"), "used": _("Автомобили с пробегом")}
    condition_heading = ""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        condition = context["filter"].form.cleaned_data.get("condition") if context["filter"].is_valid() else ""
        self.condition_heading = str(self.CONDITION_HEADINGS.get(condition, ""))
        context["heading"] = self.condition_heading or self.title
        context["condition"] = condition or ""
        context["condition_tabs"] = [("", _("Все автомобили")), *self.CONDITION_HEADINGS.items()]
        return context

    @property
    def seo_pagetitle(self):
        if self.condition_heading and not self.seo_title:
            return self.condition_heading
        return super().seo_pagetitle

    def child_route_queryset(self):
        return CarAdPage.objects.all()  # its manager brings the reference data


class CarAdQuerySet(PageQuerySet):
    def delete(self, *args, **kwargs):
        # Treebeard's delete reads .only("path", "depth", "numchild"), which the manager's joins refuse (FieldError:
        # deleting a car ad answered 500).
        return super(CarAdQuerySet, self.select_related(None)).delete(*args, **kwargs)


class CarAdPageManager(PageManager.from_queryset(CarAdQuerySet)):
    """Car ads always come with their reference data: one query for the card or the detail page."""

    def get_queryset(self):
        return super().get_queryset().select_related(*CarAdPage.RELATED)


class CarAdPage(ListingPage):
    """One car for sale."""

    RELATED = ("make", "model", "trim", "body_type", "fuel", "transmission", "drive", "city", "main_image", "locale")

    class Condition(models.TextChoices):
        NEW = "new", _("Новый")
        USED = "used", _("С пробегом")

    class Status(models.TextChoices):
        AVAILABLE = "available", _("В продаже")
        RESERVED = "reserved", _("Забронирован")
        SOLD = "sold", _("Продан")

    make = models.ForeignKey(
        "catalog.CarMake",
        verbose_name=_("марка"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Марка автомобиля из справочника."),
    )
    model = models.ForeignKey(
        "catalog.CarModel",
        verbose_name=_("модель"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Модель выбранной марки."),
    )
    trim = models.ForeignKey(
        "catalog.CarTrim",
        verbose_name=_("комплектация"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Комплектация выбранной модели, если известна."),
    )
    year = models.PositiveSmallIntegerField(
        _("год выпуска"),
        validators=[
            MinValueValidator(FIRST_YEAR, _("Год выпуска не раньше %(limit_value)s.")),
            MaxValueValidator(next_year, _("Год выпуска не позже %(limit_value)s.")),
        ],
        help_text=_("Год выпуска по ПТС."),
    )
    mileage = models.PositiveIntegerField(
        _("пробег, км"),
        default=0,
        help_text=_("По одометру. У нового автомобиля — не больше 100 км."),
    )
    price = models.DecimalField(
        _("цена, ₽"),
        max_digits=12,
        decimal_places=0,
        validators=[MinValueValidator(1, _("Цена должна быть больше нуля."))],
        help_text=_("Цена в рублях."),
    )
    body_type = models.ForeignKey(
        "catalog.BodyType",
        verbose_name=_("кузов"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Тип кузова."),
    )
    fuel = models.ForeignKey(
        "catalog.FuelType",
        verbose_name=_("топливо"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Вид топлива."),
    )
    transmission = models.ForeignKey(
        "catalog.Transmission",
        verbose_name=_("коробка передач"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Тип коробки передач."),
    )
    drive = models.ForeignKey(
        "catalog.DriveType",
        verbose_name=_("привод"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Передний, задний или полный."),
    )
    engine_volume = models.DecimalField(
        _("объём двигателя, л"),
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(0.5, _("Объём двигателя не меньше 0,5 л.")),
            MaxValueValidator(9.9, _("Объём двигателя не больше 9,9 л.")),
        ],
        help_text=_("В литрах, например 1,6. У электромобиля оставьте пустым."),
    )
    engine_power = models.PositiveSmallIntegerField(
        _("мощность, л.с."),
        null=True,
        blank=True,
        validators=[
            MinValueValidator(1, _("Мощность должна быть больше нуля.")),
            MaxValueValidator(2000, _("Мощность не больше 2000 л.с.")),
        ],
        help_text=_("В лошадиных силах, как в ПТС."),
    )
    colour = models.CharField(_("цвет"), max_length=50, blank=True, help_text=_("Например, «белый перламутр»."))
    vin = VINField(
        _("VIN"),
        help_text=_("17 символов: латинские буквы (кроме I, O, Q) и цифры. Пробелы уберём сами."),
    )
    external_id = models.CharField(
        _("код у дилера"),
        max_length=64,
        blank=True,
        db_index=True,
        help_text=_(
            "Номер объявления в учётной системе дилера: по нему повторная загрузка файла обновит это объявление."
        ),
    )
    city = models.ForeignKey(
        "catalog.City",
        verbose_name=_("город"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Где стоит автомобиль."),
    )
    condition = models.CharField(
        _("состояние"),
        max_length=10,
        choices=Condition.choices,
        default=Condition.USED,
        help_text=_("«Новый» — только с пробегом до 100 км."),
    )
    status = models.CharField(
        _("статус"),
        max_length=10,
        choices=Status.choices,
        default=Status.AVAILABLE,
        db_index=True,
        help_text=_("Проданные остаются на сайте с пометкой «Продан», но по умолчанию не показываются в списке."),
    )
    features = models.TextField(
        _("опции"),
        blank=True,
        help_text=_("По одной опции в строке: «Подогрев сидений», «Камера заднего вида»…"),
    )
    description = models.TextField(
        _("описание"), blank=True, help_text=_("История автомобиля, состояние, что сделано из обслуживания.")
    )
    payment_types = ParentalManyToManyField(
        "catalog.PaymentType",
        verbose_name=_("способы оплаты"),
        blank=True,
        related_name="+",
        help_text=_("Как можно оплатить автомобиль."),
    )

    objects = CarAdPageManager()

    content_panels: ClassVar[list] = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("make"), FieldPanel("model"), FieldPanel("trim")]),
                FieldRowPanel([FieldPanel("vin"), FieldPanel("external_id")]),
            ],
            _("Автомобиль"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("year"), FieldPanel("mileage"), FieldPanel("condition")]),
                FieldRowPanel([FieldPanel("body_type"), FieldPanel("colour")]),
                FieldRowPanel([FieldPanel("engine_volume"), FieldPanel("engine_power"), FieldPanel("fuel")]),
                FieldRowPanel([FieldPanel("transmission"), FieldPanel("drive")]),
            ],
            _("Характеристики"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("price"), FieldPanel("status"), FieldPanel("city")]),
                FieldPanel("payment_types", widget=forms.CheckboxSelectMultiple),
            ],
            _("Продажа"),
        ),
        FieldPanel("main_image"),
        InlinePanel("gallery_images", label=_("Фотографии")),
        FieldPanel("features"),
        FieldPanel("description"),
    ]
    search_fields: ClassVar[list] = [*Page.search_fields, index.SearchField("description")]
    parent_page_types: ClassVar[list] = ["catalog.CarIndexPage"]
    subpage_types: ClassVar[list] = []
    # a copy is another car: its VIN (and the dealer's id) must be entered anew
    exclude_fields_in_copy: ClassVar[list] = ["vin", "external_id"]
    seo_description_sources: ClassVar[list] = ["search_description", "summary"]
    schema_org_type = "Car"
    template = "catalog/cars/car_ad_page.html"

    class Meta:
        verbose_name = _("объявление об автомобиле")
        verbose_name_plural = _("объявления об автомобилях")
        # The sorts of the list and the API: price, newest year, least mileage (the pk breaks ties).
        indexes: ClassVar[list] = [
            models.Index(fields=["price"], name="carad_price_idx"),
            models.Index(fields=["-year", "-page_ptr"], name="carad_year_idx"),
            models.Index(fields=["mileage", "page_ptr"], name="carad_mileage_idx"),
        ]
        constraints: ClassVar[list] = [
            models.UniqueConstraint(fields=["vin"], condition=~Q(vin=""), name="unique_carad_vin"),
        ]

    # -- validation ----------------------------------------------------------

    def clean(self):
        super().clean()
        errors = {}
        if self.model_id and self.make_id and self.model.make_id != self.make_id:
            errors["model"] = _("Модель «%(model)s» не относится к марке «%(make)s».") % {
                "model": self.model.name,
                "make": self.make.name,
            }
        if self.trim_id and self.model_id and self.trim.model_id != self.model_id:
            errors["trim"] = _("Комплектация «%(trim)s» — не от модели «%(model)s».") % {
                "trim": self.trim.name,
                "model": self.model.name,
            }
        if self.condition == self.Condition.NEW and (self.mileage or 0) > NEW_CAR_MAX_MILEAGE:
            errors["mileage"] = _(
                "У нового автомобиля пробег не больше %(limit)s км. Исправьте пробег или выберите «С пробегом»."
            ) % {"limit": NEW_CAR_MAX_MILEAGE}
        if self.engine_volume and self.fuel_id and self.fuel.slug == ELECTRIC_FUEL_SLUG:
            errors["engine_volume"] = _("У электромобиля нет объёма двигателя — оставьте поле пустым.")
        if self.vin and not vin_checked.get():
            duplicate = CarAdPage.objects.filter(vin=self.vin).exclude(pk=self.pk).values("title").first()
            if duplicate:
                errors["vin"] = _("Автомобиль с VIN %(vin)s уже есть на сайте: «%(title)s».") % {
                    "vin": self.vin,
                    "title": duplicate["title"],
                }
        if errors:
            raise ValidationError(errors)

    def full_clean(self, *args, exclude=None, **kwargs):
        if already_validated.get():
            return None
        if not self.vin and (self._state.adding or not self.live):
            # A copy of an ad (its VIN is not copied) or an unfinished draft; the admin form still asks for a VIN.
            exclude = {*(exclude or ()), "vin"}
        return super().full_clean(*args, exclude=exclude, **kwargs)

    def save(self, *args, **kwargs):
        if self.main_image_id is None:
            first_photo = self.gallery_images.first()
            if first_photo is not None:
                self.main_image_id = first_photo.image_id
        return super().save(*args, **kwargs)

    def get_translations(self, inclusive=False):
        # Without the manager's joins: the admin's edit view asks for .only("id", "locale"), which cannot
        # defer a joined relation (FieldError, so the edit form of a car ad answered 500).
        return super().get_translations(inclusive).select_related(None)

    # -- display -------------------------------------------------------------

    @property
    def name(self):
        """«Toyota Camry, 2019»."""
        return f"{self.make.label} {self.model.label}, {self.year}"

    @property
    def engine(self):
        """«2,5 л / 181 л.с.» (or only the part that is known)."""
        parts = []
        if self.engine_volume:
            parts.append(f"{self.engine_volume:.1f}".replace(".", ",") + " " + str(_("л")))
        if self.engine_power:
            parts.append(f"{self.engine_power} " + str(_("л.с.")))
        return " / ".join(parts)

    @property
    def spec_line(self):
        """The short line of a card: engine, transmission, fuel."""
        return " · ".join(
            part for part in [self.engine, self.transmission.label.lower(), self.fuel.label.lower()] if part
        )

    @property
    def summary(self):
        """A description for search engines when the editor wrote none."""
        price = f"{self.price:,.0f}".replace(",", " ")
        return _("%(name)s г., пробег %(mileage)s км, %(spec)s. %(city)s, цена %(price)s ₽.") % {
            "name": self.name,
            "mileage": f"{self.mileage:,}".replace(",", " "),
            "spec": self.spec_line,
            "city": self.city.label,
            "price": price,
        }

    @cached_property
    def feature_list(self):
        return [line.strip(" \t-•") for line in self.features.splitlines() if line.strip(" \t-•")]

    @property
    def is_sold(self):
        return self.status == self.Status.SOLD

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Renditions come from Wagtail's renditions cache, as for the other pages' images.
        photos = list(self.gallery_images.select_related("image").prefetch_related("image__renditions"))
        if self.main_image_id and all(photo.image_id != self.main_image_id for photo in photos):
            photos.insert(0, CarAdPhoto(image=self.main_image))  # the main photo first, also when not in the gallery
        context["photos"] = photos
        context["payment_types"] = self.payment_types.all()
        return context

    # -- JSON-LD -------------------------------------------------------------

    AVAILABILITY: ClassVar[dict] = {
        Status.AVAILABLE: "https://schema.org/InStock",
        Status.RESERVED: "https://schema.org/LimitedAvailability",
        Status.SOLD: "https://schema.org/SoldOut",
    }
    CONDITION: ClassVar[dict] = {
        Condition.NEW: "https://schema.org/NewCondition",
        Condition.USED: "https://schema.org/UsedCondition",
    }
    DRIVE_WHEELS: ClassVar[dict] = {
        slug_for("Передний"): "https://schema.org/FrontWheelDriveConfiguration",
        slug_for("Задний"): "https://schema.org/RearWheelDriveConfiguration",
        slug_for("Полный"): "https://schema.org/AllWheelDriveConfiguration",
    }

    def ld_entity(self, request):
        node = super().ld_entity(request)
        for creative_work_only in ("inLanguage", "dateModified"):  # a Car is a Product, not a CreativeWork
            node.pop(creative_work_only, None)
        node.update(
            {
                "brand": {"@type": "Brand", "name": self.make.name},
                "model": self.model.name,
                "vehicleModelDate": str(self.year),
                "mileageFromOdometer": {
                    "@type": "QuantitativeValue",
                    "value": self.mileage,
                    "unitCode": "KMT",
                    "unitText": "км",
                },
                "bodyType": self.body_type.name,
                "fuelType": self.fuel.name,
                "vehicleTransmission": self.transmission.name,
                "driveWheelConfiguration": self.DRIVE_WHEELS.get(self.drive.slug, self.drive.name),
                "itemCondition": self.CONDITION[self.condition],
                "offers": {
                    "@type": "Offer",
                    "url": self.seo_canonical_url,
                    "price": str(self.price),
                    "priceCurrency": "RUB",
                    "availability": self.AVAILABILITY[self.status],
                    "itemCondition": self.CONDITION[self.condition],
                    "seller": {"@id": f"{self.get_site().root_url}/#organization"},
                    "availableAtOrFrom": {
                        "@type": "Place",
                        "address": {"@type": "PostalAddress", "addressLocality": self.city.name},
                    },
                },
            }
        )
        if self.vin:
            node["vehicleIdentificationNumber"] = self.vin
        if self.trim_id:
            node["vehicleConfiguration"] = self.trim.name
        if self.colour:
            node["color"] = self.colour
        engine = {}
        if self.engine_volume:
            engine["engineDisplacement"] = {
                "@type": "QuantitativeValue",
                "value": float(self.engine_volume),
                "unitCode": "LTR",
            }
        if self.engine_power:
            engine["enginePower"] = {"@type": "QuantitativeValue", "value": self.engine_power, "unitCode": "N12"}
        if engine:
            node["vehicleEngine"] = {"@type": "EngineSpecification", **engine}
        if self.seo_image_url:
            node["image"] = self.seo_image_url
        return node


class CarAdPhoto(GalleryPhoto):
    page = ParentalKey(CarAdPage, on_delete=models.CASCADE, related_name="gallery_images")
    caption = models.CharField(_("подпись"), max_length=200, blank=True, help_text=_("Например, «Салон»."))

    class Meta(Orderable.Meta):
        verbose_name = _("фото")
        verbose_name_plural = _("фотографии")
