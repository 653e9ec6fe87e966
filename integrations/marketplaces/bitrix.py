"""1С-Битрикс24 open lines as a marketplace channel, through an inbound webhook
(https://<portal>/rest/<user_id>/<key>/): the webhook's user is an operator of the open line where the brand's
customers write (the portal's site chat, or Telegram, VK… as Bitrix24 connects them); the address holds the key,
so it is the shop's secret. Customers' messages come in as one item per chat and turn (their messages since the
last answer by a person or by us); the answer is posted into the chat, and Bitrix24 carries it to the customer.

Chats: POST im.recent.get {"ONLY_OPENLINES": "Y", "LAST_UPDATE": <ATOM>} -> {"result": [{"id": "chat12",
  "type": "chat", "title", "message": {"id", "author_id", "text", "date"}}]}.
Messages: POST im.dialog.messages.get {"DIALOG_ID": "chat12", "LIMIT": 50} -> {"result": {"chat_id", "messages":
  [{"id", "author_id", "date", "text"}], "users": [{"id", "name", "connector", "bot"}]}} (newest first);
  author 0 is a system message, a `connector` user is the customer.
Answer: POST im.message.add {"DIALOG_ID": "chat12", "MESSAGE": text} -> {"result": <message id>}.
Errors: {"error", "error_description"}; 401 (INVALID_CREDENTIALS, NO_AUTH_FOUND, expired_token): the key is
refused; 503 QUERY_LIMIT_EXCEEDED: retried later. Methods and parameters as apidocs.bitrix24.com gives them; not run
against a live portal."""

import re
from datetime import datetime

from integrations.marketplaces import MESSAGE, Item, MarketplaceError, parse_time, request_json

NAME = "Битрикс24"
HISTORY = 50
WEBHOOK = re.compile(r"^(https?://[^/]+/rest/(\d+)/[^/]+)/?$")
AUTH_ERRORS = {"INVALID_CREDENTIALS", "NO_AUTH_FOUND", "invalid_token", "expired_token", "insufficient_scope"}


class Client:
    def __init__(self, webhook_url):
        found = WEBHOOK.match((webhook_url or "").strip())
        if not found:
            raise MarketplaceError(
                f"{NAME}: не задан адрес входящего вебхука вида https://портал/rest/1/ключ/", auth=True
            )
        self.base_url, self.operator_id = found.group(1), int(found.group(2))

    def _call(self, method, payload):
        answer = request_json("POST", f"{self.base_url}/{method}", {}, payload, NAME)
        if isinstance(answer, dict) and answer.get("error"):
            code = answer["error"]
            raise MarketplaceError(
                f"{NAME}: {code} {answer.get('error_description', '')}".strip(), auth=code in AUTH_ERRORS,
                permanent=code != "QUERY_LIMIT_EXCEEDED",
            )  # fmt: skip
        return answer.get("result")

    def fetch(self, since: datetime | None = None):
        query = {"ONLY_OPENLINES": "Y", **({"LAST_UPDATE": since.isoformat(timespec="seconds")} if since else {})}
        items = []
        for chat in self._call("im.recent.get", query) or []:
            dialog = str(chat.get("id") or "")
            last = chat.get("message") or {}
            if not dialog.startswith("chat") or int(last.get("author_id") or 0) in {0, self.operator_id}:
                continue
            history = self._call("im.dialog.messages.get", {"DIALOG_ID": dialog, "LIMIT": HISTORY}) or {}
            customers = {int(user["id"]) for user in history.get("users") or [] if user.get("connector")}
            turn = []
            for row in sorted(history.get("messages") or [], key=lambda row: int(row["id"])):
                author = int(row.get("author_id") or 0)
                if author in customers or (not customers and author not in {0, self.operator_id}):
                    if (row.get("text") or "").strip():
                        turn.append(row)
                elif author:
                    turn = []  # a person (or we) answered up to here
            if not turn:
                continue
            items.append(
                Item(
                    external_id=f"m:{dialog}:{turn[-1]['id']}",
                    kind=MESSAGE,
                    text="\n".join(row["text"].strip() for row in turn),
                    product=chat.get("title") or "",
                    created_at=parse_time(turn[-1].get("date")),
                )
            )
        return items

    def publish(self, kind, external_id, text, sku=""):
        dialog = external_id[2:].rsplit(":", 1)[0]
        self._call("im.message.add", {"DIALOG_ID": dialog, "MESSAGE": text})
