"""МИС Renovatio (clinic software; Миллениум, a medical centre): paid invoices as purchases. Only the amount, the
date and the category ever leave it (врачебная тайна): the adapter never asks for services, doctors or diagnoses,
and sends no description, whatever the invoice holds.

Where the shape comes from. The vendor's help centre lists the public API's methods and how to start with it
(help.rnova.org, «Интеграции → Работа с API»: getClinics, getUsers, getServices, getSchedule, createAppointment,
...), but its per-method reference was not found in what could be searched. The request and answer shapes below
are those used by public integrations of the same API (clients on GitHub that read getInvoices, getPatient and
getAppointments from app.rnova.org); what none of them shows is marked (assumed) and read leniently:
    POST {base}/{method} with base https://app.rnova.org/api/public, an HTML-form body (application/x-www-form-
        urlencoded) with `api_key` and the method's parameters
    -> 200 {"error": 0, "data": [...]}; a refusal {"error": 1, "data": {"code": ..., "desc": "..."}}; a refused key
        is a refusal whose code is 401 or 403 or whose text names the key (assumed), or an HTTP 401/403
    getInvoices: date_from, date_to (DD.MM.YYYY, both inclusive), status=2 (paid), optional clinic_id
    -> [{"id", "value" (the sum, rubles), "date" (DD.MM.YYYY[ HH:MM], assumed; "date_created" also read),
        "patient_id", "patient_phone" (assumed, read when present)}]
    getPatient: patient_id -> {"id", "mobile" (assumed; "phone" also read)} — the phone the club matches by
    429 with Retry-After when asked too often (as the other adapters; the limit itself is not published).
No paging parameters were seen, so the adapter pages by dates: the cursor is {"date": "YYYY-MM-DD"}, the first day
not read completely, and each page is `window_days` days (settings, 1 by default) up to today. Today is read again
by the next sync (its invoices are still coming); a purchase is recorded once per invoice id, so that costs nothing.

Credentials: {"api_key"}; settings: {"since" (ISO start, default 2020-01-01), "window_days", "clinic_id",
"category" (a catalog category slug, default the partner's own)}.
"""

from contextlib import suppress
from datetime import date, datetime, timedelta

from django.utils import timezone

from integrations.partners.base import Adapter, AuthError, ConnectorError, Page, call, make_record, to_datetime

PAID = 2
RU_FORMATS = ("%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y")


def ru_date(day: date) -> str:
    return day.strftime("%d.%m.%Y")


class RenovatioAdapter(Adapter):
    def method(self, name, **params):
        form = {"api_key": self.credential("api_key"), **{key: value for key, value in params.items() if value}}
        answer = call("POST", f"{self.base_url}/{name}", form=form, timeout=self.timeout)
        if not isinstance(answer, dict) or "error" not in answer:
            raise ConnectorError(f"Renovatio {name}: {str(answer)[:200]}")
        if str(answer["error"]) != "0":
            detail = answer.get("data") if isinstance(answer.get("data"), dict) else {}
            text = f"Renovatio {name}: {detail.get('code', '')} {detail.get('desc', '')}".strip()
            if str(detail.get("code")) in ("401", "403") or "api_key" in text.lower() or "ключ" in text.lower():
                raise AuthError(text)
            raise ConnectorError(text)
        return answer.get("data")

    def when(self, value):
        """A date as Renovatio writes it (DD.MM.YYYY HH:MM, in the clinic's time) or ISO."""
        text = str(value or "").strip()
        for pattern in RU_FORMATS:
            try:
                return datetime.strptime(text, pattern).replace(tzinfo=self.tz)
            except ValueError:
                continue
        return to_datetime(text, self.tz)

    def phones(self, invoices):
        """Each patient's phone: from the invoice when it carries one, else one getPatient per patient."""
        found = {}
        for invoice in invoices:
            patient = invoice.get("patient_id")
            if patient in found or patient is None:
                continue
            phone = invoice.get("patient_phone")
            if not phone:
                data = self.method("getPatient", patient_id=patient)
                data = data[0] if isinstance(data, list) and data else data
                data = data if isinstance(data, dict) else {}
                phone = data.get("mobile") or data.get("phone")
            found[patient] = phone or ""
        return found

    def record(self, invoice, phones, category):
        moment = invoice.get("date") or invoice.get("date_created")
        with suppress(ValueError, TypeError):  # a date that does not parse: make_record reports it
            moment = self.when(moment)
        return make_record(
            invoice.get("id"), moment, invoice.get("value"), phones.get(invoice.get("patient_id")), category=category
        )

    def fetch(self, cursor):
        today = timezone.localdate(timezone.now(), self.tz)
        start = (cursor or {}).get("date") or self.options.get("since") or "2020-01-01"
        first = date.fromisoformat(str(start)[:10])
        last = min(first + timedelta(days=max(int(self.options.get("window_days") or 1), 1) - 1), today)
        if first > today:  # a cursor from a clock that ran ahead: read today
            first = last = today
        invoices = self.method(
            "getInvoices", date_from=ru_date(first), date_to=ru_date(last), status=PAID,
            clinic_id=self.options.get("clinic_id"),
        )  # fmt: skip
        invoices = [invoice for invoice in invoices or [] if isinstance(invoice, dict)]
        paid = [invoice for invoice in invoices if str(invoice.get("status", PAID)) == str(PAID)]
        phones = self.phones(paid)
        category = self.options.get("category") or ""
        records = [self.record(invoice, phones, category) for invoice in paid]
        more = last < today
        next_day = last + timedelta(days=1) if more else today
        return Page(records, {"date": next_day.isoformat()}, more=more, skipped=len(invoices) - len(paid))
