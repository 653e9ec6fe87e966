"""What every partner adapter shares: the normalised record, the page, the errors, and a small JSON-over-HTTP call."""

import base64
import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from core.phones import to_e164

CENT = Decimal("0.01")
MOSCOW = ZoneInfo("Europe/Moscow")


class ConnectorError(Exception):
    """The service refused or could not be reached; the text says why (for the admin's log, not for members)."""


class AuthError(ConnectorError):
    """The credentials were refused: retrying will not help until someone fixes them."""


class Unavailable(ConnectorError):
    """A 5xx or a network failure: worth retrying later."""


class RateLimited(ConnectorError):
    """429 (or the service's own "too many requests"): wait `retry_after` seconds and ask again."""

    def __init__(self, message, retry_after=1.0):
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True)
class PurchaseRecord:
    """One purchase as the club records it. `problem` set: a row the service sent that cannot be recorded (the
    sync reports it with its id and the reason). Medical partners' adapters leave `description` empty."""

    external_id: str
    purchased_at: datetime | None = None
    amount: Decimal | None = None
    phone: str = ""
    category: str = ""  # a catalog.BusinessCategory slug, or "" for the partner's own category
    description: str = ""
    problem: str = ""


@dataclass
class Page:
    records: list[PurchaseRecord]
    next_cursor: dict | None
    more: bool = False
    skipped: int = 0  # rows the service sent that are not purchases (cancelled, unpaid, no-shows)
    extra: dict = field(default_factory=dict)

    def __iter__(self):  # records, next_cursor = adapter.fetch(cursor)
        return iter((self.records, self.next_cursor))


def to_datetime(value, tz=MOSCOW):
    """An ISO 8601 string, a Unix timestamp or a datetime -> an aware datetime (naive ones are in `tz`)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, tz=tz)
    moment = value if isinstance(value, datetime) else parse_datetime(str(value or "").strip().replace(" ", "T", 1))
    if moment is None:
        raise ValueError(f"not a date: {value!r}")
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=tz)


def make_record(external_id, purchased_at, amount, phone, *, category="", description="", tz=MOSCOW):
    """A record from the service's raw values; whatever does not parse becomes the record's `problem`."""
    external_id = str(external_id or "").strip()
    if not external_id:
        return PurchaseRecord(external_id="?", problem="no document id")
    try:
        moment = to_datetime(purchased_at, tz)
    except (ValueError, TypeError, OverflowError):
        return PurchaseRecord(external_id, problem=f"bad date {str(purchased_at)[:40]!r}")
    try:
        money = Decimal(str(amount)).quantize(CENT)
    except (InvalidOperation, ValueError, TypeError):
        money = None
    if money is None or not money.is_finite() or money <= 0:
        return PurchaseRecord(external_id, problem=f"bad amount {str(amount)[:40]!r}")
    try:
        phone = to_e164(str(phone or ""))
    except ValidationError:
        return PurchaseRecord(external_id, problem="no valid phone")
    return PurchaseRecord(
        external_id[:100], moment, money, phone, category=category or "", description=(description or "")[:255]
    )


def basic_auth(user, password):
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def retry_after(headers, default=1.0):
    try:
        return max(float(headers.get("Retry-After", default)), 0.0)
    except (TypeError, ValueError):
        return default


def call(method, url, *, params=None, body=None, form=None, headers=None, timeout=10, raw=False):
    """One HTTP request; returns the decoded JSON answer (None for an empty body), or the bytes with `raw`.
    `body` goes as JSON, `form` as an HTML form (application/x-www-form-urlencoded).

    401/403 raise AuthError, 429 RateLimited (with Retry-After), 5xx and network failures Unavailable, any other
    non-2xx ConnectorError. `params` may hold lists (repeated keys, as PHP-style APIs take `select[]`)."""
    if params:
        url += ("&" if "?" in url else "?") + urllib.parse.urlencode(params, doseq=True)
    data = None
    headers = {"Accept": "application/json", **(headers or {})}
    if body is not None:
        data = json.dumps(body).encode()
        headers.setdefault("Content-Type", "application/json")
    elif form is not None:
        data = urllib.parse.urlencode(form, doseq=True).encode()
        headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
    request = urllib.request.Request(url, data=data, method=method, headers=headers)  # noqa: S310 (our setting)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            content = response.read()
    except urllib.error.HTTPError as error:
        text = error.read()[:300].decode(errors="replace")
        if error.code in (401, 403):
            raise AuthError(f"{error.code} {text}") from error
        if error.code == 429:
            raise RateLimited(f"429 {text}", retry_after(error.headers)) from error
        if error.code >= 500:
            raise Unavailable(f"{error.code} {text}") from error
        raise ConnectorError(f"{error.code} {text}") from error
    except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
        raise Unavailable(f"unreachable: {error}") from error
    if raw:
        return content
    if not content.strip():
        return None
    try:
        return json.loads(content.decode())
    except ValueError as error:
        raise Unavailable(f"not JSON: {content[:100]!r}") from error


class Adapter:
    """Base of the adapters: `base_url`, `credentials` (a dict, decrypted), `options` (the connector's settings)."""

    page_size = 50

    def __init__(self, base_url, credentials, options=None, *, timeout=10):
        self.base_url = (base_url or "").rstrip("/")
        self.credentials = credentials or {}
        self.options = options or {}
        self.timeout = timeout
        self.page_size = int(self.options.get("page_size") or self.page_size)
        self.tz = ZoneInfo(self.options.get("timezone") or "Europe/Moscow")  # of the service's local times

    def credential(self, name):
        value = self.credentials.get(name)
        if not value:
            raise AuthError(f"credential '{name}' is not set")
        return value

    def fetch(self, cursor) -> Page:
        raise NotImplementedError


class WindowedAdapter(Adapter):
    """Services listed by "changed between" and page number: the cursor is the window being read and its page,
    {"since", "until", "page"}. A new window runs from the last one's end to now; once its last page is read the
    cursor moves on to {"since": until}, so the next sync asks only for what changed afterwards."""

    first_page = 1

    def window(self, cursor):
        cursor = cursor or {}
        since = cursor.get("since") or self.options.get("since") or "2020-01-01T00:00:00+00:00"
        until = cursor.get("until") or timezone.now().replace(microsecond=0).isoformat()
        return to_datetime(since), to_datetime(until), int(cursor.get("page") or self.first_page)

    def page(self, records, since, until, page, more, skipped=0):
        if more:
            cursor = {"since": since.isoformat(), "until": until.isoformat(), "page": page + 1}
        else:
            cursor = {"since": until.isoformat()}
        return Page(records, cursor, more=more, skipped=skipped)
