"""Booking analytics for the admin: revenue, top lists, occupancy, cancellations, a heat map and price history.

Scope: the bookings and properties the user manages, exactly as in the booking list (bookings.permissions):
a realtor their own properties, an agency admin the agency's, the superuser everything.

Period: from `start` to `end`, both days included. A booking counts in the period of its check-in (revenue,
top lists, cancellations); occupancy counts the nights that fall inside the period, whatever the check-in.

Every figure is aggregated by the database (annotate/aggregate, TruncDay/Week/Month); the number of queries is
the same whatever the number of bookings or properties. Each report is a `Table` (title, typed columns, rows of
plain values) so the page and the CSV/XLSX exports show the same figures."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from django.db import models
from django.db.models import Case, Count, DurationField, F, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, Greatest, Least, Length, Substr, TruncDay, TruncMonth, TruncWeek
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agencies.models import Agency
from bookings.models import BlockedPeriod, BookingStatus, BookingStatusChange, Payment, PriceOverride
from bookings.models.pricing import WEEKEND_NIGHTS
from bookings.payments.services import PAID_STATUSES
from bookings.permissions import bookings_visible_to, editable_rentals
from catalog.models import RentalPropertyPage

# The stays that earn money and fill nights: paid, whether the guest is yet to come, is there or has left.
EARNING_STATUSES = (BookingStatus.CONFIRMED, BookingStatus.CHECKED_IN, BookingStatus.COMPLETED)
TOP_SIZE = 5
ZERO = Decimal("0")
NO_NIGHTS = timedelta(0)
# Django's week_day lookup counts from Sunday (1): Friday is 6, Saturday 7.
WEEKEND_WEEK_DAYS = [(weekday + 1) % 7 + 1 for weekday in WEEKEND_NIGHTS]


class Grouping(models.TextChoices):
    DAY = "day", gettext_lazy("по дням")
    WEEK = "week", gettext_lazy("по неделям")
    MONTH = "month", gettext_lazy("по месяцам")


TRUNCATE = {Grouping.DAY: TruncDay, Grouping.WEEK: TruncWeek, Grouping.MONTH: TruncMonth}


class Ranking(models.TextChoices):
    """What the top lists rank by (seed 003: by revenue and by the number of bookings)."""

    REVENUE = "revenue", gettext_lazy("по доходу")
    COUNT = "count", gettext_lazy("по числу бронирований")


RANK_ORDER = {Ranking.REVENUE: ("-revenue", "-count"), Ranking.COUNT: ("-count", "-revenue")}


class Kind:
    """How a column's values are shown and exported."""

    TEXT = "text"
    INT = "int"
    MONEY = "money"
    PERCENT = "percent"
    DATE = "date"


@dataclass(frozen=True)
class Column:
    title: str
    kind: str = Kind.TEXT


@dataclass
class Table:
    key: str
    title: str
    columns: list
    rows: list
    note: str = ""
    total_rows: int | None = None  # set when the page shows only the first rows

    def cells(self):
        """Rows as (value, kind) pairs, for the template."""
        kinds = [column.kind for column in self.columns]
        return [list(zip(row, kinds, strict=True)) for row in self.rows]


@dataclass(frozen=True)
class Bucket:
    """One day, week or month of the period, cut to the period: the nights [start, stop)."""

    key: date  # what Trunc* returns for dates inside it: the day, the week's Monday, the month's first day
    start: date
    stop: date
    grouping: str

    @property
    def nights(self):
        return (self.stop - self.start).days

    @property
    def label(self):
        if self.grouping == Grouping.DAY:
            return date_format(self.key, "d.m")
        if self.grouping == Grouping.WEEK:
            return f"{self.start:%d.%m}–{self.stop - timedelta(days=1):%d.%m}"
        return date_format(self.key, "F Y")

    def weekend_nights(self):
        days = (self.start + timedelta(days=offset) for offset in range(self.nights))
        return sum(1 for day in days if day.weekday() in WEEKEND_NIGHTS)


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # the last day, included
    grouping: str = Grouping.WEEK

    @property
    def stop(self):
        return self.end + timedelta(days=1)

    @property
    def nights(self):
        return (self.stop - self.start).days

    def buckets(self):
        buckets, day = [], self.start
        while day < self.stop:
            key = bucket_key(day, self.grouping)
            stop = min(next_bucket(key, self.grouping), self.stop)
            buckets.append(Bucket(key=key, start=day, stop=stop, grouping=self.grouping))
            day = stop
        return buckets


