"""Sales figures for dashboards, the reports page and its exports: each table is a handful of SQL aggregates
over a lead (or deal) queryset the caller has already scoped, so the query count never grows with the rows.

A table is plain data (title, headers, rows of str/int/Decimal/None) that HTML, CSV and XLSX all render."""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, DurationField, Exists, ExpressionWrapper, F, OuterRef, Q, Sum
from django.utils.translation import gettext_lazy as _

from leads.clock import leads_time_zone
from leads.models import OPEN_STAGES, CashbackStatus, Interaction, InteractionKind, LeadSource, LeadStage

# The funnel: each step counts the leads that ever reached it (now or in their history).
FUNNEL = (LeadStage.NEW, LeadStage.IN_WORK, LeadStage.MEETING, LeadStage.DEAL, LeadStage.WON)


@dataclass
class Table:
    key: str
    title: str
    headers: list
    rows: list = field(default_factory=list)
    note: str = ""


def period_bounds(start, end):
    """Aware datetimes [start 00:00, day after end 00:00) in the sales time zone."""
    zone = leads_time_zone()
    return (
        datetime.combine(start, time.min, tzinfo=zone),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone),
    )


def in_period(queryset, start, end, field_name="created_at"):
    since, until = period_bounds(start, end)
    return queryset.filter(**{f"{field_name}__gte": since, f"{field_name}__lt": until})


def percent(part, whole):
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def hours(duration):
    """A duration as hours with one decimal (what a sales head reads), None when there is none."""
    if duration is None:
        return None
    return (Decimal(duration.total_seconds()) / 3600).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def contact_delay():
    return ExpressionWrapper(F("first_contact_at") - F("created_at"), output_field=DurationField())


def manager_name(row, prefix="manager__"):
    if not row[prefix[:-2]]:
        return str(_("Не назначен"))
    full = f"{row[prefix + 'first_name']} {row[prefix + 'last_name']}".strip()
    return full or row[prefix + "email"]


# -- leads -----------------------------------------------------------------------------------------------------------


def by_source(leads):
    rows = (
        leads.order_by()
        .values("source")
        .annotate(total=Count("pk"), won=Count("pk", filter=Q(stage=LeadStage.WON)))
        .order_by("-total", "source")
    )
    table = Table(
        "sources", _("Заявки по источникам"), [_("Источник"), _("Заявок"), _("Сделок закрыто"), _("Конверсия, %")]
    )
    for row in rows:
        label = LeadSource(row["source"]).label if row["source"] in LeadSource.values else row["source"]
        table.rows.append([str(label), row["total"], row["won"], percent(row["won"], row["total"])])
    return table


def by_stage(leads):
    counts = dict(leads.order_by().values("stage").annotate(total=Count("pk")).values_list("stage", "total"))
    total = sum(counts.values())
    table = Table("stages", _("Заявки по этапам"), [_("Этап"), _("Заявок"), _("Доля, %")])
    for stage in LeadStage:
        table.rows.append([str(stage.label), counts.get(stage.value, 0), percent(counts.get(stage.value, 0), total)])
    return table


def by_manager(leads):
    rows = (
        leads.order_by()
        .values("manager", "manager__first_name", "manager__last_name", "manager__email")
        .annotate(
            total=Count("pk"),
            open=Count("pk", filter=Q(stage__in=OPEN_STAGES)),
            won=Count("pk", filter=Q(stage=LeadStage.WON)),
            lost=Count("pk", filter=Q(stage=LeadStage.LOST)),
            contact=Avg(contact_delay(), filter=Q(first_contact_at__isnull=False)),
        )
        .order_by("-total", "manager__last_name", "manager")
    )
    table = Table(
        "managers",
        _("Заявки по менеджерам"),
        [
            _("Менеджер"),
            _("Заявок"),
            _("В работе"),
            _("Успешно"),
            _("Отказ"),
            _("Конверсия, %"),
            _("Первый контакт, ч (среднее)"),
        ],
    )
    for row in rows:
        table.rows.append(
            [
                manager_name(row),
                row["total"],
                row["open"],
                row["won"],
                row["lost"],
                percent(row["won"], row["total"]),
                hours(row["contact"]),
            ]
        )
    return table


