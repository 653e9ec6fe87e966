"""Report tables (leads.reports.Table) as CSV or XLSX downloads.

CSV: one file, each table under its title with a blank line between (UTF-8 with BOM and «;», as Excel in
Russian locales opens it). XLSX: one sheet per table, numbers as numbers, dates as dates."""

import csv
import io
from datetime import date
from decimal import Decimal

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def cell_text(value):
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return str(value).replace(".", ",")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return str(value)


def as_csv(tables, filename):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    for index, table in enumerate(tables):
        if index:
            writer.writerow([])
        writer.writerow([str(table.title)])
        writer.writerow([str(header) for header in table.headers])
        writer.writerows([cell_text(value) for value in row] for row in table.rows)
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def as_xlsx(tables, filename):
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for table in tables:
        sheet = workbook.create_sheet(str(table.title)[:31])
        sheet.append([str(header) for header in table.headers])
        for cell in sheet[1]:
            cell.font = bold
        for row in table.rows:
            sheet.append([float(value) if isinstance(value, Decimal) else value for value in row])
        for column, header in zip(sheet.columns, table.headers, strict=False):
            sheet.column_dimensions[column[0].column_letter].width = max(12, min(40, len(str(header)) + 4))
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def export(tables, filename, fmt):
    return as_xlsx(tables, filename) if fmt == "xlsx" else as_csv(tables, filename)