def bucket_key(day, grouping):
    if grouping == Grouping.MONTH:
        return day.replace(day=1)
    if grouping == Grouping.WEEK:
        return day - timedelta(days=day.weekday())
    return day


def next_bucket(key, grouping):
    if grouping == Grouping.MONTH:
        return (key.replace(day=28) + timedelta(days=4)).replace(day=1)
    return key + timedelta(days=7 if grouping == Grouping.WEEK else 1)


def percent(part, whole):
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def nights_within(start, stop, begin="check_in", end="check_out"):
    """Sum of the nights of [begin, end) rows that fall inside [start, stop), as a duration."""
    overlap = Least(F(end), Value(stop), output_field=models.DateField()) - Greatest(
        F(begin), Value(start), output_field=models.DateField()
    )
    return Coalesce(
        Sum(overlap, filter=Q(**{f"{begin}__lt": stop, f"{end}__gt": start}), output_field=DurationField()),
        Value(NO_NIGHTS),
        output_field=DurationField(),
    )


def person_name(first, last, email):
    return " ".join(part for part in (first, last) if part) or email or "—"


def analytics_rentals(user):
    """The properties whose figures `user` sees: all for the superuser, else those they may edit."""
    if user.is_active and user.is_superuser:
        return RentalPropertyPage.objects.all()
    return editable_rentals(user)


@dataclass(frozen=True)
class Occupancy:
    """Nights of one property (or all of them) in one bucket or the whole period."""

    nights: int
    blocked: int
    booked: int

    @property
    def available(self):
        return max(self.nights - self.blocked, 0)

    @property
    def percent(self):
        return percent(min(self.booked, self.available), self.available)


