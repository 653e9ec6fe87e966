"""Marketplace seller APIs behind one contract: fetch the buyers' new questions and reviews (or, for the chat
channels — the Avito messenger and Bitrix24's open lines — the customers' new messages), publish an answer.

`client_for(platform, credentials)` gives a client with `fetch(since) -> list[Item]` and
`publish(item_kind, external_id, text, sku="")`. Every failure is a MarketplaceError: `auth` for credentials
the marketplace refuses (a clear message for the admin, no retry), `permanent` for any other refusal that a
retry cannot fix; the rest (timeouts, 5xx, 429) are worth retrying."""

import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings

QUESTION = "question"
REVIEW = "review"
MESSAGE = "message"  # a customer's turn in a chat: their messages since our last answer, answered as one


@dataclass
class Item:
    external_id: str  # unique per shop: the kind's prefix and the marketplace's id ("q:…", "r:…", "m:chat:msg")
    kind: str  # QUESTION, REVIEW or MESSAGE
    text: str
    product: str = ""
    sku: str = ""
    rating: int | None = None
    created_at: datetime | None = None


class MarketplaceError(Exception):
    def __init__(self, message, status=None, auth=False, permanent=False):
        super().__init__(message)
        self.status = status
        self.auth = auth
        self.permanent = permanent or auth


def request_json(method, url, headers, payload=None, name="marketplace", form=None):
    """`payload` goes as JSON, `form` (an OAuth token request) as an HTML form."""
    if form is not None:
        data, kind = urllib.parse.urlencode(form).encode(), "application/x-www-form-urlencoded"
    else:
        data, kind = (json.dumps(payload).encode() if payload is not None else None), "application/json"
    request = urllib.request.Request(  # noqa: S310 (the URL is our own setting)
        url,
        data=data,
        method=method,
        headers={"Content-Type": kind, "Accept": "application/json", **headers},
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.MARKETPLACE_TIMEOUT) as response:  # noqa: S310
            body = response.read().decode() or "{}"
    except urllib.error.HTTPError as error:
        detail = error.read().decode(errors="replace")[:300]
        if error.code in {401, 403}:
            raise MarketplaceError(
                f"{name}: ключ API не принят ({error.code}); проверьте ключ магазина", status=error.code, auth=True
            ) from error
        permanent = 400 <= error.code < 500 and error.code != 429
        raise MarketplaceError(f"{name}: {error.code} {detail}", status=error.code, permanent=permanent) from error
    except (urllib.error.URLError, TimeoutError) as error:
        raise MarketplaceError(f"{name}: недоступен ({error})") from error
    try:
        return json.loads(body)
    except ValueError as error:
        raise MarketplaceError(f"{name}: ответ не JSON") from error


def parse_time(value):
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None


def client_for(platform, credentials):
    from integrations.marketplaces import avito, bitrix, ozon, wildberries

    if platform == "wildberries":
        return wildberries.Client(token=credentials.get("token", ""))
    if platform == "ozon":
        return ozon.Client(client_id=credentials.get("client_id", ""), api_key=credentials.get("api_key", ""))
    if platform == "avito":
        return avito.Client(
            client_id=credentials.get("client_id", ""),
            client_secret=credentials.get("client_secret", ""),
            user_id=credentials.get("user_id", ""),
        )
    if platform == "bitrix":
        return bitrix.Client(webhook_url=credentials.get("webhook_url", ""))
    raise MarketplaceError(f"unknown marketplace {platform!r}", permanent=True)
