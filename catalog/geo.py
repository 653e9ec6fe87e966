"""Map search over a catalog list: the visible area of the map (`bbox`) and the neighbourhood of a point
(`near` with `radius` in km), applied after the list's own filters, and the GeoJSON the list's map reads.

There is no PostGIS: the coordinates are the two decimal columns every listing already has, with a composite
index on (latitude, longitude). An area is a range on both columns. A point search first keeps the rows in the
bounding box of the circle (the index does that), then computes the great-circle (haversine) distance in SQL on
that small remainder, keeps those within the radius and orders by it. The same SQL runs on SQLite (Django
registers the math functions there) and PostgreSQL.

Bad parameters never fail a page: the HTML list ignores them and says so; the GeoJSON answers 400 with the
reason (see `GeoQuery.errors`)."""

import math
from dataclasses import dataclass, field

from django.db.models import F, FloatField, Q, Value
from django.db.models.functions import ASin, Cast, Cos, Power, Radians, Sin, Sqrt
from django.utils.translation import gettext_lazy as _

__all__ = ["RADIUS_CHOICES", "GeoQuery", "feature_collection", "parse_geo"]

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE = 111.0  # a little less than the sphere's 111.195 km: the box errs on the large side
DEFAULT_RADIUS_KM = 5.0
MAX_RADIUS_KM = 500.0
RADIUS_CHOICES = (1, 3, 5, 10, 25, 50)
MAX_FEATURES = 1000  # markers on one map; the GeoJSON says when more matched


def _floats(text, count):
    """`count` finite floats from "a,b,..."; None when the text is not exactly that."""
    parts = text.split(",")
    if len(parts) != count:
        return None
    try:
        values = [float(part) for part in parts]
    except ValueError:
        return None
    if not all(math.isfinite(value) for value in values):
        return None
    return values


@dataclass
class GeoQuery:
    """The map parameters of one request, parsed. `bbox` is (min_lon, min_lat, max_lon, max_lat); `near` is
    (lat, lon); `errors` lists what was ignored and why."""

    bbox: tuple | None = None
    near: tuple | None = None
    radius_km: float = DEFAULT_RADIUS_KM
    errors: list = field(default_factory=list)

    @property
    def active(self):
        return self.bbox is not None or self.near is not None

    @property
    def bbox_param(self):
        return ",".join(_number(value) for value in self.bbox) if self.bbox else ""

    @property
    def near_param(self):
        return ",".join(_number(value) for value in self.near) if self.near else ""

    @property
    def radius_param(self):
        return _number(self.radius_km)

    def filter(self, queryset, prefix=""):
        """The queryset kept to the area and/or the circle; with a point, annotated `distance_km`."""
        latitude, longitude = f"{prefix}latitude", f"{prefix}longitude"
        if self.active:
            queryset = queryset.filter(**{f"{latitude}__isnull": False, f"{longitude}__isnull": False})
        if self.bbox is not None:
            queryset = queryset.filter(box_q(*self.bbox, latitude=latitude, longitude=longitude))
        if self.near is not None:
            lat, lon = self.near
            queryset = (
                queryset.filter(box_q(*circle_box(lat, lon, self.radius_km), latitude=latitude, longitude=longitude))
                .annotate(distance_km=haversine_km(lat, lon, latitude=latitude, longitude=longitude))
                .filter(distance_km__lte=self.radius_km)
            )
        return queryset


def _number(value):
    return f"{value:.6f}".rstrip("0").rstrip(".")