@dataclass
class BookingAnalytics:
    user: object
    period: Period
    rental: RentalPropertyPage | None = None
    page_rows: int | None = None  # the page shows this many property rows; exports show all
    ranking: str = Ranking.REVENUE

    # -- the rows everything is built on ---------------------------------------------------------------------------

    @cached_property
    def bookings(self):
        bookings = bookings_visible_to(self.user)
        if self.rental is not None:
            bookings = bookings.filter(rental=self.rental)
        return bookings

    @cached_property
    def period_bookings(self):
        """Bookings whose check-in falls in the period."""
        return self.bookings.filter(check_in__gte=self.period.start, check_in__lt=self.period.stop)

    @cached_property
    def earning_bookings(self):
        return self.period_bookings.filter(status__in=EARNING_STATUSES)

    @cached_property
    def staying_bookings(self):
        """Paid stays with at least one night in the period."""
        return self.bookings.filter(
            status__in=EARNING_STATUSES, check_in__lt=self.period.stop, check_out__gt=self.period.start
        )

    @cached_property
    def rentals(self):
        """The properties in scope that are published or had guests in the period: (pk, title, prices)."""
        rentals = analytics_rentals(self.user)
        if self.rental is not None:
            rentals = rentals.filter(pk=self.rental.pk)
        else:
            rentals = rentals.filter(Q(live=True) | Q(pk__in=self.staying_bookings.values("rental_id")))
        return list(rentals.order_by("title", "pk").values("pk", "title", "price_per_night", "pricing__weekend_price"))

    @cached_property
    def buckets(self):
        return self.period.buckets()

    def truncate(self, field_name):
        return TRUNCATE[self.period.grouping](field_name)

    def for_page(self, table):
        if self.page_rows is not None and len(table.rows) > self.page_rows:
            table.total_rows = len(table.rows)
            table.rows = table.rows[: self.page_rows]
        return table

    # -- revenue ---------------------------------------------------------------------------------------------------

    def revenue(self):
        by_bucket = {
            row["bucket"]: row
            for row in self.earning_bookings.annotate(bucket=self.truncate("check_in"))
            .values("bucket")
            .annotate(count=Count("pk"), gross=Sum("total"), nights=Sum("nights"))
            .order_by()
        }
        money = {
            row["bucket"]: row
            for row in Payment.objects.filter(booking__in=self.earning_bookings.values("pk"), status__in=PAID_STATUSES)
            .annotate(bucket=self.truncate("booking__check_in"))
            .values("bucket")
            .annotate(
                commission=Sum("commission"),
                fee=Sum("provider_fee"),
                kept=Sum(F("amount") - F("refunded_amount")),
            )
            .order_by()
        }
        rows, totals = [], [0, ZERO, ZERO, ZERO, ZERO, 0]
        for bucket in self.buckets:
            booked = by_bucket.get(bucket.key, {})
            paid = money.get(bucket.key, {})
            count, gross, nights = booked.get("count", 0), booked.get("gross") or ZERO, booked.get("nights") or 0
            commission, fee = paid.get("commission") or ZERO, paid.get("fee") or ZERO
            payout = (paid.get("kept") or ZERO) - commission
            rows.append([bucket.label, count, gross, commission, fee, payout, average(gross, nights)])
            for index, value in enumerate((count, gross, commission, fee, payout, nights)):
                totals[index] += value
        count, gross, commission, fee, payout, nights = totals
        rows.append([_("Итого"), count, gross, commission, fee, payout, average(gross, nights)])
        return Table(
            key="revenue",
            title=_("Доходы по периодам"),
            columns=[
                Column(_("Период")),
                Column(_("Бронирований"), Kind.INT),
                Column(_("Сумма бронирований, ₸"), Kind.MONEY),
                Column(_("Комиссия платформы, ₸"), Kind.MONEY),
                Column(_("Комиссия платёжной системы, ₸"), Kind.MONEY),
                Column(_("Выплата риелтору, ₸"), Kind.MONEY),
                Column(_("Средняя цена ночи, ₸"), Kind.MONEY),
            ],
            rows=rows,
            note=_(
                "Подтверждённые, текущие и завершённые бронирования с заездом в этом периоде. Комиссии и выплата — "
                "по оплаченным платежам за вычетом возвратов; средняя цена ночи — сумма бронирований, делённая "
                "на их ночи."
            ),
        )

    # -- top lists -------------------------------------------------------------------------------------------------

    def _top(self, *fields):
        return list(
            self.earning_bookings.values(*fields)
            .annotate(revenue=Sum("total"), count=Count("pk"))
            .order_by(*RANK_ORDER[self.ranking], *fields)[:TOP_SIZE]
        )

    def _top_table(self, key, title, subject, rows, extra_column=None):
        columns = [Column(subject)]
        if extra_column:
            columns.append(Column(extra_column))
        columns += [Column(_("Доход, ₸"), Kind.MONEY), Column(_("Бронирований"), Kind.INT)]
        return Table(key=key, title=title, columns=columns, rows=rows)

    def top_properties(self):
        rows = [[row["rental__title"], row["revenue"], row["count"]] for row in self._top("rental_id", "rental__title")]
        return self._top_table("top_properties", _("Топ-5 объектов"), _("Объект"), rows)

    def top_clients(self):
        rows = [
            [
                person_name(row["guest__first_name"], row["guest__last_name"], row["guest__email"]),
                row["guest__email"],
                row["revenue"],
                row["count"],
            ]
            for row in self._top("guest_id", "guest__first_name", "guest__last_name", "guest__email")
        ]
        return self._top_table("top_clients", _("Топ-5 клиентов"), _("Клиент"), rows, extra_column=_("Email"))

    def top_realtors(self):
        owner = ("rental__owner_id", "rental__owner__first_name", "rental__owner__last_name", "rental__owner__email")
        rows = [
            [
                person_name(row[owner[1]], row[owner[2]], row[owner[3]]) if row[owner[0]] else _("Без риелтора"),
                row[owner[3]] or "—",
                row["revenue"],
                row["count"],
            ]
            for row in self._top(*owner)
        ]
        return self._top_table("top_realtors", _("Топ-5 риелторов"), _("Риелтор"), rows, extra_column=_("Email"))

    def top_agencies(self):
        # The agency whose folder holds the property: its folder's path starts the property's path.
        agency = Agency.objects.filter(
            root_page__path=Substr(OuterRef("rental__path"), 1, Length("root_page__path"))
        ).values("name")[:1]
        rows = [
            [row["agency"] or _("Без агентства"), row["revenue"], row["count"]]
            for row in self.earning_bookings.annotate(agency=Subquery(agency))
            .values("agency")
            .annotate(revenue=Sum("total"), count=Count("pk"))
            .order_by(*RANK_ORDER[self.ranking], "agency")[:TOP_SIZE]
        ]
        return self._top_table("top_agencies", _("Топ-5 агентств"), _("Агентство"), rows)

    # -- occupancy and the heat map --------------------------------------------------------------------------------

    def _nights_by_rental(self, queryset, begin, end):
        annotations = {f"b{index}": nights_within(b.start, b.stop, begin, end) for index, b in enumerate(self.buckets)}
        annotations["period"] = nights_within(self.period.start, self.period.stop, begin, end)
        rows = queryset.values("rental_id").annotate(**annotations).order_by()
        return {row.pop("rental_id"): {key: value.days for key, value in row.items()} for row in rows}

    @cached_property
    def occupancy_figures(self):
        """{rental pk: {bucket index or "period": Occupancy}} for every property in scope."""
        booked = self._nights_by_rental(self.staying_bookings, "check_in", "check_out")
        blocked_periods = BlockedPeriod.objects.filter(
            rental__in=[rental["pk"] for rental in self.rentals],
            start__lt=self.period.stop,
            end__gt=self.period.start,
        )
        blocked = self._nights_by_rental(blocked_periods, "start", "end")
        figures = {}
        spans = {f"b{index}": bucket.nights for index, bucket in enumerate(self.buckets)}
        spans["period"] = self.period.nights
        for rental in self.rentals:
            pk = rental["pk"]
            figures[pk] = {
                key: Occupancy(
                    nights=nights,
                    blocked=blocked.get(pk, {}).get(key, 0),
                    booked=booked.get(pk, {}).get(key, 0),
                )
                for key, nights in spans.items()
            }
        return figures

    def occupancy(self):
        rows = []
        nights = blocked = booked = available = 0
        for rental in self.rentals:
            figure = self.occupancy_figures[rental["pk"]]["period"]
            rows.append(
                [rental["title"], figure.nights, figure.blocked, figure.available, figure.booked, figure.percent]
            )
            nights += figure.nights
            blocked += figure.blocked
            booked += figure.booked
            available += figure.available
        table = self.for_page(
            Table(
                key="occupancy",
                title=_("Загрузка объектов"),
                columns=[
                    Column(_("Объект")),
                    Column(_("Ночей в периоде"), Kind.INT),
                    Column(_("Закрыто ночей"), Kind.INT),
                    Column(_("Доступно ночей"), Kind.INT),
                    Column(_("Занято ночей"), Kind.INT),
                    Column(_("Загрузка, %"), Kind.PERCENT),
                ],
                rows=rows,
                note=_(
                    "Загрузка = занятые ночи / доступные ночи. Занятыми считаются ночи подтверждённых, текущих и "
                    "завершённых бронирований; закрытые риелтором даты (ремонт, личное использование и т. п.) "
                    "не считаются доступными и в загрузку не входят."
                ),
            )
        )
        table.rows.append([_("Все объекты"), nights, blocked, available, booked, percent(booked, available)])
        return table

    def heat_map(self):
        rows = [
            [rental["title"]]
            + [self.occupancy_figures[rental["pk"]][f"b{index}"].percent for index in range(len(self.buckets))]
            for rental in self.rentals
        ]
        return self.for_page(
            Table(
                key="heat_map",
                title=_("Тепловая карта занятости"),
                columns=[Column(_("Объект"))] + [Column(bucket.label, Kind.PERCENT) for bucket in self.buckets],
                rows=rows,
                note=_(
                    "Загрузка каждого объекта в каждом интервале, в процентах от доступных ночей; чем темнее "
                    "ячейка, тем выше загрузка. «—» — все ночи интервала закрыты."
                ),
            )
        )

    # -- cancellations ---------------------------------------------------------------------------------------------

    def cancellations(self):
        who = Case(
            When(changed_by__isnull=True, then=Value(_("Система"))),
            When(changed_by=F("booking__guest"), then=Value(_("Гость"))),
            default=Value(_("Риелтор или администратор")),
            output_field=models.CharField(),
        )
        changes = (
            BookingStatusChange.objects.filter(
                to_status=BookingStatus.CANCELLED, booking__in=self.period_bookings.values("pk")
            )
            .annotate(who=who)
            .values("who", "reason")
            .annotate(count=Count("pk"))
            .order_by("-count", "who", "reason")
        )
        rows = [[row["who"], row["reason"] or _("Без причины"), row["count"]] for row in changes]
        all_cancelled = sum(row[2] for row in rows)
        for row in rows:
            row.append(percent(row[2], all_cancelled))
        return Table(
            key="cancellations",
            title=_("Причины отмен"),
            columns=[
                Column(_("Кто отменил")),
                Column(_("Причина")),
                Column(_("Отмен"), Kind.INT),
                Column(_("Доля, %"), Kind.PERCENT),
            ],
            rows=rows,
            note=_("Бронирования с заездом в этом периоде; причина — из истории статусов."),
        )

    # -- prices ----------------------------------------------------------------------------------------------------

    def price_history(self):
        """The average nightly price of each property in each interval, as its price calendar sets it."""
        overrides = {
            (row["rental_id"], row["bucket"]): row
            for row in PriceOverride.objects.filter(
                rental__in=[rental["pk"] for rental in self.rentals],
                date__gte=self.period.start,
                date__lt=self.period.stop,
            )
            .annotate(bucket=self.truncate("date"))
            .values("rental_id", "bucket")
            .annotate(
                count=Count("pk"),
                total=Sum("price"),
                weekend=Count("pk", filter=Q(date__week_day__in=WEEKEND_WEEK_DAYS)),
            )
            .order_by()
        }
        weekend_nights = [bucket.weekend_nights() for bucket in self.buckets]
        rows = []
        for rental in self.rentals:
            base = rental["price_per_night"] or ZERO
            weekend_price = rental["pricing__weekend_price"] or base
            row = [rental["title"]]
            for bucket, weekends in zip(self.buckets, weekend_nights, strict=True):
                set_by_date = overrides.get((rental["pk"], bucket.key), {})
                dated, dated_weekends = set_by_date.get("count", 0), set_by_date.get("weekend", 0)
                total = (
                    (set_by_date.get("total") or ZERO)
                    + weekend_price * (weekends - dated_weekends)
                    + base * (bucket.nights - weekends - (dated - dated_weekends))
                )
                row.append(average(total, bucket.nights))
            rows.append(row)
        return self.for_page(
            Table(
                key="price_history",
                title=_("История цен"),
                columns=[Column(_("Объект"))] + [Column(bucket.label, Kind.MONEY) for bucket in self.buckets],
                rows=rows,
                note=_(
                    "Средняя цена ночи по календарю цен: особая цена на дату, иначе цена выходного дня "
                    "(ночи с пятницы и субботы), иначе обычная цена объекта (текущая). Средняя цена "
                    "забронированной ночи — в таблице доходов."
                ),
            )
        )

    # -- all of them -----------------------------------------------------------------------------------------------

    TABLES = (
        "revenue",
        "top_properties",
        "top_clients",
        "top_realtors",
        "top_agencies",
        "occupancy",
        "heat_map",
        "cancellations",
        "price_history",
    )

    def table(self, key):
        if key not in self.TABLES:
            raise KeyError(key)
        return getattr(self, key)()

    def tables(self):
        return {key: self.table(key) for key in self.TABLES}


def average(total, count):
    if not count:
        return None
    return (Decimal(total) / count).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
