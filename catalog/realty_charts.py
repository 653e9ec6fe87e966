"""What InBack pages draw on the server: the availability grid (шахматка), price charts as inline SVG
with a table of the same data, and video embeds. Each is built from one query's rows."""

import re
from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

CHART_WIDTH, CHART_HEIGHT = 640, 240
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 84, 16, 16, 36  # PAD_LEFT: the least room for the Y-axis labels
LABEL_CHAR_WIDTH = 7.5  # a generous width of one character of the 12px axis labels, in viewBox units
MAX_MONTHS = 24


# -- шахматка --------------------------------------------------------------------------------------------------


def chessboards(buildings, apartments, request=None):
    """Per building: floors from top to bottom × lot positions grouped by section; each cell an apartment
    (or None where nothing is on sale). `apartments` are the complex's published apartments."""
    by_building = defaultdict(list)
    for apartment in apartments:
        by_building[apartment.building_id].append(apartment)
    boards = []
    for building in buildings:
        lots = by_building.get(building.pk, [])
        cells = defaultdict(list)
        for apartment in lots:
            cells[(apartment.section, apartment.floor)].append(apartment)
        top = max([building.floors, *(apartment.floor for apartment in lots)])
        sections = sorted(set(range(1, building.sections + 1)) | {apartment.section for apartment in lots})
        widths = {
            section: max([1, *(len(cells[(section, floor)]) for floor in range(1, top + 1))]) for section in sections
        }
        rows = []
        for floor in range(top, 0, -1):
            row = []
            for section in sections:
                here = sorted(cells.get((section, floor), []), key=lambda apartment: apartment.number)
                for apartment in here:
                    apartment.cell_url = apartment.get_url(request)
                row.extend(here + [None] * (widths[section] - len(here)))
            rows.append({"floor": floor, "cells": row})
        boards.append(
            {
                "building": building,
                "sections": [{"number": section, "width": widths[section]} for section in sections],
                "rows": rows,
                "lot_count": len(lots),
            }
        )
    return boards


# -- charts ----------------------------------------------------------------------------------------------------


def _timestamp(value):
    if isinstance(value, datetime):
        return value.timestamp()
    return datetime(value.year, value.month, value.day).timestamp()


def line_chart(points, *, step=False, unit="₽", rows=None):
    """Geometry of an SVG line chart for (date, Decimal) points, plus a table of the data
    (`rows`, the points themselves by default).

    step=True draws a staircase (a price holds until the next change)."""
    if not points:
        return None
    xs = [_timestamp(when) for when, _value in points]
    values = [float(value) for _when, value in points]
    x_min, x_max = min(xs), max(xs)
    low, high = min(values), max(values)
    margin = (high - low) * 0.1 or (high * 0.05) or 1
    low, high = max(low - margin, 0), high + margin
    tick_values = [low + (high - low) * share for share in (0, 0.5, 1)]
    tick_labels = [_short_money(value, unit) for value in tick_values]
    # The plot starts where the longest Y label ends, so «450 тыс. ₽/м²» is not cut off at the left edge.
    plot_left = max(PAD_LEFT, round(max(len(label) for label in tick_labels) * LABEL_CHAR_WIDTH) + 12)
    plot_w = CHART_WIDTH - plot_left - PAD_RIGHT
    plot_h = CHART_HEIGHT - PAD_TOP - PAD_BOTTOM

    def x_of(x):
        return plot_left + (plot_w * (x - x_min) / (x_max - x_min) if x_max > x_min else plot_w / 2)

    def y_of(value):
        return PAD_TOP + plot_h * (1 - (value - low) / (high - low))

    coords = [(round(x_of(x), 1), round(y_of(value), 1)) for x, value in zip(xs, values, strict=True)]
    line = []
    for index, (x, y) in enumerate(coords):
        if step and index:
            line.append((x, coords[index - 1][1]))
        line.append((x, y))
    if len(line) == 1:  # a single point: a flat line across the plot
        line = [(plot_left, line[0][1]), (plot_left + plot_w, line[0][1])]
    y_ticks = [
        {"y": round(y_of(value), 1), "label": label} for value, label in zip(tick_values, tick_labels, strict=True)
    ]
    x_ticks = [{"x": coords[0][0], "label": _month_label(points[0][0]), "anchor": "start"}]
    if len(points) > 1:
        x_ticks.append({"x": coords[-1][0], "label": _month_label(points[-1][0]), "anchor": "end"})
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "plot_left": plot_left,
        "plot_right": plot_left + plot_w,
        "plot_bottom": PAD_TOP + plot_h,
        "label_y": CHART_HEIGHT - 10,
        "polyline": " ".join(f"{x},{y}" for x, y in line),
        "dots": [{"x": x, "y": y} for x, y in coords],
        "y_ticks": y_ticks,
        "x_ticks": x_ticks,
        "rows": [{"when": when, "value": value} for when, value in (points if rows is None else rows)],
        "first": points[0][1],
        "last": points[-1][1],
    }


