"""Reference data shared by the listings: places, classes, types, makes and models."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

__all__ = [
    "Amenity",
    "BodyType",
    "BusinessCategory",
    "CarMake",
    "CarModel",
    "CarTrim",
    "City",
    "Developer",
    "District",
    "DriveType",
    "FuelType",
    "HousingClass",
    "PaymentType",
    "PropertyType",
    "ReferenceItem",
    "Transmission",
    "label_expression",
]


class ReferenceItem(models.Model):
    """A named entry of a list editors maintain; `slug` is what filters put in URLs."""

    name = models.CharField(_("название"), max_length=100, help_text=_("Как показывать на сайте."))
    name_kk = models.CharField(
        _("название (kk)"), max_length=100, blank=True, help_text=_("На казахском; пусто — как по-русски.")
    )
    name_en = models.CharField(
        _("название (en)"), max_length=100, blank=True, help_text=_("На английском; пусто — как по-русски.")
    )
    slug = models.SlugField(_("код"), max_length=100, help_text=_("Латиницей, для адресов и фильтров."))
    sort_order = models.PositiveSmallIntegerField(_("порядок"), default=0, help_text=_("Меньше — выше в списках."))

    panels: ClassVar[list] = [
        FieldPanel("name"),
        FieldPanel("name_kk"),
        FieldPanel("name_en"),
        FieldPanel("slug"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        abstract = True
        ordering: ClassVar[list] = ["sort_order", "name"]

    def __str__(self):
        return self.label

    @property
    def label(self):
        """The name in the active language (the Russian one where no translation is filled in)."""
        language = active_language()
        if language in TRANSLATED_LANGUAGES:
            return getattr(self, f"name_{language}") or self.name
        return self.name


TRANSLATED_LANGUAGES = ("kk", "en")


def active_language():
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


def label_expression(prefix=""):
    """The reference name in the active language, for values_list() and order_by(): `name_kk` or `name_en` when
    filled in, else `name`; `prefix` reaches it through a relation ("city__")."""
    language = active_language()
    name = F(f"{prefix}name")
    if language not in TRANSLATED_LANGUAGES:
        return name
    return Coalesce(NullIf(F(f"{prefix}name_{language}"), Value("")), name)


def unique_slug(model_name, *scope):
    return models.UniqueConstraint(fields=[*scope, "slug"], name=f"unique_{model_name}_slug")


class City(ReferenceItem):
    country = models.CharField(_("страна"), max_length=2, default="RU", help_text=_("Код страны: RU, KZ."))

    panels: ClassVar[list] = [*ReferenceItem.panels, FieldPanel("country")]

    class Meta(ReferenceItem.Meta):
        verbose_name = _("город")
        verbose_name_plural = _("города")
        constraints: ClassVar[list] = [unique_slug("city")]


class District(ReferenceItem):
    city = models.ForeignKey(City, verbose_name=_("город"), on_delete=models.CASCADE, related_name="districts")

    panels: ClassVar[list] = [FieldPanel("city"), *ReferenceItem.panels]

    class Meta(ReferenceItem.Meta):
        verbose_name = _("район")
        verbose_name_plural = _("районы")
        constraints: ClassVar[list] = [unique_slug("district", "city")]


class Amenity(ReferenceItem):
    class Meta(ReferenceItem.Meta):
        verbose_name = _("удобство")
        verbose_name_plural = _("удобства")
        constraints: ClassVar[list] = [unique_slug("amenity")]


class HousingClass(ReferenceItem):
    class Meta(ReferenceItem.Meta):
        verbose_name = _("класс жилья")
        verbose_name_plural = _("классы жилья")
        constraints: ClassVar[list] = [unique_slug("housingclass")]


class PropertyType(ReferenceItem):
    has_rooms = models.BooleanField(
        _("есть комнаты"), default=True, help_text=_("Показывать фильтр по числу комнат (нет — для хостела).")
    )

    panels: ClassVar[list] = [*ReferenceItem.panels, FieldPanel("has_rooms")]

    class Meta(ReferenceItem.Meta):
        verbose_name = _("тип жилья")
        verbose_name_plural = _("типы жилья")
        constraints: ClassVar[list] = [unique_slug("propertytype")]


class Developer(ReferenceItem):
    website = models.URLField(_("сайт"), blank=True, help_text=_("Официальный сайт застройщика."))
    description = models.TextField(_("описание"), blank=True, help_text=_("Пара фраз о застройщике."))
    logo = models.ForeignKey(
        "images.CustomImage",
        verbose_name=_("логотип"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Квадратный логотип."),
    )

    panels: ClassVar[list] = [
        *ReferenceItem.panels,
        FieldPanel("website"),
        FieldPanel("description"),
        FieldPanel("logo"),
    ]

    class Meta(ReferenceItem.Meta):
        verbose_name = _("застройщик")
        verbose_name_plural = _("застройщики")
        constraints: ClassVar[list] = [unique_slug("developer")]


class CarMake(ReferenceItem):
    class Meta(ReferenceItem.Meta):
        verbose_name = _("марка")
        verbose_name_plural = _("марки")
        constraints: ClassVar[list] = [unique_slug("carmake")]


class CarModel(ReferenceItem):
    make = models.ForeignKey(CarMake, verbose_name=_("марка"), on_delete=models.CASCADE, related_name="models")

    panels: ClassVar[list] = [FieldPanel("make"), *ReferenceItem.panels]

    class Meta(ReferenceItem.Meta):
        verbose_name = _("модель")
        verbose_name_plural = _("модели")
        constraints: ClassVar[list] = [unique_slug("carmodel", "make")]

    def __str__(self):
        return f"{self.make.label} {self.label}"


class CarTrim(ReferenceItem):
    model = models.ForeignKey(CarModel, verbose_name=_("модель"), on_delete=models.CASCADE, related_name="trims")

    panels: ClassVar[list] = [FieldPanel("model"), *ReferenceItem.panels]

    class Meta(ReferenceItem.Meta):
        verbose_name = _("комплектация")
        verbose_name_plural = _("комплектации")
        constraints: ClassVar[list] = [unique_slug("cartrim", "model")]


class BodyType(ReferenceItem):
    class Meta(ReferenceItem.Meta):
        verbose_name = _("тип кузова")
        verbose_name_plural = _("типы кузова")
        constraints: ClassVar[list] = [unique_slug("bodytype")]


class FuelType(ReferenceItem):
    class Meta(ReferenceItem.Meta):
        verbose_name = _("топливо")
        verbose_name_plural = _("виды топлива")
        constraints: ClassVar[list] = [unique_slug("fueltype")]


class Transmission(ReferenceItem):
    class Meta(ReferenceItem.Meta):
        verbose_name = _("коробка передач")
        verbose_name_plural = _("коробки передач")
        constraints: ClassVar[list] = [unique_slug("transmission")]


class DriveType(ReferenceItem):
    class Meta(ReferenceItem.Meta):
        verbose_name = _("привод")
        verbose_name_plural = _("приводы")
        constraints: ClassVar[list] = [unique_slug("drivetype")]


class PaymentType(ReferenceItem):
    class Meta(ReferenceItem.Meta):
        verbose_name = _("способ оплаты")
        verbose_name_plural = _("способы оплаты")
        constraints: ClassVar[list] = [unique_slug("paymenttype")]


class BusinessCategory(ReferenceItem):
    class Meta(ReferenceItem.Meta):
        verbose_name = _("категория бизнеса")
        verbose_name_plural = _("категории бизнеса")
        constraints: ClassVar[list] = [unique_slug("businesscategory")]
