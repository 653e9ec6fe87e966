"""What the dealer cabinet counts per ad over a period: views (counted here) and whatever higher apps register
(leads registers its requests and test drives: dealers may not import leads, so leads plugs in here).

A counter takes the ads' page ids and the period's first and last day and returns {page id: number}, in a
fixed number of queries whatever the number of ads."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db.models import Sum


@dataclass(frozen=True)
class AdCounter:
    key: str
    label: str
    count: Callable[[list[int], date, date], dict[int, int]]
    order: int = 50


_counters: dict[str, AdCounter] = {}


def register_counter(key, label, count, *, order=50):
    """Called from the owning app's AppConfig.ready()."""
    _counters[key] = AdCounter(key, label, count, order)


def counters():
    return sorted(_counters.values(), key=lambda counter: (counter.order, counter.key))


def count_views(page_ids, start, end):
    from dealers.models import AdViewDay

    rows = (
        AdViewDay.objects.filter(page_id__in=page_ids, day__gte=start, day__lte=end)
        .values("page_id")
        .annotate(total=Sum("views"))
        .values_list("page_id", "total")
    )
    return dict(rows)
