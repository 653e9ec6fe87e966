"""Fake partner systems speaking the protocols in integrations/partners/*.py's docstrings: each checks the
credentials, pages its rows the service's way, filters by the change window or revision it is asked for, and
lets a test script trouble: `rate_limit_once` (429 with Retry-After, or Bitrix24's QUERY_LIMIT_EXCEEDED),
`fail_times` (503s). `rows` are the service's own JSON rows; add to them between syncs."""

import re
from datetime import datetime
from urllib.parse import unquote

from integrations.partners.base import basic_auth

from .http import FakeService

SLEPT = []


def record_sleep(seconds):
    """CONNECTOR_SLEEP in the tests: remember the wait instead of sleeping."""
    SLEPT.append(seconds)


def when(value):
    return datetime.fromisoformat(value) if isinstance(value, str) else datetime.fromtimestamp(value).astimezone()


class FakePartner(FakeService):
    def __init__(self, rows=(), *, rate_limit_once=False, fail_times=0, fail_after=0, page_size=2):
        """`fail_after`: answer that many requests well before the `fail_times` 503s begin."""
        self.rows = list(rows)
        self.rate_limits_left = int(rate_limit_once)
        self.failures_left = fail_times
        self.good_answers_left = fail_after
        self.page_size = page_size
        super().__init__(self.route)

    def route(self, request):
        refused = self.check_auth(request)
        if refused:
            return refused
        if self.rate_limits_left:
            self.rate_limits_left -= 1
            return self.rate_limited()
        if self.good_answers_left:
            self.good_answers_left -= 1
        elif self.failures_left:
            self.failures_left -= 1
            return 503, {"error": "temporarily unavailable"}
        return self.handle(request)

    def rate_limited(self):
        return 429, {"error": "too many requests"}, {"Retry-After": "7"}

    def changed_in(self, row, field, since, until):
        return since <= when(row[field]) < until


class FakeYclients(FakePartner):
    PARTNER, USER, COMPANY = "partner-token", "user-token", "4242"

    def check_auth(self, request):
        if request.headers.get("Authorization") != f"Bearer {self.PARTNER}, User {self.USER}":
            return 401, {"success": False, "meta": {"message": "Авторизация не удалась"}}
        return None

    def handle(self, request):
        if request.path != f"/records/{self.COMPANY}":
            return 404, {"success": False, "meta": {"message": "not found"}}
        query = request.query
        since, until = when(query["changed_after"]), when(query["changed_before"])
        rows = [row for row in self.rows if self.changed_in(row, "last_change_date", since, until)]
        count, page = int(query["count"]), int(query["page"])
        return 200, {"success": True, "data": rows[(page - 1) * count : page * count], "meta": {"count": len(rows)}}


def yclients_record(record_id, phone, cost, *, changed, came=True, at="2027-03-01T12:00:00+03:00", title="Маникюр"):
    return {
        "id": record_id,
        "datetime": at,
        "attendance": 1 if came else -1,
        "deleted": False,
        "client": {"phone": phone},
        "services": [{"title": title, "cost": cost}],
        "last_change_date": changed,
    }


class FakeIiko(FakePartner):
    """`oldest_revision`: by_revision refuses a start revision below it (400), as iiko does with one too old;
    by_delivery_date_and_status returns the orders of the asked statuses delivered in the range (by the order's
    completeBefore), all at once, with the current maxRevision."""

    API_LOGIN, ORGANIZATION = "iiko-api-login", "org-1"

    def __init__(self, *args, oldest_revision=0, **kwargs):
        self.tokens = set()
        self.oldest_revision = oldest_revision
        super().__init__(*args, **kwargs)

    def check_auth(self, request):
        if request.path == "/api/1/access_token":
            if request.json.get("apiLogin") != self.API_LOGIN:
                return 401, {"errorDescription": "Login is not authorized"}
            token = f"token-{len(self.tokens) + 1}"
            self.tokens.add(token)
            return 200, {"correlationId": "c", "token": token}
        if request.headers.get("Authorization", "").removeprefix("Bearer ") not in self.tokens:
            return 401, {"errorDescription": "Unauthorized"}
        return None

    def expire_tokens(self):
        self.tokens.clear()

    def handle(self, request):
        if request.json.get("organizationIds") != [self.ORGANIZATION]:
            return 400, {"errorDescription": "bad request"}
        if request.path == "/api/1/deliveries/by_delivery_date_and_status":
            return self.by_dates(request.json)
        if request.path != "/api/1/deliveries/by_revision":
            return 404, {"errorDescription": "not found"}
        start = request.json["startRevision"]
        if start < self.oldest_revision:
            return 400, {"correlationId": "c", "errorDescription": f"Revision {start} is outdated", "error": "OUTDATED"}
        newer = sorted((row for row in self.rows if row["revision"] > start), key=lambda row: row["revision"])
        chunk = newer[: self.page_size]
        revision = chunk[-1]["revision"] if chunk else max([start, *(row["revision"] for row in self.rows)])
        orders = [{"id": row["id"], "order": row["order"]} for row in chunk]
        return 200, {
            "correlationId": "c",
            "maxRevision": revision,
            "ordersByOrganizations": [{"organizationId": self.ORGANIZATION, "orders": orders}],
        }

    def by_dates(self, body):
        since, until = (
            datetime.strptime(body[key], "%Y-%m-%d %H:%M:%S.%f") for key in ("deliveryDateFrom", "deliveryDateTo")
        )
        statuses = set(body.get("statuses") or [])
        rows = [
            row
            for row in self.rows
            if since <= datetime.strptime(row["order"]["completeBefore"], "%Y-%m-%d %H:%M:%S.%f") < until
            and (not statuses or row["order"]["status"] in statuses)
        ]
        return 200, {
            "correlationId": "c",
            "maxRevision": max([0, *(row["revision"] for row in self.rows)]),
            "ordersByOrganizations": [
                {
                    "organizationId": self.ORGANIZATION,
                    "orders": [{"id": row["id"], "order": row["order"]} for row in rows],
                }
            ],
        }


