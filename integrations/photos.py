"""Photos fetched by URL from a dealer's site or photo host, with limits on size and type.

`fetch_photo(url)` returns (bytes, extension) of a JPEG, PNG or WebP image no larger than CAR_PHOTO_MAX_BYTES, or
raises PhotoError with a reason in Russian (the import shows it next to the row). Addresses on the local network
are refused unless CAR_PHOTO_ALLOW_PRIVATE_HOSTS (tests use a local fake server): a file must not make the server
fetch from inside its own network."""

import ipaddress
import socket
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.utils.translation import gettext as _

# The first bytes of the image types we accept, and the extension the stored file gets.
SIGNATURES = ((b"\xff\xd8\xff", "jpg"), (b"\x89PNG\r\n\x1a\n", "png"))


class PhotoError(Exception):
    """The photo could not be used; the message says why, in the user's language."""


def image_type(data: bytes):
    """ "jpg", "png" or "webp" from the file's first bytes, or None."""
    for signature, extension in SIGNATURES:
        if data.startswith(signature):
            return extension
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return None


def check_photo(data: bytes, name: str) -> str:
    """The extension of an acceptable photo; PhotoError if too big or not an image."""
    limit = settings.CAR_PHOTO_MAX_BYTES
    if len(data) > limit:
        raise PhotoError(_("Фото %(name)s больше %(mb)s МБ.") % {"name": name, "mb": round(limit / (1024 * 1024), 1)})
    extension = image_type(data)
    if extension is None:
        raise PhotoError(_("%(name)s — не фото: принимаем JPEG, PNG и WebP.") % {"name": name})
    return extension


def _host_is_private(host):
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (OSError, UnicodeError):
        raise PhotoError(_("Адрес фото не найден: %(host)s.") % {"host": host}) from None
    return any(not ipaddress.ip_address(address.split("%")[0]).is_global for address in addresses)


def fetch_photo(url: str) -> tuple[bytes, str]:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PhotoError(_("Ссылка на фото должна начинаться с http:// или https://: %(url)s") % {"url": url[:200]})
    if not settings.CAR_PHOTO_ALLOW_PRIVATE_HOSTS and _host_is_private(parts.hostname):
        raise PhotoError(_("Фото из внутренней сети не загружаем: %(url)s") % {"url": url[:200]})
    limit = settings.CAR_PHOTO_MAX_BYTES
    request = urllib.request.Request(url, headers={"User-Agent": "AvtofamilyImport/1.0"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=settings.CAR_PHOTO_TIMEOUT) as response:  # noqa: S310
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > limit:
                raise PhotoError(
                    _("Фото %(name)s больше %(mb)s МБ.") % {"name": url[:200], "mb": round(limit / (1024 * 1024), 1)}
                )
            data = response.read(limit + 1)
    except urllib.error.HTTPError as error:
        raise PhotoError(
            _("Фото не скачалось (ответ %(code)s): %(url)s") % {"code": error.code, "url": url[:200]}
        ) from None
    except (urllib.error.URLError, TimeoutError, OSError):
        raise PhotoError(_("Фото не скачалось (сайт не ответил): %(url)s") % {"url": url[:200]}) from None
    return data, check_photo(data, url[:200])
