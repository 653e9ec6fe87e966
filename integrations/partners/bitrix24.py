"""Bitrix24 (CRM): won deals as purchases, the buyer's phone from the deal's contact.

REST API through an incoming webhook (the webhook's address is its authentication: no token, no header):
    POST {portal}/rest/{user_id}/{webhook_code}/crm.deal.list.json
         {"filter": {">=DATE_MODIFY": ..., "<DATE_MODIFY": ..., "STAGE_SEMANTIC_ID": "S"},
          "order": {"DATE_MODIFY": "ASC", "ID": "ASC"}, "select": [...], "start": N}
    -> {"result": [{"ID", "TITLE", "OPPORTUNITY", "CLOSEDATE", "CONTACT_ID", "DATE_MODIFY"}], "next": N+50,
        "total", "time"}; always 50 rows a page, the next page asked with start=<"next">, "next" absent on the
        last one. (crm.deal.list takes CONTACT_ID, not CONTACT_IDS; its development has stopped in favour of
        crm.item.list, which still answers the same way for deals.)
    POST .../crm.contact.list.json {"filter": {"@ID": [...]}, "select": ["ID", "PHONE"]}
    -> {"result": [{"ID", "PHONE": [{"VALUE", "VALUE_TYPE"}]}]}; 50 rows a page too, and a page of deals has at
       most 50 contacts, so one call is enough.
    Errors: an HTTP status with {"error", "error_description"}. A wrong or deleted webhook answers 401
    (NO_AUTH_FOUND, INVALID_CREDENTIALS); over the request-rate limit (a leaky bucket per portal: 50 requests,
    then 2 a second; 250 and 5 on Enterprise) 503 QUERY_LIMIT_EXCEEDED, which we wait out like a 429; over the
    per-method time limit ("operating") 429, waited out the same way; OVERLOAD_LIMIT (the portal blocked the
    webhook for its load) is a 503 we do not retry within the run.

Sources (checked 2026-12): apidocs.bitrix24.com/api-reference/crm/deals/crm-deal-list.html (select, filter
prefixes >=, <, @, order, start: a static page of 50), apidocs.bitrix24.ru/limits.html («Лимиты REST API»: the
leaky bucket, 503 QUERY_LIMIT_EXCEEDED, operating limit), apidocs.bitrix24.com/error-codes.html (the error body
and system codes), dev.1c-bitrix.ru/rest_help/rest_sum (calling a method through a webhook, OVERLOAD_LIMIT). The
adapter already matched them; OVERLOAD_LIMIT is now reported as such instead of retried.

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
            if "OVERLOAD_LIMIT" in str(error):  # blocked for the load: retrying now makes it worse
                raise ConnectorError(f"Bitrix24 blocked the webhook for its load: {error}") from error
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
