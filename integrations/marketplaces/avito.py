"""The Avito messenger (api.avito.ru) as a marketplace channel: buyers' messages in the shop's chats come in as
one item per chat and turn (their messages since our last answer), the answer goes back into the chat.

OAuth 2 client_credentials: the shop's client_id and client_secret buy a Bearer token (24 hours), kept in the
cache until shortly before it expires and bought again when the API refuses it (401/403).

Token: POST /token (form: grant_type=client_credentials, client_id, client_secret) -> {"access_token",
  "expires_in", "token_type": "Bearer"}.
Chats: GET /messenger/v2/accounts/{user_id}/chats?chat_types=u2i,u2u&limit=&offset= -> {"chats": [{"id",
  "updated" (unix seconds), "context": {"type": "item", "value": {"id", "title"}}, "last_message": {"id",
  "direction": "in"|"out", "created"}}]}, the most recently updated first.
Messages: GET /messenger/v3/accounts/{user_id}/chats/{chat_id}/messages/?limit= -> [{"id", "author_id", "created",
  "direction", "type": "text"|"image"|…, "content": {"text"}}] (the OpenAPI gives a bare array; a
  {"messages": [...]} wrapper is read too).
Answer: POST /messenger/v1/accounts/{user_id}/chats/{chat_id}/messages {"message": {"text"}, "type": "text"}
  (1 000 characters at most: a longer answer goes in parts), then POST …/chats/{chat_id}/read.
Checked against Avito's published OpenAPI (messenger, auth); not seen on a live account: the Messenger API needs
the «Максимальный» subscription for goods and jobs («Расширенный» for services)."""

import contextlib
import hashlib
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache

from integrations.marketplaces import MESSAGE, Item, MarketplaceError, request_json

NAME = "Авито"
PAGE = 100
MAX_OFFSET = 1000  # the chats list goes no deeper
MAX_TEXT = 1000
TOKEN_MARGIN = 300  # seconds before its expiry a cached token is bought anew


def chunks(text, size=MAX_TEXT):
    """The answer in parts of at most `size` characters, cut at a line or a space where one is near."""
    parts = []
    while len(text) > size:
        cut = max(text.rfind("\n", 0, size), text.rfind(" ", 0, size))
        cut = cut if cut > size // 2 else size
        parts.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    return [*parts, text] if text else parts


class Client:
    def __init__(self, client_id, client_secret, user_id, base_url=""):
        if not (client_id and client_secret):
            raise MarketplaceError(f"{NAME}: не заданы client_id и client_secret магазина", auth=True)
        if not str(user_id).isdigit():
            raise MarketplaceError(f"{NAME}: не задан номер профиля (user_id) магазина", auth=True)
        self.client_id, self.client_secret, self.user_id = client_id, client_secret, str(user_id)
        self.base_url = (base_url or settings.AVITO_API_URL).rstrip("/")
        secret_hash = hashlib.sha256(f"{client_id}:{client_secret}".encode()).hexdigest()[:24]
        self.cache_key = f"avito-token:{secret_hash}"

    # -- the token ------------------------------------------------------------------------------------------

    def token(self, fresh=False):
        token = None if fresh else cache.get(self.cache_key)
        if token:
            return token
        form = {"grant_type": "client_credentials", "client_id": self.client_id, "client_secret": self.client_secret}
        try:
            answer = request_json("POST", f"{self.base_url}/token", {}, name=NAME, form=form)
        except MarketplaceError as error:
            if error.status == 400:  # an unknown client_id or a wrong secret
                raise MarketplaceError(
                    f"{NAME}: client_id и client_secret не приняты; проверьте ключи магазина", status=400, auth=True
                ) from error
            raise
        token = answer.get("access_token")
        if not token:
            raise MarketplaceError(f"{NAME}: нет access_token в ответе", auth=True)
        lifetime = int(answer.get("expires_in") or 3600)
        cache.set(self.cache_key, token, max(lifetime - TOKEN_MARGIN, 60))
        return token

    def _call(self, method, path, payload=None):
        for fresh in (False, True):
            headers = {"Authorization": f"Bearer {self.token(fresh=fresh)}"}
            try:
                return request_json(method, self.base_url + path, headers, payload, NAME)
            except MarketplaceError as error:
                if not (error.auth and not fresh):
                    raise
                cache.delete(self.cache_key)  # expired or revoked: buy a new one, once
        raise AssertionError("unreachable")

    # -- the contract ---------------------------------------------------------------------------------------

    def chats(self, since):
        base = f"/messenger/v2/accounts/{self.user_id}/chats?chat_types=u2i,u2u&limit={PAGE}"
        offset = 0
        while offset <= MAX_OFFSET:
            page = self._call("GET", f"{base}&offset={offset}").get("chats") or []
            for chat in page:
                if since and int(chat.get("updated") or 0) < since.timestamp():
                    return  # newest first: the rest were read before
                yield chat
            if len(page) < PAGE:
                return
            offset += PAGE

    def messages(self, chat_id):
        answer = self._call("GET", f"/messenger/v3/accounts/{self.user_id}/chats/{chat_id}/messages/?limit={PAGE}")
        rows = answer.get("messages", []) if isinstance(answer, dict) else answer
        return sorted(rows, key=lambda row: (int(row.get("created") or 0), str(row.get("id"))))

    def fetch(self, since: datetime | None = None):
        items = []
        for chat in self.chats(since):
            if (chat.get("last_message") or {}).get("direction") != "in":
                continue  # we (or a person in Avito) answered last
            turn = []
            for row in self.messages(chat["id"]):
                if row.get("direction") == "out":
                    turn = []  # answered up to here
                elif row.get("type") == "text" and (row.get("content") or {}).get("text"):
                    turn.append(row)
            if not turn:
                continue  # only photos or calls since the answer: nothing to read
            last = turn[-1]
            item = (chat.get("context") or {}).get("value") or {}
            items.append(
                Item(
                    external_id=f"m:{chat['id']}:{last['id']}",
                    kind=MESSAGE,
                    text="\n".join(row["content"]["text"] for row in turn),
                    product=item.get("title") or "",
                    sku=str(item.get("id") or ""),
                    created_at=datetime.fromtimestamp(int(last.get("created") or 0), UTC),
                )
            )
        return items

    def publish(self, kind, external_id, text, sku=""):
        chat_id = external_id[2:].rsplit(":", 1)[0]
        path = f"/messenger/v1/accounts/{self.user_id}/chats/{chat_id}"
        for part in chunks(text):
            self._call("POST", f"{path}/messages", {"message": {"text": part}, "type": "text"})
        # the answer is out; an unread mark in the seller's Avito is no reason to send it again
        with contextlib.suppress(MarketplaceError):
            self._call("POST", f"{path}/read")
