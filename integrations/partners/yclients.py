"""YCLIENTS (online booking for salons and clinics): the visits a client came to and paid, read as purchases.

REST API v2 (api.yclients.com/api/v1, documented at developers.yclients.com):
    every request carries `Authorization: Bearer <partner token>, User <user token>` and
    `Accept: application/vnd.yclients.v2+json`; a wrong token answers 401/403.
    GET /records/{company_id}?page=N&count=M&changed_after=<ISO>&changed_before=<ISO>
    -> {"success": true, "data": [record, ...], "meta": {"count": <total>}}
    record: {"id", "datetime" (ISO with offset), "attendance" (1 = the client came), "deleted",
             "client": {"phone"}, "services": [{"title", "cost"}]}
    Rate limit: 200 requests a minute per IP, 5 a second; beyond it 429.

Credentials: {"partner_token", "user_token"}; settings: {"company_id", "since" (optional ISO start)}.

Checked against how public integrations call the same endpoint (GET /api/v1/records/{company_id} with the
`Bearer <partner>, User <user>` header and the v2 Accept type; page/count paging; changed_after/changed_before
for what changed, start_date/end_date for the visit dates): the shape above matches.
"""

from integrations.partners.base import ConnectorError, WindowedAdapter, call, make_record

ACCEPT = "application/vnd.yclients.v2+json"
CAME = 1


class YclientsAdapter(WindowedAdapter):
    page_size = 100

    def fetch(self, cursor):
        since, until, page = self.window(cursor)
        company = self.options.get("company_id")
        if not company:
            raise ConnectorError("settings: company_id is not set")
        auth = f"Bearer {self.credential('partner_token')}, User {self.credential('user_token')}"
        answer = call(
            "GET",
            f"{self.base_url}/records/{company}",
            params={
                "page": page,
                "count": self.page_size,
                "changed_after": since.isoformat(),
                "changed_before": until.isoformat(),
            },
            headers={"Authorization": auth, "Accept": ACCEPT},
            timeout=self.timeout,
        )
        if not isinstance(answer, dict) or not answer.get("success"):
            raise ConnectorError(f"YCLIENTS refused: {str((answer or {}).get('meta', answer))[:200]}")
        rows = answer.get("data") or []
        records, skipped = [], 0
        for row in rows:
            if row.get("deleted") or row.get("attendance") != CAME:
                skipped += 1
                continue
            services = row.get("services") or []
            try:
                amount = sum(float(service.get("cost") or 0) for service in services)
            except (TypeError, ValueError):
                amount = None
            records.append(
                make_record(
                    row.get("id"),
                    row.get("datetime"),
                    amount,
                    (row.get("client") or {}).get("phone"),
                    description=", ".join(str(service.get("title", "")) for service in services),
                )
            )
        total = int((answer.get("meta") or {}).get("count") or 0)
        more = len(rows) == self.page_size and page * self.page_size < total
        return self.page(records, since, until, page, more, skipped)
