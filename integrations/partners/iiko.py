"""iiko Cloud (iikoTransport, the restaurant POS's cloud API): closed orders as purchases.

API (api-ru.iiko.services, documented at api-ru.iiko.services/docs):
    POST /api/1/access_token {"apiLogin"} -> {"correlationId", "token"}; the token lives about an hour and goes
    in `Authorization: Bearer <token>`; an expired one answers 401 (we then take a new one once).
    POST /api/1/deliveries/by_revision {"organizationIds": [...], "startRevision": N}
    -> {"maxRevision": M, "ordersByOrganizations": [{"organizationId", "orders": [
          {"id", "order": {"number", "phone", "sum", "status" ("Closed", "Cancelled", ...), "whenCreated",
                           "whenClosed" ("2027-03-01 12:00:00.000", the organisation's local time),
                           "customer": {"phone"}}}]}]}
    The revision is the incremental cursor: the next call starts from maxRevision. Errors come as
    {"errorDescription", "error"}; too many requests answer 429.

    POST /api/1/deliveries/by_delivery_date_and_status {"organizationIds", "deliveryDateFrom", "deliveryDateTo"
         ("2027-03-01 00:00:00.000", local time), "statuses": ["Closed"]}
    -> the same shape (with "maxRevision"): every order of those statuses delivered in the range.

Credentials: {"api_login"}; settings: {"organization_ids": [...], "since" (optional ISO start of a first read),
"rescan_days" (how far back a read by dates goes with no earlier sync, default 7), "rescan_chunk_days" (days per
request of such a read, default 1)}.

Checked against the vendor's OpenAPI reference (api-ru.iiko.services, tag «Deliveries: Retrieve»: POST
/api/1/deliveries/by_revision and /api/1/deliveries/by_delivery_date_and_status, Bearer JWT from
/api/1/access_token, 401 when it expires) as generated clients and public integrations use it (the
iikocloudapi package on PyPI, Go and JS clients that seed the revision from by_delivery_date_and_status's
maxRevision).

A stale cursor: by_revision takes a start revision only so far back (public integrations speak of hours; neither
the window nor the refusal's wording is in what we could check), so a connector that has not synced for longer is
refused: we take any 4xx other than 401/403/429 from by_revision as that. Then the adapter reads the
missed time by delivery dates instead, from a day before the last sync (the cursor's "synced_at"; without one,
`since` or `rescan_days` back) to now, a chunk of days per page, and takes up by_revision again from the
maxRevision the first of those reads returned, so nothing changed during the read is missed; purchases are
unique per document, so what both reads return is recorded once. Table orders have methods of their own
(/api/1/order/...) that this adapter does not read.
"""

from datetime import timedelta

from django.utils import timezone

from integrations.partners.base import (
    Adapter,
    AuthError,
    ConnectorError,
    Page,
    RateLimited,
    Unavailable,
    call,
    make_record,
    to_datetime,
)

CLOSED = "Closed"
DATE_FORMAT = "%Y-%m-%d %H:%M:%S.000"


class StaleRevision(ConnectorError):
    """by_revision refused the revision a read by dates has just given: the sync stops with this error."""


class IikoAdapter(Adapter):
    token = None

    def authenticate(self):
        answer = call(
            "POST", f"{self.base_url}/api/1/access_token", body={"apiLogin": self.credential("api_login")},
            timeout=self.timeout,
        )  # fmt: skip
        if not isinstance(answer, dict) or not answer.get("token"):
            raise AuthError("iiko gave no token")
        self.token = answer["token"]

    def post(self, path, body):
        if self.token is None:
            self.authenticate()
        try:
            return call("POST", self.base_url + path, body=body, headers=self.auth(), timeout=self.timeout)
        except AuthError:  # the token expired: take a new one, once
            self.authenticate()
            return call("POST", self.base_url + path, body=body, headers=self.auth(), timeout=self.timeout)

    def auth(self):
        return {"Authorization": f"Bearer {self.token}"}

    def organizations(self):
        organizations = self.options.get("organization_ids") or []
        if not organizations:
            raise ConnectorError("settings: organization_ids is not set")
        return organizations

    def orders(self, answer):
        """(records, skipped) from an answer's ordersByOrganizations."""
        if not isinstance(answer, dict) or "maxRevision" not in answer:
            raise ConnectorError(f"iiko answered without maxRevision: {str(answer)[:200]}")
        records, skipped = [], 0
        for group in answer.get("ordersByOrganizations") or []:
            for entry in group.get("orders") or []:
                order = entry.get("order") or {}
                if order.get("status") != CLOSED:
                    skipped += 1
                    continue
                records.append(
                    make_record(
                        entry.get("id"),
                        order.get("whenClosed") or order.get("whenCreated"),
                        order.get("sum"),
                        order.get("phone") or (order.get("customer") or {}).get("phone"),
                        tz=self.tz,
                    )
                )
        return records, skipped

    def fetch(self, cursor):
        cursor = cursor or {}
        if cursor.get("rescan"):
            return self.rescan(cursor)
        start = int(cursor.get("revision") or 0)
        now = timezone.now().replace(microsecond=0)
        try:
            answer = self.post(
                "/api/1/deliveries/by_revision", {"organizationIds": self.organizations(), "startRevision": start}
            )
        except (AuthError, RateLimited, Unavailable):
            raise
        except ConnectorError as error:  # a 4xx: the start revision is too old (or the service forgot it)
            if cursor.get("rescanned"):  # refused again right after a read by dates: something else is wrong
                raise StaleRevision(f"by_revision refused revision {start} after a read by dates: {error}") from error
            return self.rescan({"rescan": self.missed_time(cursor, now)})
        records, skipped = self.orders(answer)
        revision = int(answer["maxRevision"])
        more = bool(records or skipped) and revision > start
        return Page(
            records, {"revision": max(revision, start), "synced_at": now.isoformat()}, more=more, skipped=skipped
        )

    def missed_time(self, cursor, now):
        if cursor.get("synced_at"):
            since = to_datetime(cursor["synced_at"]) - timedelta(days=1)
        elif self.options.get("since"):
            since = to_datetime(self.options["since"])
        else:
            since = now - timedelta(days=int(self.options.get("rescan_days") or 7))
        return {"from": since.isoformat(), "until": now.isoformat()}

    def rescan(self, cursor):
        """One chunk of the read by delivery dates; the cursor keeps the range left and the revision to resume from."""
        window = cursor["rescan"]
        since, until = to_datetime(window["from"]), to_datetime(window["until"])
        end = min(since + timedelta(days=int(self.options.get("rescan_chunk_days") or 1)), until)
        answer = self.post(
            "/api/1/deliveries/by_delivery_date_and_status",
            {
                "organizationIds": self.organizations(),
                "deliveryDateFrom": since.astimezone(self.tz).strftime(DATE_FORMAT),
                "deliveryDateTo": end.astimezone(self.tz).strftime(DATE_FORMAT),
                "statuses": [CLOSED],
            },
        )
        records, skipped = self.orders(answer)
        revision = cursor.get("resume_revision")
        revision = int(answer["maxRevision"]) if revision is None else int(revision)
        if end < until:
            left = {"rescan": {"from": end.isoformat(), "until": until.isoformat()}, "resume_revision": revision}
            return Page(records, left, more=True, skipped=skipped)
        done = {"revision": revision, "synced_at": until.isoformat(), "rescanned": True}
        return Page(records, done, more=True, skipped=skipped)
