"""What the API reads and writes. Reads are flat dicts of the listing's own fields and its reference data (already
joined by the list's queryset); writes go through the page's own validation (full_clean) in api/writes.py."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalog.filters import cached_choices
from catalog.models import (
    ApartmentPage,
    BodyType,
    CarAdPage,
    CarMake,
    CarModel,
    CarTrim,
    City,
    DriveType,
    FuelType,
    PaymentType,
    RentalPropertyPage,
    ResidentialComplexPage,
    Transmission,
)
from leads.models import LeadKind

MAX_BULK = 1000
MAX_ID = 2**31 - 1  # ids are 32-bit integers in the database


def id_field(**kwargs):
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class ReferenceIdField(serializers.PrimaryKeyRelatedField):
    """A reference list's row by id; an id past the database's integers is simply not found."""

    def to_internal_value(self, data):
        if isinstance(data, int) and not isinstance(data, bool) and not 1 <= data <= MAX_ID:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)


class ReferenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()


def reference(**kwargs):
    return ReferenceSerializer(read_only=True, **kwargs)


CAR_REFERENCES = {
    "make": CarMake,
    "model": CarModel,
    "trim": CarTrim,
    "body_type": BodyType,
    "fuel": FuelType,
    "transmission": Transmission,
    "drive": DriveType,
    "city": City,
}


def car_references():
    """{field: {id: {"id", "name", "slug"}}} of the car ads' reference lists, from the catalog's filter cache (one
    cache read; dropped with the filters' options whenever a reference list changes)."""

    def build():
        return {
            name: {row["id"]: row for row in model.objects.values("id", "name", "slug")}
            for name, model in CAR_REFERENCES.items()
        }

    return cached_choices("api:car-references", build)


REFERENCE_SCHEMA = {
    "type": "object",
    "properties": {"id": {"type": "integer"}, "name": {"type": "string"}, "slug": {"type": "string"}},
    "required": ["id", "name", "slug"],
}


@extend_schema_field(REFERENCE_SCHEMA)
class CachedReferenceField(serializers.Field):
    """A car ad's reference (make, model, ...) read from car_references() by its id: no join, no query."""

    def __init__(self, name, **kwargs):
        self.reference_name = name
        super().__init__(source=f"{name}_id", read_only=True, **kwargs)

    def to_representation(self, pk):
        references = self.context.get("car_references")
        if references is None:
            references = self.context["car_references"] = car_references()
        return references[self.reference_name].get(pk)


@extend_schema_field({**REFERENCE_SCHEMA, "nullable": True})
class NullableCachedReferenceField(CachedReferenceField):
    """The same for a reference an ad may lack (its trim); DRF gives None for a None id."""


class ImageUrlField(serializers.Field):
    """The original file's URL of an image (no rendition: nothing more to load per row)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_representation(self, image):
        request = self.context.get("request")
        url = image.file.url
        return request.build_absolute_uri(url) if request is not None else url


extend_schema_field({"type": "string", "format": "uri", "nullable": True})(ImageUrlField)


class PageUrlField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, page):
        return page.get_full_url(self.context.get("request"))


extend_schema_field({"type": "string", "format": "uri", "nullable": True})(PageUrlField)


# -- cars -------------------------------------------------------------------------------------------------------------


class CarAdSerializer(serializers.ModelSerializer):
    url = PageUrlField()
    make = CachedReferenceField("make")
    model = CachedReferenceField("model")
    trim = NullableCachedReferenceField("trim")
    body_type = CachedReferenceField("body_type")
    fuel = CachedReferenceField("fuel")
    transmission = CachedReferenceField("transmission")
    drive = CachedReferenceField("drive")
    city = CachedReferenceField("city")
    payment_types = reference(many=True)
    features = serializers.ListField(child=serializers.CharField(), source="feature_list", read_only=True)
    image = ImageUrlField(source="main_image")
    price = serializers.IntegerField()
    engine_volume = serializers.DecimalField(max_digits=3, decimal_places=1, allow_null=True, coerce_to_string=False)

    class Meta:
        model = CarAdPage
        fields = (
            "id",
            "title",
            "url",
            "make",
            "model",
            "trim",
            "year",
            "mileage",
            "price",
            "condition",
            "status",
            "body_type",
            "fuel",
            "transmission",
            "drive",
            "engine_volume",
            "engine_power",
            "colour",
            "vin",
            "city",
            "payment_types",
            "features",
            "description",
            "image",
            "first_published_at",
        )
        read_only_fields = fields


class CarAdWriteSerializer(serializers.ModelSerializer):
    """A dealer's ad. On update every field may be left out; the ad's own rules (make/model, new car's mileage,
    VIN) are checked as in the admin."""

    make = ReferenceIdField(queryset=CarMake.objects.all())
    model = ReferenceIdField(queryset=CarModel.objects.all())
    trim = ReferenceIdField(queryset=CarTrim.objects.all(), allow_null=True, required=False)
    body_type = ReferenceIdField(queryset=BodyType.objects.all())
    fuel = ReferenceIdField(queryset=FuelType.objects.all())
    transmission = ReferenceIdField(queryset=Transmission.objects.all())
    drive = ReferenceIdField(queryset=DriveType.objects.all())
    city = ReferenceIdField(queryset=City.objects.all())
    payment_types = ReferenceIdField(queryset=PaymentType.objects.all(), many=True, required=False)
    price = serializers.IntegerField(min_value=1, max_value=10**12 - 1)
    year = serializers.IntegerField(min_value=1950, max_value=2100)
    mileage = serializers.IntegerField(min_value=0, max_value=2_000_000, required=False)
    engine_power = serializers.IntegerField(min_value=1, max_value=2000, allow_null=True, required=False)
    engine_volume = serializers.DecimalField(
        max_digits=3,
        decimal_places=1,
        min_value=Decimal("0.5"),
        max_value=Decimal("9.9"),
        allow_null=True,
        required=False,
    )
    title = serializers.CharField(max_length=255, required=False, help_text=_("По умолчанию «Марка Модель, год»."))

    class Meta:
        model = CarAdPage
        fields = (
            "title",
            "make",
            "model",
            "trim",
            "year",
            "mileage",
            "price",
            "condition",
            "status",
            "body_type",
            "fuel",
            "transmission",
            "drive",
            "engine_volume",
            "engine_power",
            "colour",
            "vin",
            "city",
            "payment_types",
            "features",
            "description",
        )
        extra_kwargs = {
            "vin": {"validators": []},  # the page's clean() says it in Russian, with the other ad's title
            "colour": {"required": False},
            "features": {"required": False},
            "description": {"required": False},
        }


class CarStatusChangeSerializer(serializers.Serializer):
    STATUSES = (*CarAdPage.Status.values, "hidden")

    ids = serializers.ListField(
        child=id_field(),
        min_length=1,
        max_length=MAX_BULK,
        help_text=_("До 1000 объявлений."),
    )
    status = serializers.ChoiceField(
        choices=STATUSES, help_text=_("available, reserved, sold — статус; hidden — снять с публикации.")
    )


class CarStatusResultSerializer(serializers.Serializer):
    status = serializers.CharField()
    updated = serializers.ListField(child=serializers.IntegerField())


# -- new-builds (InBack) ----------------------------------------------------------------------------------------------


class ComplexSerializer(serializers.ModelSerializer):
    url = PageUrlField()
    developer = reference(allow_null=True)
    city = reference(allow_null=True)
    district = reference(allow_null=True)
    housing_class = reference(allow_null=True)
    image = ImageUrlField(source="main_image")
    price_min = serializers.IntegerField(allow_null=True)

    class Meta:
        model = ResidentialComplexPage
        fields = (
            "id",
            "title",
            "url",
            "developer",
            "city",
            "district",
            "housing_class",
            "address",
            "stage",
            "completion_year",
            "completion_quarter",
            "ready_year",
            "price_min",
            "available_count",
            "apartments_count",
            "image",
        )
        read_only_fields = fields


class ApartmentSerializer(serializers.ModelSerializer):
    url = PageUrlField()
    complex = serializers.IntegerField(source="complex_id", allow_null=True)
    building = serializers.IntegerField(source="building_id", allow_null=True)
    area = serializers.DecimalField(max_digits=7, decimal_places=2, coerce_to_string=False)
    price = serializers.IntegerField()

    class Meta:
        model = ApartmentPage
        fields = (
            "id",
            "title",
            "url",
            "complex",
            "building",
            "section",
            "floor",
            "number",
            "rooms",
            "area",
            "price",
            "status",
            "finishing",
            "description",
        )
        read_only_fields = fields


class ApartmentWriteSerializer(serializers.Serializer):
    number = serializers.IntegerField(min_value=1, max_value=100_000, help_text=_("Номер квартиры в комплексе."))
    building = id_field(help_text=_("Корпус этого комплекса (id)."))
    section = serializers.IntegerField(min_value=1, max_value=100, required=False)
    floor = serializers.IntegerField(min_value=1, max_value=200)
    rooms = serializers.IntegerField(min_value=0, max_value=10)
    area = serializers.DecimalField(max_digits=7, decimal_places=2, min_value=Decimal(10), max_value=Decimal(10_000))
    price = serializers.IntegerField(min_value=1, max_value=10**12 - 1)
    status = serializers.ChoiceField(choices=ApartmentPage.Status.choices, required=False)
    finishing = serializers.ChoiceField(choices=ApartmentPage.Finishing.choices, required=False)
    description = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class ApartmentUploadSerializer(serializers.Serializer):
    complex = id_field(help_text=_("Жилой комплекс застройщика."))
    items = ApartmentWriteSerializer(many=True, min_length=1, max_length=500)


class PriceItemSerializer(serializers.Serializer):
    id = id_field()
    price = serializers.IntegerField(min_value=1, max_value=10**12 - 1)


class PriceUpdateSerializer(serializers.Serializer):
    items = PriceItemSerializer(many=True, min_length=1, max_length=MAX_BULK)


class ApartmentUploadResultSerializer(serializers.Serializer):
    created = serializers.ListField(child=serializers.IntegerField())
    updated = serializers.ListField(child=serializers.IntegerField())
    published = serializers.BooleanField()


class PriceUpdateResultSerializer(serializers.Serializer):
    updated = serializers.ListField(child=serializers.IntegerField())


# -- rentals (ЖильеGO) ------------------------------------------------------------------------------------------------


class RentalSerializer(serializers.ModelSerializer):
    url = PageUrlField()
    city = reference()
    district = reference(allow_null=True)
    housing_class = reference(allow_null=True)
    property_type = reference(allow_null=True)
    area = serializers.DecimalField(max_digits=7, decimal_places=2, coerce_to_string=False, allow_null=True)
    price_per_night = serializers.IntegerField()
    rating_avg = serializers.DecimalField(max_digits=3, decimal_places=2, coerce_to_string=False, allow_null=True)
    image = ImageUrlField(source="main_image")

    class Meta:
        model = RentalPropertyPage
        fields = (
            "id",
            "title",
            "url",
            "city",
            "district",
            "housing_class",
            "property_type",
            "rooms",
            "floor",
            "total_floors",
            "area",
            "sleeping_places",
            "price_per_night",
            "rating_avg",
            "rating_count",
            "check_in_time",
            "check_out_time",
            "image",
        )
        read_only_fields = fields


class BusyNightSerializer(serializers.Serializer):
    date = serializers.DateField()
    state = serializers.CharField(help_text=_("booked — занято гостем, blocked — закрыто владельцем."))


class AvailabilitySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    start = serializers.DateField()
    end = serializers.DateField()
    available = serializers.BooleanField(help_text=_("Все ночи с start до end (не включая end) свободны."))
    busy = BusyNightSerializer(many=True)


# -- leads ------------------------------------------------------------------------------------------------------------


class LeadCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[c for c in LeadKind.choices if c[0] != LeadKind.TEST_DRIVE])
    name = serializers.CharField(max_length=150)
    phone = serializers.CharField(max_length=30, help_text="+7 900 123-45-67")
    email = serializers.EmailField(required=False, allow_blank=True)
    message = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    listing = id_field(required=False, allow_null=True, help_text=_("id объекта."))
    slot = serializers.CharField(
        required=False, allow_blank=True, max_length=40, help_text=_("Время просмотра (ISO 8601) из свободных.")
    )
    preferred_time = serializers.DateTimeField(required=False, allow_null=True)
    consent = serializers.BooleanField(help_text=_("Согласие на обработку персональных данных (152-ФЗ)."))
    utm = serializers.DictField(child=serializers.CharField(max_length=200), required=False)


class TestDriveCreateSerializer(serializers.Serializer):
    car = id_field(help_text=_("id объявления."))
    name = serializers.CharField(max_length=150)
    phone = serializers.CharField(max_length=30)
    email = serializers.EmailField(required=False, allow_blank=True)
    message = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    slot = serializers.CharField(
        required=False, allow_blank=True, max_length=40, help_text=_("Время тест-драйва (ISO 8601) из свободных.")
    )
    consent = serializers.BooleanField()
    utm = serializers.DictField(child=serializers.CharField(max_length=200), required=False)


class LeadResultSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=_("Номер заявки."))
    created = serializers.BooleanField(help_text=_("false — обращение добавлено к открытой заявке этого телефона."))
    appointment = serializers.DateTimeField(allow_null=True)
