"""The contract every cross-posting adapter keeps: publish, update, withdraw, status.

An adapter gets its platform account's settings (`base_url`, `target`: the channel, wall or account id) and the
decrypted token, and speaks one platform's protocol. It never touches the database: publishing.services decides
what to do with each answer.

The errors say what the caller may do next:
- NotConfigured: no token or target; nothing was sent (the admin shows «не настроено»).
- PermanentError: the platform refused the request itself (bad token, chat gone); retrying will not help.
- TemporaryError: nothing was published (a 5xx, a refused connection); safe to try again later.
- RateLimited: the platform asked us to wait `retry_after` seconds; nothing was published.
- MaybeSent: the request left us but no answer came (a read timeout, a dropped connection). A post may exist:
  never resend a non-idempotent publish blindly; ask `status()` first or let a person decide.
"""

import json
import mimetypes
import socket
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field


class CrosspostError(Exception):
    """The text is for the admin's monitoring page and the log (never for visitors)."""


class NotConfigured(CrosspostError):
    pass


class PermanentError(CrosspostError):
    pass


class TemporaryError(CrosspostError):
    pass


class RateLimited(TemporaryError):
    def __init__(self, message, retry_after=60.0):
        super().__init__(message)
        self.retry_after = retry_after


class MaybeSent(CrosspostError):
    pass


class NotSupported(PermanentError):
    """The platform's API has no such operation (e.g. Instagram cannot delete a post): do it by hand."""


@dataclass(frozen=True)
class Photo:
    name: str
    content: bytes = b""
    url: str = ""  # a public URL, for platforms that fetch photos themselves (Instagram)
    content_type: str = "image/jpeg"


@dataclass(frozen=True)
class Listing:
    """What is posted: the text (already composed) and the photos, first one the main one."""

    key: str  # our stable id of the ad on this platform (the idempotency key where the platform has one)
    text: str
    url: str = ""
    photos: list[Photo] = field(default_factory=list)


@dataclass(frozen=True)
class Posted:
    external_id: str
    url: str = ""


# status(): what the platform says about a post
FOUND = "found"
MISSING = "missing"
CANNOT_TELL = "cannot_tell"  # the API has no way to look a post up: a person decides


@dataclass(frozen=True)
class Status:
    state: str
    posted: Posted | None = None


class Adapter:
    platform = ""
    # Whether publish() may be repeated without making a second post (the platform dedupes by our key).
    idempotent_publish = False

    def __init__(self, *, base_url, token, target, timeout=10):
        self.base_url = (base_url or "").rstrip("/")
        self.token = token or ""
        self.target = (target or "").strip()
        self.timeout = timeout

    def check_configured(self):
        if not self.token or not self.target or not self.base_url:
            raise NotConfigured("не настроено: нет токена или канала")

    def publish(self, listing: Listing) -> Posted:
        raise NotImplementedError

    def update(self, external_id: str, listing: Listing) -> Posted:
        raise NotImplementedError

    def withdraw(self, external_id: str) -> None:
        raise NotImplementedError

    def status(self, listing: Listing, external_id: str = "") -> Status:
        """Is the post there? With `external_id` unknown (a publish timed out) the adapter looks for `listing`."""
        return Status(CANNOT_TELL)


def multipart(fields: dict, files: dict[str, Photo]) -> tuple[bytes, str]:
    """multipart/form-data body and its Content-Type."""
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, photo in files.items():
        content_type = photo.content_type or mimetypes.guess_type(photo.name)[0] or "application/octet-stream"
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{photo.name}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        )
        parts.append(head.encode() + photo.content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def send(url, *, json_body=None, form=None, files=None, method="POST", timeout=10):
    """One request; returns (HTTP status, decoded JSON or None).

    A failure to connect (nothing left us) is TemporaryError; a timeout or a dropped connection after the request
    was written is MaybeSent: the platform may have acted on it."""
    headers = {"Accept": "application/json"}
    data = None
    if files:
        data, headers["Content-Type"] = multipart(form or {}, files)
    elif json_body is not None:
        data, headers["Content-Type"] = json.dumps(json_body).encode(), "application/json"
    elif form is not None:
        data = urllib.parse.urlencode(form).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    request = urllib.request.Request(url, data=data, headers=headers, method=method)  # noqa: S310 (our setting)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            status, content = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, content = error.code, error.read()
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError | socket.timeout):
            raise MaybeSent(f"no answer in {timeout} s") from error
        raise TemporaryError(f"unreachable: {error.reason}") from error
    except (TimeoutError, ConnectionResetError, ConnectionAbortedError) as error:
        raise MaybeSent(f"no answer: {error or type(error).__name__}") from error
    try:
        return status, json.loads(content.decode()) if content.strip() else None
    except ValueError:
        if status >= 500:
            raise TemporaryError(f"{status} {content[:120]!r}") from None
        raise PermanentError(f"{status}: not JSON {content[:120]!r}") from None
