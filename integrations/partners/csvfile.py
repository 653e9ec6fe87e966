"""A CSV file of purchases at a URL (an export a partner's system drops somewhere we can read).

Columns (header row, comma or semicolon): external_id, date (ISO 8601 or "ДД.ММ.ГГГГ ЧЧ:ММ"), amount, phone,
and optionally category (a club category code) and description. UTF-8, with or without a BOM.
Credentials (optional): {"token"} for `Authorization: Bearer`, or {"user", "password"} for Basic.
The cursor is the number of rows already read; a file shorter than that is a new file, read from its start.
"""

import csv
import io
from datetime import datetime

from integrations.partners.base import Adapter, ConnectorError, Page, basic_auth, call, make_record

REQUIRED = {"external_id", "date", "amount", "phone"}


def parse_date(value):
    value = (value or "").strip()
    for pattern in ("%d.%m.%Y %H:%M", "%d.%m.%Y"):
        try:
            return datetime.strptime(value, pattern)
        except ValueError:
            continue
    return value


class CsvAdapter(Adapter):
    page_size = 500

    def rows(self):
        if not hasattr(self, "_rows"):
            headers = {}
            if self.credentials.get("token"):
                headers["Authorization"] = f"Bearer {self.credentials['token']}"
            elif self.credentials.get("user"):
                headers["Authorization"] = basic_auth(self.credentials["user"], self.credentials.get("password", ""))
            content = call("GET", self.base_url, headers=headers, timeout=self.timeout, raw=True)
            try:
                text = content.decode("utf-8-sig")
            except UnicodeDecodeError as error:
                raise ConnectorError("the CSV file is not UTF-8") from error
            dialect = csv.Sniffer().sniff(text[:2000], delimiters=",;") if text.strip() else csv.excel
            reader = csv.DictReader(io.StringIO(text), dialect=dialect)
            missing = REQUIRED - set(reader.fieldnames or ())
            if missing:
                raise ConnectorError(f"the CSV file has no columns {', '.join(sorted(missing))}")
            self._rows = list(reader)
        return self._rows

    def fetch(self, cursor):
        rows = self.rows()
        start = int((cursor or {}).get("row") or 0)
        if start > len(rows):
            start = 0
        chunk = rows[start : start + self.page_size]
        records = [
            make_record(
                row.get("external_id"),
                parse_date(row.get("date")),
                (row.get("amount") or "").replace(",", ".").replace(" ", ""),
                row.get("phone"),
                category=(row.get("category") or "").strip(),
                description=row.get("description") or "",
                tz=self.tz,
            )
            for row in chunk
        ]
        end = start + len(chunk)
        return Page(records, {"row": end}, more=end < len(rows))