def iiko_order(order_id, phone, total, revision, *, status="Closed", closed="2027-03-01 12:00:00.000"):
    return {
        "id": order_id,
        "revision": revision,
        "order": {
            "number": 1, "phone": phone, "sum": total, "status": status, "whenClosed": closed, "completeBefore": closed,
        },
    }  # fmt: skip


class FakeBitrix24(FakePartner):
    USER_ID, CODE = "1", "webhook-code"

    def __init__(self, *args, contacts=(), **kwargs):
        self.contacts = list(contacts)
        super().__init__(*args, **kwargs)

    overloaded = False  # set: the portal has blocked the webhook for its load

    def check_auth(self, request):
        if not request.path.startswith(f"/rest/{self.USER_ID}/{self.CODE}/"):
            return 401, {"error": "NO_AUTH_FOUND", "error_description": "Wrong authorization data"}
        if self.overloaded:
            return 503, {"error": "OVERLOAD_LIMIT", "error_description": "REST API is blocked due to overload."}
        return None

    def rate_limited(self):
        return 503, {"error": "QUERY_LIMIT_EXCEEDED", "error_description": "Too many requests"}

    def handle(self, request):
        method, body = request.path.rsplit("/", 1)[1], request.json
        if method == "crm.contact.list.json":
            ids = {str(value) for value in body["filter"]["@ID"]}
            return 200, {"result": [contact for contact in self.contacts if contact["ID"] in ids]}
        if method != "crm.deal.list.json":
            return 400, {"error": "ERROR_METHOD_NOT_FOUND"}
        since, until = when(body["filter"][">=DATE_MODIFY"]), when(body["filter"]["<DATE_MODIFY"])
        stage = body["filter"]["STAGE_SEMANTIC_ID"]
        rows = [
            row for row in self.rows if since <= when(row["DATE_MODIFY"]) < until and row["STAGE_SEMANTIC_ID"] == stage
        ]
        start = int(body.get("start") or 0)
        answer = {"result": rows[start : start + self.page_size], "total": len(rows)}
        if start + self.page_size < len(rows):
            answer["next"] = start + self.page_size
        return 200, answer


def bitrix_deal(deal_id, contact_id, total, *, modified, won=True, title="Пилинг"):
    return {
        "ID": str(deal_id), "TITLE": title, "OPPORTUNITY": str(total), "CLOSEDATE": "2027-03-01T12:00:00+03:00",
        "CONTACT_ID": str(contact_id), "DATE_MODIFY": modified, "STAGE_SEMANTIC_ID": "S" if won else "F",
    }  # fmt: skip


def bitrix_contact(contact_id, phone):
    return {"ID": str(contact_id), "PHONE": [{"VALUE": phone, "VALUE_TYPE": "MOBILE"}]}


class FakeAmoCrm(FakePartner):
    TOKEN = "amo-access-token"

    def __init__(self, *args, contacts=(), **kwargs):
        self.contacts = list(contacts)
        super().__init__(*args, **kwargs)

    def check_auth(self, request):
        if request.headers.get("Authorization") != f"Bearer {self.TOKEN}":
            return 401, {"title": "Unauthorized", "status": 401}
        return None

    def handle(self, request):
        if request.path == "/api/v4/contacts":
            ids = set(request.lists.get("filter[id][]", []))
            found = [contact for contact in self.contacts if str(contact["id"]) in ids]
            limit = min(int(request.query.get("limit") or 50), 250)  # 50 a page unless asked for more
            if not found:
                return 204, b""
            return 200, {"_embedded": {"contacts": found[:limit]}}
        if request.path != "/api/v4/leads":
            return 404, {"title": "Not found"}
        query = request.query
        since, until = int(query["filter[updated_at][from]"]), int(query["filter[updated_at][to]"])
        rows = [row for row in self.rows if since <= row["updated_at"] <= until]
        page, limit = int(query["page"]), int(query["limit"])
        chunk = rows[(page - 1) * limit : page * limit]
        if not chunk:
            return 204, b""
        links = {"self": {"href": "..."}}
        if page * limit < len(rows):
            links["next"] = {"href": "..."}
        return 200, {"_page": page, "_links": links, "_embedded": {"leads": chunk}}


