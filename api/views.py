"""API v1 views: thin; the reads are the catalog's querysets and filter sets, the writes api/writes.py and the
leads' intake. Every list is one page of a cursor and makes the same number of queries for 1 row or 100."""

from datetime import timedelta

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_filters import BooleanFilter
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, generics, status
from rest_framework.decorators import api_view, permission_classes
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.models import Site

from api import content, idempotency, writes
from api import serializers as s
from api.filters import ApiApartmentFilterSet, ApiComplexFilterSet
from api.models import Scope
from bookings.availability import busy_nights
from catalog.filters.cars import CarAdFilterSet
from catalog.filters.rentals import RentalFilterSet
from catalog.models import ApartmentPage, CarAdPage, PaymentType, RentalPropertyPage, ResidentialComplexPage
from core.http import client_ip
from leads import ratelimit as lead_limits
from leads.forms import LeadForm
from leads.intake import LeadRequest, book_chosen_slot, clean_utm, kinds_for, submit_lead
from leads.models import LeadKind
from leads.views import find_listing

SEARCH_LIMIT = 1000  # the best matches a full-text search narrows a list to
MAX_NIGHTS = 366

IDEMPOTENCY = OpenApiParameter(
    idempotency.HEADER,
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="Повтор запроса с тем же ключом и телом вернёт первый ответ; с другим телом — ошибку 422.",
)


class HasScope(BasePermission):
    """A write needs an API key with the view's scope; what rows it may touch the owner's page permissions say."""

    def has_permission(self, request, view):
        scope = getattr(view, "required_scope", None)
        if scope is None or request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        if request.auth is None:
            raise exceptions.NotAuthenticated(_("Нужен ключ API: заголовок «Authorization: Api-Key <ключ>»."))
        if not request.auth.has_scope(scope):
            raise exceptions.PermissionDenied(_("У ключа нет права «%(scope)s».") % {"scope": scope})
        return True


class SortedCursorPagination(CursorPagination):
    """A cursor over the list's `sort` (the site's sort keys); `page_size` up to 100."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    sorts: dict = {}
    default_sort = ""

    def get_page_size(self, request):
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        if not value.isdigit() or not 1 <= int(value) <= self.max_page_size:
            raise exceptions.ValidationError({"page_size": [_("Размер страницы — целое число от 1 до 100.")]})
        return int(value)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
        return parameters

    def get_ordering(self, request, queryset, view):
        sort = request.query_params.get("sort") or view.default_sort
        if sort not in view.sorts:
            raise exceptions.ValidationError({"sort": [_("Неизвестная сортировка: %(sort)s.") % {"sort": sort[:40]}]})
        return view.sorts[sort]


def sort_parameter(view):
    return OpenApiParameter(
        "sort", OpenApiTypes.STR, enum=list(view.sorts), default=view.default_sort, description="Сортировка."
    )


class CatalogListView(generics.ListAPIView):
    """A list over the site's filter set. Stricter than the site's form, which ignores what it cannot read: an
    empty parameter or a yes/no that is neither true nor false is an error here."""

    pagination_class = SortedCursorPagination
    filter_backends = (DjangoFilterBackend,)
    permission_classes = ()

    def filter_queryset(self, queryset):
        errors = {}
        for name, filter_ in self.filterset_class.base_filters.items():
            values = self.request.query_params.getlist(name)
            if any(value == "" for value in values):
                errors[name] = [_("Пустое значение: уберите параметр из запроса или укажите значение.")]
            elif isinstance(filter_, BooleanFilter) and any(v.lower() not in ("true", "false") for v in values):
                errors[name] = [_("Ожидается true или false.")]
        if errors:
            raise exceptions.ValidationError(errors)
        return super().filter_queryset(queryset)


# -- cars -------------------------------------------------------------------------------------------------------------


def car_ads(request):
    """The site's live ads. Their reference data comes from the cache (serializers.car_references), not joined:
    PostgreSQL spent ~50 ms planning the page's query with nine more joins, more than running it."""
    return (
        content.live_in_site(request, CarAdPage)
        .select_related(None)
        .select_related("locale", "main_image")
        .prefetch_related(Prefetch("payment_types", queryset=PaymentType.objects.order_by("sort_order", "name")))
    )


