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

Credentials: {"api_login"}; settings: {"organization_ids": [...]}.

Checked against the vendor's OpenAPI reference (api-ru.iiko.services, tag «Deliveries: Retrieve»: POST
/api/1/deliveries/by_revision, Bearer JWT from /api/1/access_token, 401 when it expires) as generated clients and
public integrations use it. Two things to know from those integrations, not yet handled here: by_revision takes
a start revision only a few hours behind the current one, so a connector that has not synced for longer may be
refused (re-seed it through /api/1/deliveries/by_delivery_date_and_status, which also returns maxRevision); and
these are the orders iikoTransport keeps as deliveries — table orders have methods of their own (/api/1/order/...)
that this adapter does not read.
"""

from integrations.partners.base import Adapter, AuthError, ConnectorError, Page, call, make_record

CLOSED = "Closed"


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

    def fetch(self, cursor):
        organizations = self.options.get("organization_ids") or []
        if not organizations:
            raise ConnectorError("settings: organization_ids is not set")
        start = int((cursor or {}).get("revision") or 0)
        answer = self.post("/api/1/deliveries/by_revision", {"organizationIds": organizations, "startRevision": start})
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
        revision = int(answer["maxRevision"])
        more = bool(records or skipped) and revision > start
        return Page(records, {"revision": max(revision, start)}, more=more, skipped=skipped)
