"""The analytics tables as files: CSV (UTF-8 with a BOM, so Excel reads the Cyrillic) and XLSX (openpyxl).

Values keep their type in XLSX (numbers stay numbers, dates stay dates); CSV writes numbers with a dot."""

import csv
import io
import re
from datetime import date
from decimal import Decimal

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from bookings.analytics import Kind

CSV, XLSX = "csv", "xlsx"
FORMATS = (CSV, XLSX)
CONTENT_TYPES = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
NUMBER_FORMATS = {Kind.MONEY: "#,##0.00", Kind.PERCENT: "0.0", Kind.INT: "0", Kind.DATE: "DD.MM.YYYY"}
SHEET_TITLE_LENGTH = 31  # Excel's limit
CENT = Decimal("0.01")


def filename(key, period, fmt):
    return f"analytics-{key.replace('_', '-')}-{period.start:%Y-%m-%d}-{period.end:%Y-%m-%d}.{fmt}"


def attachment(content, name, fmt):
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def response(table, period, fmt):
    content = csv_bytes(table) if fmt == CSV else xlsx_bytes([table])
    return attachment(content, filename(table.key, period, fmt), fmt)


def workbook_response(tables, period):
    return attachment(xlsx_bytes(tables), filename("all", period, XLSX), XLSX)


def csv_value(value, kind):
    if value is None:
        return ""
    if kind == Kind.MONEY:
        return format(Decimal(value).quantize(CENT), "f")
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def csv_bytes(table):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([str(column.title) for column in table.columns])
    kinds = [column.kind for column in table.columns]
    for row in table.rows:
        writer.writerow([csv_value(value, kind) for value, kind in zip(row, kinds, strict=True)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def sheet_title(title, taken):
    title = re.sub(r"[\[\]:*?/\\]", " ", str(title))[:SHEET_TITLE_LENGTH].strip()
    base, number = title, 2
    while title in taken:
        suffix = f" {number}"
        title, number = base[: SHEET_TITLE_LENGTH - len(suffix)] + suffix, number + 1
    taken.add(title)
    return title


def xlsx_bytes(tables):
    workbook = Workbook()
    workbook.remove(workbook.active)
    taken = set()
    for table in tables:
        sheet = workbook.create_sheet(sheet_title(table.title, taken))
        sheet.append([str(column.title) for column in table.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append(list(row))
        for index, column in enumerate(table.columns, start=1):
            letter = get_column_letter(index)
            if number_format := NUMBER_FORMATS.get(column.kind):
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.number_format = number_format
            sheet.column_dimensions[letter].width = 40 if index == 1 else max(12, min(len(str(column.title)) + 2, 30))
        sheet.freeze_panes = "B2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
