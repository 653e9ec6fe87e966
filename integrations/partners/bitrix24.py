"""Bitrix24 (CRM): won deals as purchases, the buyer's phone from the deal's contact.

REST API through an incoming webhook (documented at apidocs.bitrix24.ru):
    POST {portal}/rest/{user_id}/{webhook_code}/crm.deal.list.json
         {"filter": {">=DATE_MODIFY": ..., "<DATE_MODIFY": ..., "STAGE_SEMANTIC_ID": "S"},
          "order": {"DATE_MODIFY": "ASC", "ID": "ASC"}, "select": [...], "start": N}
    -> {"result": [{"ID", "TITLE", "OPPORTUNITY", "CLOSEDATE", "CONTACT_ID", "DATE_MODIFY"}], "next": N+50,
        "total", "time"}; 50 rows a page, "next" absent on the last one.
    POST .../crm.contact.list.json {"filter": {"@ID": [...]}, "select": ["ID", "PHONE"]}
    -> {"result": [{"ID", "PHONE": [{"VALUE", "VALUE_TYPE"}]}]}
    A wrong webhook answers 401 ({"error": "NO_AUTH_FOUND"} / "INVALID_CREDENTIALS"); over the request limit
    (2 a second per portal) 503 {"error": "QUERY_LIMIT_EXCEEDED"}, which we wait out like a 429.

Credentials: {"user_id", "webhook_code"}; settings: {"since" (optional ISO start)}.
"""

from integrations.partners.base import ConnectorError, RateLimited, Unavailable, WindowedAdapter, call, make_record

WON = "S"
SELECT = ["ID", "TITLE", "OPPORTUNITY", "CLOSEDATE", "CONTACT_ID", "DATE_MODIFY"]


class Bitrix24Adapter(WindowedAdapter):
    first_page = 0  # Bitrix24 pages by row offset ("start")

    def method(self, name, body):
        url = f"{self.base_url}/rest/{self.credential('user_id')}/{self.credential('webhook_code')}/{name}.json"
        try:
            answer = call("POST", url, body=body, timeout=self.timeout)
        except Unavailable as error:
            if "QUERY_LIMIT_EXCEEDED" in str(error):
                raise RateLimited(str(error), retry_after=1.0) from error
            raise
        if not isinstance(answer, dict) or "result" not in answer:
            raise ConnectorError(f"Bitrix24 {name}: {str(answer)[:200]}")
        return answer

    def phones(self, contact_ids):
        if not contact_ids:
            return {}
        answer = self.method("crm.contact.list", {"filter": {"@ID": sorted(contact_ids)}, "select": ["ID", "PHONE"]})
        found = {}
        for contact in answer["result"]:
            numbers = [item.get("VALUE") for item in contact.get("PHONE") or [] if item.get("VALUE")]
            if numbers:
                found[str(contact.get("ID"))] = numbers[0]
        return found

    def fetch(self, cursor):
        since, until, start = self.window(cursor)
        answer = self.method(
            "crm.deal.list",
            {
                "filter": {
                    ">=DATE_MODIFY": since.isoformat(),
                    "<DATE_MODIFY": until.isoformat(),
                    "STAGE_SEMANTIC_ID": WON,
                },
                "order": {"DATE_MODIFY": "ASC", "ID": "ASC"},
                "select": SELECT,
                "start": start,
            },
        )
        deals = answer["result"]
        phones = self.phones({str(deal["CONTACT_ID"]) for deal in deals if deal.get("CONTACT_ID")})
        records = [
            make_record(
                deal.get("ID"),
                deal.get("CLOSEDATE") or deal.get("DATE_MODIFY"),
                deal.get("OPPORTUNITY"),
                phones.get(str(deal.get("CONTACT_ID"))),
                description=deal.get("TITLE") or "",
            )
            for deal in deals
        ]
        following = answer.get("next")
        more = following is not None
        page = self.page(records, since, until, start, more)
        if more:
            page.next_cursor["page"] = int(following)
        return page