def funnel(leads):
    """How many leads reached each step: their stage now is that step or later, or their history went there.

    A lead lost after a meeting still counts for «в работе» and «встреча»."""
    order = {stage: index for index, stage in enumerate(FUNNEL)}

    def reached(step):
        later = [stage for stage in FUNNEL if order[stage] >= order[step]]
        moved_there = Interaction.objects.filter(lead=OuterRef("pk"), kind=InteractionKind.STAGE, data__to__in=later)
        return Q(stage__in=later) | Q(Exists(moved_there))

    counts = leads.order_by().aggregate(
        **{stage.value: Count("pk", filter=reached(stage)) for stage in FUNNEL[1:]}, new=Count("pk")
    )
    table = Table(
        "funnel",
        _("Воронка продаж"),
        [_("Шаг"), _("Заявок"), _("От всех заявок, %"), _("От предыдущего шага, %")],
    )
    previous = None
    for stage in FUNNEL:
        value = counts[stage.value]
        table.rows.append(
            [str(stage.label), value, percent(value, counts["new"]), percent(value, previous) if previous else None]
        )
        previous = value
    return table


def first_contact(leads):
    """Mean and median time from the request to the manager's first call, message or meeting (SQL: an
    aggregate, then the middle row(s) by ORDER BY … OFFSET, so it works on PostgreSQL and SQLite alike)."""
    totals = leads.order_by().aggregate(
        total=Count("pk"), contacted=Count("first_contact_at"), mean=Avg(contact_delay())
    )
    median = None
    contacted = totals["contacted"]
    if contacted:
        delays = (
            leads.filter(first_contact_at__isnull=False)
            .annotate(delay=contact_delay())
            .order_by("delay")
            .values_list("delay", flat=True)
        )
        middle = list(delays[(contacted - 1) // 2 : contacted // 2 + 1])
        median = sum(middle, timedelta()) / len(middle)
    table = Table("first_contact", _("Время до первого контакта"), [_("Показатель"), _("Значение")])
    table.rows = [
        [str(_("Заявок")), totals["total"]],
        [str(_("С контактом")), contacted],
        [str(_("Без контакта")), totals["total"] - contacted],
        [str(_("Среднее, ч")), hours(totals["mean"])],
        [str(_("Медиана, ч")), hours(median)],
    ]
    return table


def sales_tables(leads):
    return [funnel(leads), by_source(leads), by_stage(leads), by_manager(leads), first_contact(leads)]


# -- cashback --------------------------------------------------------------------------------------------------------


def cashback_totals(deals):
    """Per cashback status: deals, their prices and cashback; and the overall line. One query."""
    rows = {
        row["cashback_status"]: row
        for row in deals.order_by()
        .values("cashback_status")
        .annotate(deals=Count("pk"), price=Sum("price"), amount=Sum("cashback_amount"))
    }
    table = Table(
        "cashback_totals",
        _("Итого по статусам кэшбека"),
        [_("Статус"), _("Сделок"), _("Сумма сделок, ₽"), _("Кэшбек, ₽")],
    )
    zero = Decimal("0.00")
    for status in CashbackStatus:
        row = rows.get(status.value)
        if row:
            table.rows.append([str(status.label), row["deals"], row["price"] or zero, row["amount"] or zero])
    table.rows.append(
        [
            str(_("Всего")),
            sum(r["deals"] for r in rows.values()),
            sum((r["price"] or zero for r in rows.values()), zero),
            sum((r["amount"] or zero for r in rows.values()), zero),
        ]
    )
    return table


CASHBACK_HEADERS = [
    _("№"),
    _("Дата брони"),
    _("Покупатель"),
    _("Объект"),
    _("Застройщик"),
    _("Менеджер"),
    _("Этап сделки"),
    _("Цена, ₽"),
    _("Кэшбек, %"),
    _("Кэшбек, ₽"),
    _("Статус кэшбека"),
]


def cashback_deals(deals):
    return deals.select_related("lead__manager", "developer").order_by("-opened_on", "-pk")


def cashback_row(deal):
    manager = deal.lead.manager
    return [
        deal.pk,
        deal.opened_on,
        deal.lead.name,
        deal.object_title,
        deal.developer.name if deal.developer else "",
        str(manager) if manager else str(_("Не назначен")),
        str(deal.get_stage_display()),
        deal.price,
        deal.cashback_percent,
        deal.cashback_amount,
        str(deal.get_cashback_status_display()),
    ]


def cashback_table(deals):
    return Table(
        "cashback", _("Сделки и кэшбек"), CASHBACK_HEADERS, [cashback_row(deal) for deal in cashback_deals(deals)]
    )