@extend_schema_view(
    get=extend_schema(
        summary="Каталог автомобилей",
        description="Фильтры как на сайте; `search` — полнотекстовый поиск; курсорная пагинация.",
        parameters=[
            OpenApiParameter("search", OpenApiTypes.STR, description="Полнотекстовый поиск по названию и описанию."),
            OpenApiParameter("sort", OpenApiTypes.STR, enum=["newest", "price", "-price", "-year", "mileage"]),
        ],
        tags=["Автомобили"],
        auth=[],
    )
)
class CarListView(CatalogListView):
    serializer_class = s.CarAdSerializer
    queryset = CarAdPage.objects.none()  # the model, for the schema; get_queryset() is the site's
    filterset_class = CarAdFilterSet
    sorts = {
        "newest": ("-first_published_at", "-pk"),
        "price": ("price", "pk"),
        "-price": ("-price", "-pk"),
        "-year": ("-year", "-pk"),
        "mileage": ("mileage", "pk"),
    }
    default_sort = "newest"

    def get_queryset(self):
        queryset = car_ads(self.request)
        query = self.request.query_params.get("search", "").strip()[:200]
        if query:
            found = CarAdPage.objects.live().filter(path__startswith=content.site_root(self.request).path)
            ids = [page.pk for page in found.search(query)[:SEARCH_LIMIT]] if content.site_root(self.request) else []
            queryset = queryset.filter(pk__in=ids)
        return queryset


@extend_schema(summary="Объявление", tags=["Автомобили"], auth=[])
class CarDetailView(generics.RetrieveAPIView):
    serializer_class = s.CarAdSerializer
    permission_classes = ()

    def get_queryset(self):
        return car_ads(self.request)


class CarWriteMixin:
    required_scope = Scope.CARS_WRITE
    permission_classes = (HasScope,)

    def editable(self):
        return (
            content.in_site(self.request, CarAdPage)
            .select_related(None)
            .filter(path__startswith=content.car_index(self.request).path)
        )

    def answer(self, page, published, code):
        data = s.CarAdSerializer(page, context={"request": self.request}).data
        return code, {**data, "live": page.live, "published": published}


class CarWriteResultSerializer(s.CarAdSerializer):
    live = s.serializers.BooleanField()
    published = s.serializers.BooleanField(help_text="false — изменение ждёт проверки модератора (черновик).")

    class Meta(s.CarAdSerializer.Meta):
        fields = (*s.CarAdSerializer.Meta.fields, "live", "published")
        read_only_fields = fields


@extend_schema(
    summary="Новое объявление дилера",
    request=s.CarAdWriteSerializer,
    responses={201: CarWriteResultSerializer},
    parameters=[IDEMPOTENCY],
    tags=["Дилеры"],
)
class CarCreateView(CarWriteMixin, APIView):
    def post(self, request):
        serializer = s.CarAdWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        index = content.car_index(request)

        def write():
            page, published = writes.create_car(index, request.user, dict(serializer.validated_data))
            return self.answer(page, published, status.HTTP_201_CREATED)

        return idempotency.run(request, write)


@extend_schema(
    summary="Правка объявления дилера",
    description="Только переданные поля; остальные остаются как были.",
    request=s.CarAdWriteSerializer(partial=True),
    responses={200: CarWriteResultSerializer},
    parameters=[IDEMPOTENCY],
    tags=["Дилеры"],
)
class CarUpdateView(CarWriteMixin, APIView):
    def patch(self, request, pk):
        serializer = s.CarAdWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)

        def write():
            page = self.editable().filter(pk=pk).first()
            if page is None:
                raise exceptions.NotFound(_("Объявление не найдено."))
            page, published = writes.update_car(page, request.user, dict(serializer.validated_data))
            return self.answer(page, published, status.HTTP_200_OK)

        return idempotency.run(request, write)


@extend_schema(
    summary="Смена статуса многих объявлений",
    description="Все или ничего: если хоть одно объявление не найдено или не ваше, не меняется ни одно.",
    request=s.CarStatusChangeSerializer,
    responses={200: s.CarStatusResultSerializer},
    parameters=[IDEMPOTENCY],
    tags=["Дилеры"],
)
class CarStatusView(CarWriteMixin, APIView):
    def post(self, request):
        serializer = s.CarStatusChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ids = list(dict.fromkeys(serializer.validated_data["ids"]))
        new_status = serializer.validated_data["status"]

        def write():
            updated = writes.change_car_status(self.editable(), request.user, ids, new_status)
            return status.HTTP_200_OK, {"status": new_status, "updated": updated}

        return idempotency.run(request, write)


# -- new-builds -------------------------------------------------------------------------------------------------------


def complexes(request):
    return content.live_in_site(request, ResidentialComplexPage).select_related(
        "developer", "city", "district", "housing_class", "main_image"
    )


@extend_schema_view(get=extend_schema(summary="Жилые комплексы", tags=["Новостройки"], auth=[]))
class ComplexListView(CatalogListView):
    serializer_class = s.ComplexSerializer
    queryset = ResidentialComplexPage.objects.none()  # the model, for the schema; get_queryset() is the site's
    filterset_class = ApiComplexFilterSet
    sorts = {"title": ("title", "pk"), "newest": ("-first_published_at", "-pk")}
    default_sort = "title"

    def get_queryset(self):
        return complexes(self.request)