def parse_geo(params):
    """A GeoQuery from a request's GET parameters."""
    geo = GeoQuery()
    if raw := params.get("bbox", "").strip():
        values = _floats(raw, 4)
        if values is None:
            geo.errors.append(_("Область карты задана неверно (нужно «запад,юг,восток,север» в градусах)."))
        else:
            min_lon, min_lat, max_lon, max_lat = values
            if not (-90 <= min_lat <= max_lat <= 90):
                geo.errors.append(_("Область карты задана неверно: широта от −90 до 90, юг не севернее севера."))
            elif not (-180 <= min_lon <= 180 and -180 <= max_lon <= 180):
                geo.errors.append(_("Область карты задана неверно: долгота от −180 до 180."))
            else:
                geo.bbox = (min_lon, min_lat, max_lon, max_lat)
    if raw := params.get("near", "").strip():
        values = _floats(raw, 2)
        if values is None or not (-90 <= values[0] <= 90 and -180 <= values[1] <= 180):
            geo.errors.append(_("Точка на карте задана неверно (нужно «широта,долгота» в градусах)."))
        else:
            geo.near = (values[0], values[1])
    if raw := params.get("radius", "").strip():
        values = _floats(raw, 1)
        if values is None or not (0 < values[0] <= MAX_RADIUS_KM):
            geo.errors.append(
                _("Радиус задан неверно: от 0 до %(max)s км; взят радиус %(default)s км.")
                % {"max": _number(MAX_RADIUS_KM), "default": _number(DEFAULT_RADIUS_KM)}
            )
        else:
            geo.radius_km = values[0]
    return geo


def box_q(min_lon, min_lat, max_lon, max_lat, *, latitude="latitude", longitude="longitude"):
    """Rows inside a box; a box whose west edge is east of its east edge crosses the 180th meridian."""
    q = Q(**{f"{latitude}__gte": min_lat, f"{latitude}__lte": max_lat})
    if min_lon <= max_lon:
        return q & Q(**{f"{longitude}__gte": min_lon, f"{longitude}__lte": max_lon})
    return q & (Q(**{f"{longitude}__gte": min_lon}) | Q(**{f"{longitude}__lte": max_lon}))


def circle_box(lat, lon, radius_km):
    """The (min_lon, min_lat, max_lon, max_lat) box around a circle, a little larger than needed."""
    dlat = radius_km / KM_PER_DEGREE
    min_lat, max_lat = max(-90.0, lat - dlat), min(90.0, lat + dlat)
    cos_lat = min(math.cos(math.radians(min_lat)), math.cos(math.radians(max_lat)))
    if cos_lat <= 0.01 or radius_km / (KM_PER_DEGREE * cos_lat) >= 180:
        return (-180.0, min_lat, 180.0, max_lat)  # near a pole: every longitude
    dlon = radius_km / (KM_PER_DEGREE * cos_lat)
    min_lon, max_lon = lon - dlon, lon + dlon
    if min_lon < -180:
        min_lon += 360  # the box crosses the 180th meridian: west edge east of the east edge
    if max_lon > 180:
        max_lon -= 360
    return (min_lon, min_lat, max_lon, max_lat)


def haversine_km(lat, lon, *, latitude="latitude", longitude="longitude"):
    """The great-circle distance in km from (lat, lon) to each row, as an SQL expression."""
    row_lat = Radians(Cast(F(latitude), FloatField()))
    row_lon = Radians(Cast(F(longitude), FloatField()))
    lat0, lon0 = math.radians(lat), math.radians(lon)
    half = Value(0.5, output_field=FloatField())
    a = Power(Sin((row_lat - Value(lat0)) * half), 2) + Value(math.cos(lat0)) * Cos(row_lat) * Power(
        Sin((row_lon - Value(lon0)) * half), 2
    )
    return Value(2 * EARTH_RADIUS_KM, output_field=FloatField()) * ASin(Sqrt(a), output_field=FloatField())


def feature_collection(items, properties, *, truncated=False):
    """GeoJSON (RFC 7946) of the items with coordinates: a Point at [lon, lat] each, `properties(item)` as its
    properties (and `distance_km` when the search was near a point)."""
    features = []
    for item in items:
        if item.latitude is None or item.longitude is None:
            continue
        props = properties(item)
        distance = getattr(item, "distance_km", None)
        if distance is not None:
            props["distance_km"] = round(distance, 2)
        features.append(
            {
                "type": "Feature",
                "id": item.pk,
                "geometry": {"type": "Point", "coordinates": [float(item.longitude), float(item.latitude)]},
                "properties": props,
            }
        )
    return {"type": "FeatureCollection", "features": features, "truncated": truncated}
