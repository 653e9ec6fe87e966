"""A fake Kaspi Pay speaking the remote payments protocol in integrations/kaspi.py's docstring.

It checks the token and merchant id (and, started with `tls=True`, our client certificate), issues invoices
to phones, answers their status, withdraws and refunds them (idempotently, never more than was paid), and
lets the test play the guest and the clock: `pay()`, `reject()`, `expire()`; an invoice left waiting past its
`expires_at` expires by itself. `pay()`/`reject()` also return the signed webhook (body, headers) Kaspi or an
aggregator would send; `post_webhook()` sends one over HTTP.
"""

import hashlib
import hmac
import json
import re
import ssl
import urllib.request
import uuid
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

from .http import FakeService

MERCHANT_ID = "test-merchant"
TOKEN = "test-kaspi-token"
SECRET = "test-kaspi-secret"
INVOICE_PATH = re.compile(r"^/v1/remote-payments/(?P<payment_id>[^/]+)(?P<action>/cancel|/refunds)?$")
PHONE = re.compile(r"^\+7\d{10}$")


def error(http_status, code, message, **extra):
    return http_status, {"error": {"code": code, "message": message}} | extra


class FakeKaspi(FakeService):
    def __init__(self, merchant_id=MERCHANT_ID, token=TOKEN, secret=SECRET, fail_times=0, pki=None):
        """`pki` (tests.fakes.tls.make_pki): serve HTTPS with its server certificate, demanding a client
        certificate signed by its CA."""
        self.merchant_id, self.token, self.secret = merchant_id, token, secret
        self.failures_left = fail_times
        self.not_clients = set()  # phones with no Kaspi.kz account
        self.invoices = {}  # payment_id -> {"order_id", "phone", "amount", "currency", "status", "refunded", ...}
        self.answers_by_key = {}  # Idempotency-Key -> the first answer
        super().__init__(self.handle, ssl_context=self._server_context(pki) if pki else None)

    @staticmethod
    def _server_context(pki):
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(pki.server_cert, pki.server_key)
        context.load_verify_locations(pki.ca_file)
        context.verify_mode = ssl.CERT_REQUIRED
        return context

    def sign(self, body: bytes) -> str:
        return hmac.new(self.secret.encode(), body, hashlib.sha256).hexdigest()

    def handle(self, request):
        headers = {name.lower(): value for name, value in request.headers.items()}
        if headers.get("authorization") != f"Bearer {self.token}":
            return error(401, "bad_token", "Неверный токен")
        if headers.get("x-merchant-id") != self.merchant_id:
            return error(401, "unknown_merchant", "Неизвестный мерчант")
        if self.failures_left > 0:
            self.failures_left -= 1
            return error(503, "unavailable", "Сервис временно недоступен")
        key = headers.get("idempotency-key", "")
        if key and key in self.answers_by_key:
            return self.answers_by_key[key]
        if request.method == "POST" and request.path == "/v1/remote-payments":
            answer = self.create_invoice(request.json)
        elif (match := INVOICE_PATH.match(request.path)) and match["payment_id"] in self.invoices:
            invoice = self.current(match["payment_id"])
            if request.method == "GET" and not match["action"]:
                answer = 200, self.status_of(match["payment_id"])
            elif request.method == "POST" and match["action"] == "/cancel":
                answer = self.cancel(invoice)
            elif request.method == "POST" and match["action"] == "/refunds":
                answer = self.refund(invoice, request.json)
            else:
                return error(405, "method_not_allowed", request.method)
        else:
            return error(404, "not_found", request.path)
        if key and answer[0] < 300:
            self.answers_by_key[key] = answer
        return answer

    def create_invoice(self, data):
        try:
            amount = Decimal(data["amount"])
            expires_at = datetime.fromisoformat(data["expires_at"])
        except (KeyError, ValueError, TypeError, InvalidOperation):
            return error(400, "bad_request", "Сумма или срок не указаны")
        if amount <= 0 or data.get("currency") != "KZT":
            return error(400, "bad_amount", "Сумма должна быть больше нуля, валюта KZT")
        if not PHONE.match(str(data.get("phone"))):
            return error(400, "bad_phone", "Телефон в формате +7XXXXXXXXXX")
        if data["phone"] in self.not_clients:
            return error(422, "not_a_kaspi_client", "Номер не зарегистрирован в Kaspi.kz")
        payment_id = f"kp-{len(self.invoices) + 1}"
        self.invoices[payment_id] = {
            "order_id": data.get("order_id"),
            "phone": data["phone"],
            "comment": data.get("comment"),
            "amount": amount,
            "currency": data["currency"],
            "status": "waiting",
            "expires_at": expires_at,
            "refunded": Decimal(0),
        }
        return 201, {"payment_id": payment_id, "status": "waiting", "expires_at": expires_at.isoformat()}

    def current(self, payment_id):
        """The invoice, expired first if nobody paid it in time (Kaspi's clock is the test's clock)."""
        invoice = self.invoices[payment_id]
        if invoice["status"] == "waiting" and datetime.now(UTC) >= invoice["expires_at"]:
            invoice["status"] = "expired"
        return invoice

    def status_of(self, payment_id):
        invoice = self.current(payment_id)
        return {
            "payment_id": payment_id,
            "order_id": invoice["order_id"],
            "status": invoice["status"],
            "amount": f"{invoice['amount']:.2f}",
            "currency": invoice["currency"],
            "refunded_amount": f"{invoice['refunded']:.2f}",
        }

    def cancel(self, invoice):
        if invoice["status"] != "waiting":
            return error(409, "not_waiting", "Счёт уже не ожидает оплаты", status=invoice["status"])
        invoice["status"] = "cancelled"
        return 200, {"status": "cancelled"}

    def refund(self, invoice, data):
        if invoice["status"] != "paid":
            return error(409, "not_paid", "Счёт не оплачен")
        amount = Decimal(data.get("amount", "0"))
        if amount <= 0 or invoice["refunded"] + amount > invoice["amount"]:
            return error(409, "amount_exceeds", "Сумма возврата больше остатка платежа")
        invoice["refunded"] += amount
        return 201, {"refund_id": f"kr-{uuid.uuid4().hex[:8]}", "status": "succeeded", "amount": f"{amount:.2f}"}

    # -- what the guest does, and the webhook that follows -----------------------------------------------------------

    def webhook(self, payment_id, event_type, *, amount=None, currency=None, event_id=None):
        invoice = self.invoices[payment_id]
        body = json.dumps(
            {
                "event_id": event_id or uuid.uuid4().hex,
                "type": event_type,
                "payment_id": payment_id,
                "order_id": invoice["order_id"],
                "amount": f"{invoice['amount'] if amount is None else Decimal(amount):.2f}",
                "currency": currency or invoice["currency"],
                "created_at": "2030-01-01T12:00:00+05:00",
            }
        ).encode()
        return body, {"X-Kaspi-Signature": self.sign(body)}

    def pay(self, payment_id, **kwargs):
        """The guest paid the invoice in the app: (body, headers) of the payment.succeeded webhook."""
        self.invoices[payment_id]["status"] = "paid"
        return self.webhook(payment_id, "payment.succeeded", **kwargs)

    def reject(self, payment_id, **kwargs):
        """The guest declined the invoice: (body, headers) of the payment.failed webhook."""
        self.invoices[payment_id]["status"] = "rejected"
        return self.webhook(payment_id, "payment.failed", **kwargs)

    decline = reject

    def expire(self, payment_id):
        self.invoices[payment_id]["status"] = "expired"

    @staticmethod
    def post_webhook(url, body, headers) -> int:
        request = urllib.request.Request(
            url, data=body, method="POST", headers={"Content-Type": "application/json", **headers}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
