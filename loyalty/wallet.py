"""The member's QR wallet: short-lived codes bound to the member, for the cashier to scan or type.

Time is cut into windows of WINDOW seconds. For each window a member has
- a QR payload `SK1.<member id>.<window>.<signature>`: an HMAC (key derived from SECRET_KEY) over the member and
  the window, so it cannot be made for another member or another window;
- a numeric fallback: the member number (at least 4 digits) followed by 4 digits computed like TOTP (RFC 4226
  truncation) from a per-member secret derived from SECRET_KEY and the member id, and the window. 8 digits for
  members 1–9999, one more digit per order of magnitude after that.

`resolve` accepts a code of the current window and of the previous one (the cashier's and the phone's clocks may
differ, and the cashier needs a moment to type); anything older stops working, so a screenshot is useless a
minute and a half later. Codes of the next windows are made ahead for the offline card (`upcoming_codes`); each
becomes valid in its own window. Resolving costs one query.
"""

import hashlib
import hmac
import re
from base64 import urlsafe_b64encode
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

from loyalty.models import Member
from loyalty.services import ClubError

WINDOW = 45  # seconds a code is shown for
PREFIX = "SK1"
TOTP_DIGITS = 4
MEMBER_DIGITS = 4  # the member number is zero-padded to this many digits
QR_RE = re.compile(rf"^{PREFIX}\.(\d+)\.(\d+)\.([A-Za-z0-9_-]+)$")
RECENT_WINDOWS = 20  # an older-but-recent numeric code is reported as expired rather than wrong


class CodeError(ClubError):
    """A wallet code that does not resolve to a member (expired, forged, unknown)."""


@dataclass(frozen=True)
class WalletCode:
    qr_payload: str
    fallback: str
    valid_from: datetime
    valid_until: datetime


def window_of(at=None) -> int:
    return int((at or timezone.now()).timestamp()) // WINDOW


def window_start(window) -> datetime:
    return datetime.fromtimestamp(window * WINDOW, tz=UTC)


def signature(member_id, window) -> str:
    digest = salted_hmac("loyalty.wallet.qr", f"{member_id}.{window}", algorithm="sha256").digest()
    return urlsafe_b64encode(digest[:18]).decode()


def totp(member_id, window) -> str:
    """4 digits from the member's secret and the window, truncated as in RFC 4226."""
    secret = salted_hmac("loyalty.wallet.member", str(member_id), algorithm="sha256").digest()
    digest = hmac.new(secret, window.to_bytes(8, "big"), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = int.from_bytes(digest[offset : offset + 4], "big") & 0x7FFFFFFF
    return f"{value % 10**TOTP_DIGITS:0{TOTP_DIGITS}d}"


def code_for(member_id, window) -> WalletCode:
    start = window_start(window)
    return WalletCode(
        qr_payload=f"{PREFIX}.{member_id}.{window}.{signature(member_id, window)}",
        fallback=f"{member_id:0{MEMBER_DIGITS}d}{totp(member_id, window)}",
        valid_from=start,
        valid_until=start + timedelta(seconds=WINDOW),
    )


def current_code(member, at=None) -> WalletCode:
    """The member's code for the window of `at` (now by default); show it until `valid_until`."""
    return code_for(member.pk, window_of(at))


def upcoming_codes(member, count=4, at=None) -> list[WalletCode]:
    """The current code and the next `count - 1`, each valid in its own window (for the offline card)."""
    window = window_of(at)
    return [code_for(member.pk, window + step) for step in range(count)]


def expired():
    return CodeError(_("Код карты устарел. Попросите участницу обновить карту."), code="code_expired")


def invalid():
    return CodeError(_("Код карты не распознан. Проверьте его или отсканируйте QR-код."), code="code_invalid")


def accepted_windows(at):
    now = window_of(at)
    return (now, now - 1)


def resolve_qr(member_id, window, sig, at):
    if not constant_time_compare(sig, signature(member_id, window)):
        raise invalid()
    if window not in accepted_windows(at):
        raise expired()
    return member_id


def resolve_fallback(digits, at):
    member_id = int(digits[:-TOTP_DIGITS])
    suffix = digits[-TOTP_DIGITS:]
    windows = accepted_windows(at)
    if any(constant_time_compare(suffix, totp(member_id, window)) for window in windows):
        return member_id
    recent = range(windows[-1] - RECENT_WINDOWS, windows[-1])
    if any(constant_time_compare(suffix, totp(member_id, window)) for window in recent):
        raise expired()
    raise invalid()


def resolve(text, at=None) -> Member:
    """The member whose QR payload or fallback digits `text` is; CodeError (a ClubError) when it is expired,
    forged or nobody's."""
    at = at or timezone.now()
    text = (text or "").strip()
    digits = re.sub(r"[\s-]", "", text)
    if match := QR_RE.match(text):
        member_id = resolve_qr(int(match[1]), int(match[2]), match[3], at)
    elif digits.isdigit() and MEMBER_DIGITS + TOTP_DIGITS <= len(digits) <= 16:
        member_id = resolve_fallback(digits, at)
    else:
        raise invalid()
    member = Member.objects.select_related("user").filter(pk=member_id).first()
    if member is None or not member.user.is_active:
        raise CodeError(_("Участница с этим кодом не найдена в клубе."), code="code_unknown_member")
    return member


__all__ = ["WINDOW", "CodeError", "WalletCode", "current_code", "resolve", "upcoming_codes"]
