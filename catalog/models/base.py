"""What every listing and every listing index shares: favorites, history, filters, ItemList."""

import functools
from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import JsonResponse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Locale, Orderable, Page

from core.models import BasePage
from core.paging import page_of
from core.routing import ChildRouteMixin  # re-exported: old migrations import it from here

__all__ = ["ChildRouteMixin", "Coordinates", "GalleryPhoto", "ListingIndexPage", "ListingPage"]


class Coordinates(models.Model):
    """An optional map position, given as a latitude and longitude pair."""

    latitude = models.DecimalField(
        _("широта"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-90")), MaxValueValidator(Decimal("90"))],
        help_text=_("Например, 55.751244. Вместе с долготой; необязательно."),
    )
    longitude = models.DecimalField(
        _("долгота"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-180")), MaxValueValidator(Decimal("180"))],
        help_text=_("Например, 37.618423. Вместе с широтой; необязательно."),
    )

    class Meta:
        abstract = True

    def coordinate_errors(self):
        """A field-keyed error when only one of the pair is given, for `clean()`."""
        if (self.latitude is None) == (self.longitude is None):
            return {}
        field = "longitude" if self.longitude is None else "latitude"
        return {field: _("Укажите обе координаты — широту и долготу — или ни одной.")}

    def geo_ld(self):
        """Schema.org GeoCoordinates, or None without a full pair."""
        if self.latitude is None or self.longitude is None:
            return None
        return {"@type": "GeoCoordinates", "latitude": float(self.latitude), "longitude": float(self.longitude)}


class GalleryPhoto(Orderable):
    """One photo of a listing's gallery; subclasses add the ParentalKey to their page."""

    image = models.ForeignKey(
        "images.CustomImage",
        verbose_name=_("фото"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Горизонтальное фото, от 1200 пикселей в ширину."),
    )
    caption = models.CharField(_("подпись"), max_length=200, blank=True, help_text=_("Что на фото."))

    panels: ClassVar[list] = [FieldPanel("image"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        abstract = True


@functools.cache
def default_locale_id():
    """The pk of the default language's Locale (read once per process: locales are made once, by the setup)."""
    return Locale.objects.filter(language_code=settings.LANGUAGE_CODE).values_list("pk", flat=True).first()


class ListingPage(BasePage):
    """A listing visitors can favorite and that is remembered in their history."""

    main_image = models.ForeignKey(
        "images.CustomImage",
        verbose_name=_("главное фото"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Показывается в списках и при репосте. Пусто — первое фото галереи."),
    )

    seo_image_sources: ClassVar[list] = ["og_image", "main_image"]

    class Meta:
        abstract = True

    @cached_property
    def source_listing(self):
        """This listing in the site's default language (itself when it is): bookings, blocked dates, reviews and
        price history belong to it, so its Kazakh and English translations show and take the same ones."""
        if self.locale_id is None or self.locale_id == default_locale_id():
            return self  # no query for a page in the default language
        source = (
            type(self)
            .objects.filter(translation_key=self.translation_key, locale__language_code=settings.LANGUAGE_CODE)
            .first()
        )
        return source or self

    def serve(self, request, *args, **kwargs):
        from accounts.favorites import record_view

        record_view(request, self)
        return super().serve(request, *args, **kwargs)


class ListingIndexPage(ChildRouteMixin, BasePage):
    """A filterable, sortable, paginated list of listings; filtered URLs are canonicalised to the page itself.

    Subclasses set `filterset_class`, `sort_options` ({key: (label, ordering)}) and `listings()`."""

    per_page = 12
    filterset_class = None
    sort_options: ClassVar[dict] = {}
    default_sort = ""
    schema_org_type = "CollectionPage"
    cache_kind = "index"
    listed = ()  # the listings shown on this request, for the ItemList

    intro = models.TextField(_("вступление"), blank=True, help_text=_("Одна-две фразы над списком."))

    content_panels: ClassVar[list] = [*Page.content_panels, FieldPanel("intro")]
    seo_description_sources: ClassVar[list] = ["search_description", "intro"]

    class Meta:
        abstract = True

    def listings(self):
        raise NotImplementedError

    # -- the map (catalog.geo) ------------------------------------------------------------------------------------
    has_map = False  # a «Список / Карта» view, `?format=geojson` and the area / point search
    geo_prefix = ""  # the lookup to the listing's coordinates ("complex__" for apartments)

    @property
    def geo_search(self):
        """Whether `bbox` and `near` filter this list (its listings have coordinates); elsewhere they are ignored."""
        return self.has_map

    def map_properties(self, item, request):
        """The properties of one listing's marker in the GeoJSON; subclasses add a line of their own."""
        return {"title": item.title, "url": item.get_url(request)}

    def map_queryset(self, queryset):
        """The list's queryset cut to what a marker needs (no card images)."""
        return queryset.prefetch_related(None)

    def serve(self, request, *args, **kwargs):
        if self.has_map and request.GET.get("format") == "geojson":
            return self.serve_geojson(request)
        return super().serve(request, *args, **kwargs)

    def filtered_listings(self, request, geo):
        """The list's filterset and its rows kept to the map area / point. The rows are ordered by the visitor's
        sort, or by distance for a point search (the sort key is returned with them)."""
        filterset = self.filterset_class(request.GET or None, queryset=self.listings(), request=request)
        sort_options = self.sort_options
        default_sort = self.default_sort
        if geo.near is not None:
            sort_options = {"distance": (_("Сначала ближе"), ("distance_km", "pk")), **sort_options}
            default_sort = "distance"
        sort_key = request.GET.get("sort", "")
        if sort_key not in sort_options:
            sort_key = default_sort
        queryset = geo.filter(filterset.qs, prefix=self.geo_prefix)
        _label, ordering = sort_options[sort_key]
        return filterset, queryset.order_by(*ordering), sort_key, sort_options

    def serve_geojson(self, request):
        """The markers of this list, with the same filters (and area / point) as the HTML list; 400 with the
        reason for bad map parameters or filters."""
        from catalog.geo import MAX_FEATURES, feature_collection, parse_geo

        geo = parse_geo(request.GET)
        filterset, queryset, _sort_key, _options = self.filtered_listings(request, geo)
        errors = [str(error) for error in geo.errors]
        if filterset.is_bound and not filterset.is_valid():
            errors += [f"{name}: {' '.join(messages)}" for name, messages in filterset.form.errors.items()]
        if errors:
            return JsonResponse({"errors": errors}, status=400)
        queryset = self.map_queryset(queryset).exclude(latitude__isnull=True).exclude(longitude__isnull=True)
        rows = list(queryset[: MAX_FEATURES + 1])
        collection = feature_collection(
            rows[:MAX_FEATURES], lambda item: self.map_properties(item, request), truncated=len(rows) > MAX_FEATURES
        )
        return JsonResponse(collection, json_dumps_params={"ensure_ascii": False})

    def get_context(self, request, *args, **kwargs):
        from catalog.geo import RADIUS_CHOICES, GeoQuery, parse_geo

        context = super().get_context(request, *args, **kwargs)
        geo = parse_geo(request.GET) if self.geo_search else GeoQuery()
        filterset, queryset, sort_key, sort_options = self.filtered_listings(request, geo)
        listings = page_of(request, queryset, self.per_page)
        # evaluated once: the cards and the ItemList JSON-LD share the same rows
        listings.object_list = self.listed = list(listings.object_list)
        context.update(
            filter=filterset,
            listings=listings,
            result_count=listings.paginator.count,
            sort_key=sort_key,
            sort_choices=[(key, label) for key, (label, _ordering) in sort_options.items()],
            is_filtered=any(value for key, value in request.GET.items() if key not in {"page", "sort", "view"}),
            geo=geo,
        )
        if self.has_map:
            params = request.GET.copy()
            for name in ("page", "view", "format"):
                params.pop(name, None)
            params["format"] = "geojson"
            context["map_geojson_url"] = f"{request.path}?{params.urlencode()}"
            context["map_radius_choices"] = RADIUS_CHOICES
        return context

    def ld_entity(self, request):
        node = super().ld_entity(request)
        node["mainEntity"] = {
            "@type": "ItemList",
            "numberOfItems": len(self.listed),
            "itemListElement": [
                {"@type": "ListItem", "position": position, "url": item.get_full_url(request), "name": item.title}
                for position, item in enumerate(self.listed, start=1)
            ],
        }
        return node