@extend_schema(summary="Жилой комплекс", tags=["Новостройки"], auth=[])
class ComplexDetailView(generics.RetrieveAPIView):
    serializer_class = s.ComplexSerializer
    permission_classes = ()

    def get_queryset(self):
        return complexes(self.request)


def apartments(request):
    return content.live_in_site(request, ApartmentPage)


@extend_schema_view(get=extend_schema(summary="Квартиры", tags=["Новостройки"], auth=[]))
class ApartmentListView(CatalogListView):
    serializer_class = s.ApartmentSerializer
    queryset = ApartmentPage.objects.none()  # the model, for the schema; get_queryset() is the site's
    filterset_class = ApiApartmentFilterSet
    sorts = {"price": ("price", "pk"), "-price": ("-price", "-pk"), "area": ("area", "pk")}
    default_sort = "price"

    def get_queryset(self):
        return apartments(self.request)


@extend_schema(summary="Квартира", tags=["Новостройки"], auth=[])
class ApartmentDetailView(generics.RetrieveAPIView):
    serializer_class = s.ApartmentSerializer
    permission_classes = ()

    def get_queryset(self):
        return apartments(self.request)


class DeveloperWriteMixin:
    required_scope = Scope.APARTMENTS_WRITE
    permission_classes = (HasScope,)


@extend_schema(
    summary="Загрузка квартир застройщика",
    description="Создаёт или обновляет квартиры комплекса по номеру; все или ничего.",
    request=s.ApartmentUploadSerializer,
    responses={200: s.ApartmentUploadResultSerializer},
    parameters=[IDEMPOTENCY],
    tags=["Застройщики"],
)
class ApartmentUploadView(DeveloperWriteMixin, APIView):
    def post(self, request):
        serializer = s.ApartmentUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data

        def write():
            complex_page = content.in_site(request, ResidentialComplexPage).filter(pk=data["complex"]).first()
            if complex_page is None:
                raise exceptions.NotFound(_("Жилой комплекс не найден."))
            items = [dict(item) for item in data["items"]]
            created, updated, published = writes.upload_apartments(complex_page, request.user, items)
            return status.HTTP_200_OK, {"created": created, "updated": updated, "published": published}

        return idempotency.run(request, write)


@extend_schema(
    summary="Новые цены квартир",
    request=s.PriceUpdateSerializer,
    responses={200: s.PriceUpdateResultSerializer},
    parameters=[IDEMPOTENCY],
    tags=["Застройщики"],
)
class ApartmentPricesView(DeveloperWriteMixin, APIView):
    def post(self, request):
        serializer = s.PriceUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        items = [dict(item) for item in serializer.validated_data["items"]]
        if len({item["id"] for item in items}) != len(items):
            raise exceptions.ValidationError({"items": [_("Квартиры в запросе повторяются.")]})

        def write():
            updated = writes.update_prices(content.in_site(request, ApartmentPage), request.user, items)
            return status.HTTP_200_OK, {"updated": updated}

        return idempotency.run(request, write)


# -- rentals ----------------------------------------------------------------------------------------------------------


def rentals(request):
    return (
        content.live_in_site(request, RentalPropertyPage)
        .filter(is_active=True)
        .select_related("city", "district", "housing_class", "property_type", "main_image")
    )


@extend_schema_view(
    get=extend_schema(
        summary="Посуточная аренда",
        description="С `check_in` и `check_out` — только объекты, свободные все ночи между ними.",
        tags=["Аренда"],
        auth=[],
    )
)
class RentalListView(CatalogListView):
    serializer_class = s.RentalSerializer
    queryset = RentalPropertyPage.objects.none()  # the model, for the schema; get_queryset() is the site's
    filterset_class = RentalFilterSet
    sorts = {
        "new": ("-first_published_at", "-pk"),
        "price": ("price_per_night", "pk"),
        "-price": ("-price_per_night", "-pk"),
    }
    default_sort = "new"

    def get_queryset(self):
        return rentals(self.request)


@extend_schema(summary="Объект аренды", tags=["Аренда"], auth=[])
class RentalDetailView(generics.RetrieveAPIView):
    serializer_class = s.RentalSerializer
    permission_classes = ()

    def get_queryset(self):
        return rentals(self.request)


class AvailabilityQuery(s.serializers.Serializer):
    start = s.serializers.DateField()
    end = s.serializers.DateField()

    def validate(self, attrs):
        if attrs["end"] <= attrs["start"]:
            raise exceptions.ValidationError({"end": [_("День выезда должен быть позже первой ночи.")]})
        if attrs["end"] - attrs["start"] > timedelta(days=MAX_NIGHTS):
            raise exceptions.ValidationError({"end": [_("Не больше 366 ночей за один запрос.")]})
        return attrs


