"""amoCRM (CRM): leads closed as won («Успешно реализовано», status 142) as purchases, phone from the main contact.

API v4:
    `Authorization: Bearer <token>`: an OAuth 2.0 access token or the long-lived token of a private integration
    (the same header); a bad or expired one answers 401 (problem+json: {"title", "type", "status", "detail"}).
    Requests go to the account's own address (https://<subdomain>.amocrm.ru), not the common domain.
    GET {account}/api/v4/leads?page=N&limit=250&with=contacts&filter[updated_at][from]=<unix>
        &filter[updated_at][to]=<unix>&order[updated_at]=asc
    -> 200 application/hal+json {"_page": N, "_links": {"self", "next"?}, "_embedded": {"leads": [{"id", "name",
        "price", "status_id", "closed_at", "updated_at", "_embedded": {"contacts": [{"id", "is_main"}]}}]}};
        204 with no body when the page is empty. The next page exists while "_links" has "next". `limit` is at
        most 250; `order` takes created_at, updated_at or id, asc or desc; `filter[updated_at]` is a range
        (from/to, Unix time, both ends included).
    GET {account}/api/v4/contacts?limit=250&filter[id][]=1&filter[id][]=2
    -> {"_embedded": {"contacts": [{"id", "custom_fields_values": [{"field_code": "PHONE",
        "values": [{"value"}]}]}]}}; like every list it pages (50 a page unless `limit` says more), so the ids of a
        page of leads are asked for 250 at a time with limit=250.
    At most 7 requests a second; beyond it 429 (and repeated abuse blocks the IP: 403, which we treat as refused
    credentials — a person has to look).

Sources (checked 2026-12): amocrm.ru/developers/content/crm_platform/leads-api («Список сделок»: with, page,
limit ≤ 250, query, filter, order; hal+json / problem+json; 200/401), .../crm_platform/filters-api (filter[id]
as an array, filter[updated_at] as a from/to range), amocrm.com/developers/content/api_v4/leads-2 (the same in
English), kommo «Limitations» (7 requests a second, IP blocking), amoCRM's error reference (problem+json bodies).
Fixed against them: the contacts request now asks for limit=250 (it returned only the first 50 phones of a page of
up to 250 leads).

Credentials: {"access_token"}; settings: {"since" (optional ISO start), "won_status_id" (default 142)}.
"""

from integrations.partners.base import ConnectorError, WindowedAdapter, call, make_record

WON = 142
CONTACTS_LIMIT = 250  # the most a list returns a page


class AmoCrmAdapter(WindowedAdapter):
    page_size = 250

    def get(self, path, params):
        headers = {"Authorization": f"Bearer {self.credential('access_token')}"}
        answer = call("GET", f"{self.base_url}/api/v4/{path}", params=params, headers=headers, timeout=self.timeout)
        if answer is not None and not isinstance(answer, dict):
            raise ConnectorError(f"amoCRM {path}: {str(answer)[:200]}")
        return answer or {}

    def phones(self, contact_ids):
        ids, contacts = sorted(contact_ids), []
        for start in range(0, len(ids), CONTACTS_LIMIT):
            answer = self.get(
                "contacts", {"limit": CONTACTS_LIMIT, "filter[id][]": ids[start : start + CONTACTS_LIMIT]}
            )
            contacts += (answer.get("_embedded") or {}).get("contacts") or []
        found = {}
        for contact in contacts:
            for field in contact.get("custom_fields_values") or []:
                values = [item.get("value") for item in field.get("values") or [] if item.get("value")]
                if field.get("field_code") == "PHONE" and values:
                    found[contact.get("id")] = values[0]
                    break
        return found

    def fetch(self, cursor):
        since, until, page = self.window(cursor)
        answer = self.get(
            "leads",
            {
                "page": page,
                "limit": self.page_size,
                "with": "contacts",
                "filter[updated_at][from]": int(since.timestamp()),
                "filter[updated_at][to]": int(until.timestamp()) - 1,
                "order[updated_at]": "asc",
            },
        )
        won = int(self.options.get("won_status_id") or WON)
        leads = (answer.get("_embedded") or {}).get("leads") or []
        closed = [lead for lead in leads if lead.get("status_id") == won]

        def contact_of(lead):
            contacts = (lead.get("_embedded") or {}).get("contacts") or []
            main = [contact for contact in contacts if contact.get("is_main")] or contacts
            return main[0].get("id") if main else None

        phones = self.phones({contact_of(lead) for lead in closed} - {None})
        records = [
            make_record(
                lead.get("id"),
                lead.get("closed_at") or lead.get("updated_at"),
                lead.get("price"),
                phones.get(contact_of(lead)),
                description=lead.get("name") or "",
            )
            for lead in closed
        ]
        more = "next" in (answer.get("_links") or {})
        return self.page(records, since, until, page, more, skipped=len(leads) - len(closed))
