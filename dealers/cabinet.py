"""The dealer cabinet's data: the dealer's ads with their moderation status, the moderator's last word, and the
counters of a period (views, requests, test drives); the log of every change to them. A fixed number of queries
whatever the number of ads."""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from wagtail.models import PageLogEntry, TaskState, WorkflowState, get_default_page_content_type

from catalog.models import CarAdPage
from dealers import stats

LOG_LIMIT = 50
DEFAULT_DAYS = 30
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def default_period(today=None):
    today = today or timezone.localdate()
    return today - timedelta(days=DEFAULT_DAYS - 1), today


@dataclass
class AdRow:
    ad: CarAdPage
    status: str
    comment: str = ""
    counts: dict = field(default_factory=dict)


@dataclass
class Report:
    dealer: object
    start: date
    end: date
    counters: list
    rows: list

    @property
    def totals(self):
        return {c.key: sum(row.counts.get(c.key, 0) for row in self.rows) for c in self.counters}


def dealer_ads(dealer):
    return CarAdPage.objects.descendant_of(dealer.root_page).order_by("-latest_revision_created_at", "-pk")


def workflow_states(page_ids):
    """{page id: its latest workflow state} for these pages, and {page id: the moderator's latest comment}."""
    states = WorkflowState.objects.filter(
        base_content_type=get_default_page_content_type(), object_id__in=[str(pk) for pk in page_ids]
    ).order_by("created_at", "pk")
    latest = {int(state.object_id): state for state in states}
    task_states = (
        TaskState.objects.filter(workflow_state__in=[state.pk for state in latest.values()])
        .exclude(comment="")
        .order_by("finished_at", "pk")
        .values_list("workflow_state__object_id", "comment")
    )
    comments = {int(page_id): comment for page_id, comment in task_states}
    return latest, comments


def status_of(ad, state):
    if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
        return _("на модерации")
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        return _("нужны правки")
    if not ad.live:
        return _("черновик")
    if ad.has_unpublished_changes:
        return _("опубликовано, правки не отправлены")
    return _("опубликовано")


def build_report(dealer, start, end):
    ads = list(dealer_ads(dealer))
    ids = [ad.pk for ad in ads]
    states, comments = workflow_states(ids)
    all_counters = [stats.AdCounter("views", _("Просмотры"), stats.count_views, order=0), *stats.counters()]
    counts = {counter.key: counter.count(ids, start, end) if ids else {} for counter in all_counters}
    rows = [
        AdRow(
            ad=ad,
            status=status_of(ad, states.get(ad.pk)),
            comment=comments.get(ad.pk, ""),
            counts={key: by_page.get(ad.pk, 0) for key, by_page in counts.items()},
        )
        for ad in ads
    ]
    return Report(dealer, start, end, all_counters, rows)


def change_log(dealer, limit=LOG_LIMIT):
    """Every change to the dealer's ads and catalog (Wagtail's log): who, when, what, the moderator's comment."""
    root = dealer.root_page
    return (
        PageLogEntry.objects.filter(page__path__startswith=root.path, page__depth__gte=root.depth)
        .select_related("user", "page")
        .order_by("-timestamp", "-pk")[:limit]
    )


# -- export --------------------------------------------------------------------------------------------------------


def table(report):
    headers = [_("Объявление"), _("VIN"), _("Цена"), _("Статус"), *[str(c.label) for c in report.counters]]
    rows = [
        [row.ad.title, row.ad.vin, row.ad.price, str(row.status), *[row.counts[c.key] for c in report.counters]]
        for row in report.rows
    ]
    return headers, rows


def filename(report):
    return f"dealer-{report.dealer.pk}-{report.start:%Y%m%d}-{report.end:%Y%m%d}"


def cell_text(value):
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return str(value).replace(".", ",")  # as Excel in Russian locales reads a number
    return str(value)


def as_csv(report):
    headers, rows = table(report)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([report.dealer.name, f"{report.start:%d.%m.%Y} — {report.end:%d.%m.%Y}"])
    writer.writerow(headers)
    writer.writerows([cell_text(value) for value in row] for row in rows)
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename(report)}.csv"'
    return response


def as_xlsx(report):
    headers, rows = table(report)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Отчёт")
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([float(value) if isinstance(value, Decimal) else value for value in row])
    sheet.column_dimensions["A"].width = 40
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename(report)}.xlsx"'
    return response