def _short_money(value, unit):
    if value >= 1_000_000:
        amount = number_format(round(value / 1_000_000, 1), decimal_pos=1)
        return _("%(amount)s млн %(unit)s") % {"amount": amount, "unit": unit}
    if value >= 1_000:
        amount = number_format(round(value / 1_000), decimal_pos=0, force_grouping=True)
        return _("%(amount)s тыс. %(unit)s") % {"amount": amount, "unit": unit}
    return f"{number_format(round(value), decimal_pos=0)} {unit}"


def _month_label(when):
    return date_format(when, "M Y")


def apartment_price_chart(apartment):
    """The apartment's price over time: each recorded change (one query; a translation shows its source's)."""
    from catalog.models import ApartmentPriceChange

    changes = list(
        ApartmentPriceChange.objects.filter(apartment_id=apartment.source_listing.pk)
        .order_by("changed_at", "pk")
        .values_list("changed_at", "price")
    )
    if not changes:
        return None
    now = timezone.now()
    points = [*changes, (now, changes[-1][1])] if changes[-1][0] < now else changes
    chart = line_chart(points, step=True, rows=changes)
    chart["changed"] = len(changes) > 1
    return chart


def complex_price_series(complex_id, today=None):
    """The average price per m² of a complex's published apartments at the end of each month, from its
    first recorded price on (at most MAX_MONTHS months), as [["YYYY-MM-DD", "123456"], ...]; one query.

    Stored on the complex when its apartments change (see refresh_complex_stats)."""
    from catalog.models import ApartmentPriceChange

    changes = list(
        ApartmentPriceChange.objects.filter(apartment__complex_id=complex_id, apartment__live=True)
        .order_by("changed_at", "pk")
        .values_list("apartment_id", "price", "changed_at", "apartment__area")
    )
    if not changes:
        return []
    today = today or timezone.localdate()
    months = _months(timezone.localtime(changes[0][2]).date(), today)[-MAX_MONTHS:]
    current = {}
    series = []
    position = 0
    for month_end in months:
        while position < len(changes) and timezone.localtime(changes[position][2]).date() <= month_end:
            apartment_id, price, _changed_at, area = changes[position]
            if area:
                current[apartment_id] = price / area
            position += 1
        if current:
            average = sum(current.values(), Decimal(0)) / len(current)
            series.append([month_end.isoformat(), str(average.quantize(Decimal("1")))])
    return series


def complex_price_chart(series, today=None):
    """The chart of a stored series, carried on to the current month (no change since means the same price)."""
    if not series:
        return None
    points = [(date.fromisoformat(when), Decimal(value)) for when, value in series]
    today = today or timezone.localdate()
    for month_end in _months(points[-1][0], today)[1:]:
        points.append((month_end, points[-1][1]))
    points = points[-MAX_MONTHS:]
    chart = line_chart(points, unit="₽/м²")
    chart["changed"] = len({value for _when, value in points}) > 1
    return chart


def _months(start, end):
    """The last day of every month from start's month to end's month (end itself for the current month)."""
    result = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        next_year, next_month = (year + 1, 1) if month == 12 else (year, month + 1)
        last_day = date(next_year, next_month, 1).toordinal() - 1
        result.append(min(date.fromordinal(last_day), end))
        year, month = next_year, next_month
    return result


# -- video -------------------------------------------------------------------------------------------------------

YOUTUBE = re.compile(r"(?:youtube\.com/(?:watch\?(?:.*&)?v=|embed/|shorts/)|youtu\.be/)([\w-]{6,})")
RUTUBE = re.compile(r"rutube\.ru/(?:video|play/embed)/([0-9a-f]{16,})")


def video_embed_url(url):
    """An embeddable player address for YouTube and Rutube links (no network needed); None otherwise."""
    if not url:
        return None
    if match := YOUTUBE.search(url):
        return f"https://www.youtube-nocookie.com/embed/{match.group(1)}"
    if match := RUTUBE.search(url):
        return f"https://rutube.ru/play/embed/{match.group(1)}"
    return None
