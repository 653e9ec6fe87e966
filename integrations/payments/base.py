"""The PaymentProvider interface and the values it exchanges with the apps that take payments.

The provider is chosen by PAYMENT_PROVIDER ("sandbox" or "kaspi"); a payment keeps the name of the
provider it was made with, so its webhooks and refunds go back to the same one.

A provider is handed the app's own payment row (bookings.Payment, loyalty.EventPayment), which offers:
`reference` (our order id, a UUID), `amount`, `currency`, `provider_payment_id` (once opened), `payer_phone`,
`description` (the text on the invoice), `expires_at` (when nobody may pay it any more) and
`sandbox_url(provider_payment_id)` (the app's own sandbox page, for the demo).
"""

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from django.conf import settings
from django.utils.module_loading import import_string

PROVIDERS = {
    "sandbox": "integrations.payments.sandbox.SandboxProvider",
    "kaspi": "integrations.payments.kaspi.KaspiProvider",
}


class PaymentProviderError(Exception):
    """The provider refused or could not be reached; the text is for the log. `guest_message`, when set,
    tells the guest what to do about it (otherwise they are told to try again later)."""

    def __init__(self, message, guest_message=""):
        super().__init__(message)
        self.guest_message = guest_message


class UnknownProvider(LookupError):
    pass


class WebhookRejected(Exception):
    """A webhook we must not act on: `status` is the HTTP answer (403 bad signature, 400 malformed)."""

    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status = status


@dataclass(frozen=True)
class Checkout:
    """Where to send the guest to pay: a page to redirect to and, when the provider has one, a QR code."""

    provider_payment_id: str
    redirect_url: str
    qr_url: str = ""


class EventKind(StrEnum):
    PAID = "paid"
    FAILED = "failed"
    OTHER = "other"


@dataclass(frozen=True)
class WebhookEvent:
    event_id: str
    kind: EventKind
    type: str  # the provider's own name for the event, kept for the record
    provider_payment_id: str
    amount: Decimal | None
    currency: str
    payload: dict = field(default_factory=dict)
    failure_reason: str = ""  # for FAILED: what the guest is told, when the provider says more than "failed"


@dataclass(frozen=True)
class SignedDelivery:
    """A webhook delivered without HTTP (the sandbox sends its own): the raw body and the headers."""

    body: bytes
    headers: dict


class PaymentProvider(ABC):
    name: str

    @abstractmethod
    def create_payment(self, payment, *, return_url: str, webhook_url: str) -> Checkout:
        """Open a payment for `payment.amount`; raise PaymentProviderError if the provider says no."""

    @abstractmethod
    def verify_webhook(self, request) -> WebhookEvent:
        """Check the signature of `request.body` and read the event; raise WebhookRejected otherwise.

        `request` is an HttpRequest or a SignedDelivery: anything with `.body` and `.headers`."""

    @abstractmethod
    def refund(self, payment, amount: Decimal, *, reference: str, reason: str) -> str:
        """Return `amount` of a paid payment to the guest; the provider's refund id, or PaymentProviderError.

        `reference` is our idempotency key: sending the same refund twice returns money once."""

    def accepts_webhooks(self) -> bool:
        return True

    polls = False  # True: open payments are settled by asking (check_payment), webhooks or not

    def check_payment(self, payment) -> WebhookEvent | None:
        """Ask the provider where an open payment stands: the event to settle it with, or None while it waits.

        Raises PaymentProviderError when the provider cannot say."""
        return None

    def cancel_payment(self, payment) -> None:
        """Withdraw a payment nobody may pay any more (its hold is over); the next check tells how it ended."""
        return None


def get_provider(name: str | None = None) -> PaymentProvider:
    name = name or settings.PAYMENT_PROVIDER
    try:
        return import_string(PROVIDERS[name])()
    except KeyError:
        raise UnknownProvider(name) from None