@extend_schema(
    summary="Занятость объекта на даты",
    parameters=[
        OpenApiParameter("start", OpenApiTypes.DATE, required=True, description="Первая ночь."),
        OpenApiParameter("end", OpenApiTypes.DATE, required=True, description="День выезда (не включается)."),
    ],
    responses={200: s.AvailabilitySerializer},
    tags=["Аренда"],
    auth=[],
)
class RentalAvailabilityView(APIView):
    permission_classes = ()

    def get(self, request, pk):
        form = AvailabilityQuery(data=request.query_params)
        form.is_valid(raise_exception=True)
        start, end = form.validated_data["start"], form.validated_data["end"]
        rental = rentals(request).filter(pk=pk).first()
        if rental is None:
            raise exceptions.NotFound(_("Объект не найден."))
        busy = busy_nights(rental.pk, start, end)
        nights = [{"date": night, "state": str(state)} for night, state in sorted(busy.items())]
        body = {"id": rental.pk, "start": start, "end": end, "available": not busy, "busy": nights}
        return Response(s.AvailabilitySerializer(body).data)


# -- leads ------------------------------------------------------------------------------------------------------------


def submit(request, kind, data, listing_id):
    """The site form's checks (LeadForm: phone, consent, slot, honeypot), its rate limits and the intake."""
    site = Site.find_for_request(request._request)
    if site is None:
        raise exceptions.NotFound(_("Сайт не найден."))
    now = timezone.now()
    form_data = {
        "kind": kind,
        "listing": listing_id or "",
        "name": data["name"],
        "phone": data["phone"],
        "email": data.get("email", ""),
        "message": data.get("message", ""),
        "slot": data.get("slot") or "",
        "preferred_time": data.get("preferred_time") or "",
        "consent": "on" if data["consent"] else "",
    }
    form = LeadForm(form_data, kind=kind, site=site, now=now)
    if not form.is_valid():
        raise exceptions.ValidationError(
            {("non_field_errors" if name == "__all__" else name): errors for name, errors in form.errors.items()}
        )
    listing = find_listing(site, form.cleaned_data["listing"])
    if listing_id and listing is None:
        raise exceptions.NotFound(_("Объект не найден или снят с публикации."))
    if kind not in kinds_for(listing):
        raise exceptions.ValidationError({"kind": [_("Для этого объекта такую заявку отправить нельзя.")]})
    try:
        lead_limits.check(client_ip(request._request), form.cleaned_data["phone"])
    except lead_limits.TooManyRequests as error:
        raise exceptions.Throttled(wait=None, detail=str(error.message)) from None

    def write():
        cleaned = form.cleaned_data
        result = submit_lead(
            LeadRequest(
                site=site,
                kind=kind,
                name=cleaned["name"],
                phone=cleaned["phone"],
                email=cleaned["email"],
                message=cleaned["message"],
                preferred_time=form.preferred,
                consent_at=now,
                listing=listing,
                utm=clean_utm(data.get("utm") or {}),
                ip_address=client_ip(request._request),
                user=request.user if request.user and request.user.is_authenticated else None,
                visitor_context={"channel": "api"},
                language=get_language() or "",
            )
        )
        appointment = book_chosen_slot(result.lead) if result.created else None
        when = appointment.starts_at if appointment is not None else None
        body = s.LeadResultSerializer({"id": result.lead.pk, "created": result.created, "appointment": when}).data
        return (status.HTTP_201_CREATED if result.created else status.HTTP_200_OK), body

    return idempotency.run(request, write)


@extend_schema(
    summary="Заявка",
    description="Консультация, просмотр или обратный звонок; те же проверки и ограничения, что у формы на сайте.",
    request=s.LeadCreateSerializer,
    responses={201: s.LeadResultSerializer, 200: s.LeadResultSerializer},
    parameters=[IDEMPOTENCY],
    tags=["Заявки"],
    auth=[],
)
class LeadCreateView(APIView):
    permission_classes = ()

    def post(self, request):
        serializer = s.LeadCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        return submit(request, data["kind"], data, data.get("listing"))


@extend_schema(
    summary="Запись на тест-драйв",
    request=s.TestDriveCreateSerializer,
    responses={201: s.LeadResultSerializer, 200: s.LeadResultSerializer},
    parameters=[IDEMPOTENCY],
    tags=["Заявки"],
    auth=[],
)
class TestDriveCreateView(APIView):
    permission_classes = ()

    def post(self, request):
        serializer = s.TestDriveCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if not car_ads(request).filter(pk=data["car"]).exists():
            raise exceptions.NotFound(_("Объявление не найдено или снято с публикации."))
        return submit(request, LeadKind.TEST_DRIVE, data, data["car"])


@extend_schema(exclude=True)
@api_view(["GET", "POST", "PUT", "PATCH", "DELETE"])
@permission_classes([])
def not_found(request, *args, **kwargs):
    raise exceptions.NotFound()
