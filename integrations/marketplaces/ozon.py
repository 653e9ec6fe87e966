"""Ozon Seller API (api-seller.ozon.ru), the Client-Id and Api-Key headers, every method a POST with JSON.

Reviews (confirmed in Ozon's published Review API): POST /v1/review/list {"limit", "last_id", "sort_dir",
  "status": "UNPROCESSED"} -> {"reviews": [{"id", "text", "rating", "sku", "published_at", "status"}],
  "has_next", "last_id"}; answer: POST /v1/review/comment/create {"review_id", "text",
  "mark_review_as_processed": true}. The Review API needs the seller's Premium Plus subscription.
Questions: POST /v1/question/list {"filter": {"date_from", "status": "NEW"}, "last_id"} -> {"questions":
  [{"id", "text", "sku", "product_url", "published_at", "status"}], "last_id"}; answer: POST
  /v1/question/answer/create {"question_id", "sku", "text"}. The question method names are Ozon's; the
  filter's field names (`date_from`, `status: "NEW"`) and `product_url` we could not confirm in a published
  schema."""

from datetime import datetime

from django.conf import settings

from integrations.marketplaces import QUESTION, REVIEW, Item, MarketplaceError, parse_time, request_json

PAGE = 100
NAME = "Ozon"


class Client:
    def __init__(self, client_id, api_key, base_url=""):
        if not (client_id and api_key):
            raise MarketplaceError(f"{NAME}: не заданы Client-Id и Api-Key магазина", auth=True)
        self.headers = {"Client-Id": str(client_id), "Api-Key": api_key}
        self.base_url = (base_url or settings.OZON_SELLER_API_URL).rstrip("/")

    def _call(self, path, payload):
        return request_json("POST", self.base_url + path, self.headers, payload, NAME)

    def _pages(self, path, payload, key):
        rows, last_id = [], ""
        while True:
            answer = self._call(path, {**payload, "last_id": last_id})
            page = answer.get(key) or []
            rows += page
            last_id = answer.get("last_id") or ""
            more = answer.get("has_next", True)  # the question list has no has_next: read to an empty page
            if not (page and more and last_id):
                return rows

    def fetch(self, since: datetime | None = None):
        question_filter = {"status": "NEW"}
        if since:
            question_filter["date_from"] = since.isoformat()
        items = [
            Item(f"q:{row['id']}", QUESTION, row.get("text") or "", row.get("product_url") or "",
                 str(row.get("sku") or ""), None, parse_time(row.get("published_at")))
            for row in self._pages("/v1/question/list", {"filter": question_filter}, "questions")
        ]  # fmt: skip
        reviews = self._pages("/v1/review/list", {"limit": PAGE, "sort_dir": "ASC", "status": "UNPROCESSED"}, "reviews")
        for row in reviews:
            created = parse_time(row.get("published_at"))
            if since and created and created < since:
                continue
            items.append(
                Item(f"r:{row['id']}", REVIEW, row.get("text") or "", "", str(row.get("sku") or ""),
                     row.get("rating"), created)
            )  # fmt: skip
        return items

    def publish(self, kind, external_id, text, sku=""):
        ozon_id = external_id.split(":", 1)[1]
        if kind == QUESTION:
            self._call("/v1/question/answer/create", {"question_id": ozon_id, "sku": int(sku or 0), "text": text})
        else:
            self._call(
                "/v1/review/comment/create", {"review_id": ozon_id, "text": text, "mark_review_as_processed": True}
            )
