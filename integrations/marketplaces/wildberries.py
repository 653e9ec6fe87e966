"""Wildberries «Общение с покупателями» (feedbacks-api.wildberries.ru), the token in the Authorization header.

Questions: GET /api/v1/questions?isAnswered=false&take=&skip=&dateFrom=<unix seconds>
  -> {"data": {"questions": [{"id", "text", "createdDate", "productDetails": {"nmId", "productName"}}]},
      "error": false, "errorText": ""}
  answer: PATCH /api/v1/questions {"id", "answer": {"text"}, "state": "wbRu"}
Reviews: GET /api/v1/feedbacks (same query) -> {"data": {"feedbacks": [{"id", "text", "productValuation",
  "createdDate", "productDetails": {...}}]}}; answer: POST /api/v1/feedbacks/answer {"id", "text"}
  (PATCH of the same path edits an answer given before).
Checked against WB's published OpenAPI («communication») as generated clients show it; `state: "wbRu"` and
`productValuation` (the stars) are as we read them there, not seen on a live account."""

from datetime import datetime
from urllib.parse import urlencode

from django.conf import settings

from integrations.marketplaces import QUESTION, REVIEW, Item, MarketplaceError, parse_time, request_json

PAGE = 100
NAME = "Wildberries"


class Client:
    def __init__(self, token, base_url=""):
        if not token:
            raise MarketplaceError(f"{NAME}: не задан токен API магазина", auth=True)
        self.token = token
        self.base_url = (base_url or settings.WILDBERRIES_FEEDBACKS_API_URL).rstrip("/")

    def _call(self, method, path, payload=None):
        answer = request_json(method, self.base_url + path, {"Authorization": self.token}, payload, NAME)
        if answer.get("error"):
            raise MarketplaceError(f"{NAME}: {answer.get('errorText') or 'ошибка'}", permanent=True)
        return answer

    def _list(self, path, key, since):
        query = {"isAnswered": "false", "take": PAGE, "skip": 0, "order": "dateAsc"}
        if since:
            query["dateFrom"] = int(since.timestamp())
        rows = []
        while True:
            data = self._call("GET", f"{path}?{urlencode(query)}").get("data") or {}
            page = data.get(key) or []
            rows += page
            if len(page) < PAGE:
                return rows
            query["skip"] += PAGE

    def fetch(self, since: datetime | None = None):
        items = []
        for row in self._list("/api/v1/questions", "questions", since):
            product = row.get("productDetails") or {}
            items.append(
                Item(f"q:{row['id']}", QUESTION, row.get("text") or "", product.get("productName") or "",
                     str(product.get("nmId") or ""), None, parse_time(row.get("createdDate")))
            )  # fmt: skip
        for row in self._list("/api/v1/feedbacks", "feedbacks", since):
            product = row.get("productDetails") or {}
            items.append(
                Item(f"r:{row['id']}", REVIEW, row.get("text") or "", product.get("productName") or "",
                     str(product.get("nmId") or ""), row.get("productValuation"), parse_time(row.get("createdDate")))
            )  # fmt: skip
        return items

    def publish(self, kind, external_id, text, sku=""):
        wb_id = external_id.split(":", 1)[1]
        if kind == QUESTION:
            self._call("PATCH", "/api/v1/questions", {"id": wb_id, "answer": {"text": text}, "state": "wbRu"})
        else:
            self._call("POST", "/api/v1/feedbacks/answer", {"id": wb_id, "text": text})