def amo_lead(lead_id, contact_id, price, *, updated_at, won=True):
    return {
        "id": lead_id, "name": "Сеанс", "price": price, "status_id": 142 if won else 143,
        "closed_at": updated_at, "updated_at": updated_at,
        "_embedded": {"contacts": [{"id": contact_id, "is_main": True}]},
    }  # fmt: skip


def amo_contact(contact_id, phone):
    return {"id": contact_id, "custom_fields_values": [{"field_code": "PHONE", "values": [{"value": phone}]}]}


class FakeOneC(FakePartner):
    """`server_page`: a publication that pages by itself, answering at most that many rows with an
    "odata.nextLink" while more are left (1С itself does not; some proxies and newer publications do)."""

    USER, PASSWORD = "odata", "odata-password"

    def __init__(self, *args, server_page=None, **kwargs):
        self.server_page = server_page
        super().__init__(*args, **kwargs)

    FILTER = re.compile(r"Date ge datetime'([^']+)' and Date lt datetime'([^']+)' and Posted eq true")

    def check_auth(self, request):
        if request.headers.get("Authorization") != basic_auth(self.USER, self.PASSWORD):
            return 401, {"odata.error": {"code": "", "message": {"lang": "ru", "value": "Не авторизован"}}}
        return None

    def handle(self, request):
        if unquote(request.path) != "/odata/standard.odata/Document_ЧекККМ" or request.query.get("$format") != "json":
            message = {"lang": "ru", "value": "Не найден объект метаданных"}
            return 404, {"odata.error": {"code": "14", "message": message}}
        since, until = self.FILTER.search(request.query["$filter"]).groups()
        rows = [row for row in self.rows if since <= row["Date"] < until and row["Posted"]]
        skip, top = int(request.query["$skip"]), int(request.query["$top"])
        answer = {"odata.metadata": "...", "value": rows[skip : skip + min(top, self.server_page or top)]}
        if self.server_page and skip + len(answer["value"]) < len(rows):
            answer["odata.nextLink"] = f"Document_ЧекККМ?$skip={skip + len(answer['value'])}"
        return 200, answer


def onec_check(key, phone, total, *, date="2027-03-01T12:00:00", posted=True):
    return {"Ref_Key": key, "Number": "0001", "Date": date, "Posted": posted, "DeletionMark": False,
            "СуммаДокумента": total, "Телефон": phone}  # fmt: skip


class FakeCsvFile(FakePartner):
    TOKEN = "csv-token"

    def __init__(self, text="", **kwargs):
        self.text = text
        super().__init__(**kwargs)

    def check_auth(self, request):
        if request.headers.get("Authorization") != f"Bearer {self.TOKEN}":
            return 401, {"error": "unauthorized"}
        return None

    def handle(self, request):
        return 200, self.text.encode()


class FakeRenovatio(FakePartner):
    """МИС Renovatio's public API: POST /{method} with an HTML form holding `api_key`; {"error": 0, "data": ...}.
    getInvoices filters by the DD.MM.YYYY dates (inclusive) and the status asked; getPatient gives the phone."""

    API_KEY = "rnova-api-key"

    def __init__(self, *args, patients=(), **kwargs):
        self.patients = {patient["id"]: patient for patient in patients}
        super().__init__(*args, **kwargs)

    def check_auth(self, request):
        if request.method != "POST" or request.form.get("api_key") != self.API_KEY:
            return 200, {"error": 1, "data": {"code": 401, "desc": "Неверный api_key"}}
        return None

    def handle(self, request):
        form = request.form
        if request.path == "/getPatient":
            patient = self.patients.get(int(form["patient_id"]))
            if patient is None:
                return 200, {"error": 1, "data": {"code": 404, "desc": "Пациент не найден"}}
            return 200, {"error": 0, "data": patient}
        if request.path != "/getInvoices":
            return 200, {"error": 1, "data": {"code": 404, "desc": "Метод не найден"}}

        def day(text):
            return datetime.strptime(text[:10], "%d.%m.%Y").date()

        since, until = day(form["date_from"]), day(form["date_to"])
        rows = [row for row in self.rows if since <= day(row["date"]) <= until]
        if "status" in form:
            rows = [row for row in rows if str(row["status"]) == form["status"]]
        return 200, {"error": 0, "data": rows}


def renovatio_invoice(invoice_id, patient_id, value, *, date="01.03.2027 12:00", status=2):
    """An invoice as Renovatio lists it; the services are in it, and must never leave the adapter."""
    return {"id": invoice_id, "patient_id": patient_id, "value": value, "date": date, "status": status,
            "services": [{"title": "Консультация онколога", "price": value}]}  # fmt: skip


def renovatio_patient(patient_id, phone):
    return {"id": patient_id, "last_name": "Иванова", "mobile": phone}
