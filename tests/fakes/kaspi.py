"""A fake Kaspi Pay speaking the protocol in integrations/kaspi.py's docstring.

It checks the merchant id and the request signature, opens payments, refunds them (idempotently,
never more than was paid), and makes the signed webhooks Kaspi would send when the guest pays
or declines: `pay()` / `decline()` give (body, headers), `post_webhook()` sends them over HTTP.
"""

import hashlib
import hmac
import json
import re
import urllib.request
import uuid
from decimal import Decimal

from .http import FakeService

MERCHANT_ID = "test-merchant"
SECRET = "test-kaspi-secret"
REFUND_PATH = re.compile(r"^/v1/payments/(?P<payment_id>[^/]+)/refunds$")


def error(status, code, message):
    return status, {"error": {"code": code, "message": message}}


class FakeKaspi(FakeService):
    def __init__(self, merchant_id=MERCHANT_ID, secret=SECRET, fail_times=0):
        self.merchant_id, self.secret = merchant_id, secret
        self.failures_left = fail_times
        self.payments = {}  # payment_id -> {"order_id", "amount", "currency", "status", "refunded", "webhook_url"}
        self.answers_by_key = {}  # Idempotency-Key -> the first answer
        super().__init__(self.handle)

    def sign(self, body: bytes) -> str:
        return hmac.new(self.secret.encode(), body, hashlib.sha256).hexdigest()

    def handle(self, request):
        headers = {name.lower(): value for name, value in request.headers.items()}
        if request.method != "POST":
            return error(405, "method_not_allowed", "POST only")
        if headers.get("x-merchant-id") != self.merchant_id:
            return error(401, "unknown_merchant", "Неизвестный мерчант")
        if not hmac.compare_digest(self.sign(request.body), headers.get("x-kaspi-signature", "")):
            return error(401, "bad_signature", "Подпись не совпадает")
        if self.failures_left > 0:
            self.failures_left -= 1
            return error(503, "unavailable", "Сервис временно недоступен")
        key = headers.get("idempotency-key", "")
        if key and key in self.answers_by_key:
            return self.answers_by_key[key]
        if request.path == "/v1/payments":
            answer = self.create_payment(request.json)
        elif match := REFUND_PATH.match(request.path):
            answer = self.refund(match["payment_id"], request.json)
        else:
            return error(404, "not_found", request.path)
        if key and answer[0] < 300:
            self.answers_by_key[key] = answer
        return answer

    def create_payment(self, data):
        try:
            amount = Decimal(data["amount"])
        except (KeyError, ArithmeticError, TypeError):
            return error(400, "bad_amount", "Сумма не указана")
        if amount <= 0 or data.get("currency") != "KZT":
            return error(400, "bad_amount", "Сумма должна быть больше нуля, валюта KZT")
        payment_id = f"kp-{len(self.payments) + 1}"
        self.payments[payment_id] = {
            "order_id": data.get("order_id"),
            "amount": amount,
            "currency": data["currency"],
            "status": "created",
            "refunded": Decimal(0),
            "webhook_url": data.get("webhook_url"),
        }
        return 201, {
            "payment_id": payment_id,
            "status": "created",
            "redirect_url": f"{self.url}/pay/{payment_id}",
            "qr_url": f"{self.url}/qr/{payment_id}.png",
        }

    def refund(self, payment_id, data):
        payment = self.payments.get(payment_id)
        if payment is None:
            return error(404, "payment_not_found", "Платёж не найден")
        if payment["status"] != "paid":
            return error(409, "not_paid", "Платёж не оплачен")
        amount = Decimal(data.get("amount", "0"))
        if amount <= 0 or payment["refunded"] + amount > payment["amount"]:
            return error(409, "amount_exceeds", "Сумма возврата больше остатка платежа")
        payment["refunded"] += amount
        return 201, {"refund_id": f"kr-{uuid.uuid4().hex[:8]}", "status": "succeeded", "amount": f"{amount:.2f}"}

    # -- what Kaspi sends back ----------------------------------------------------------------------------------------

    def webhook(self, payment_id, event_type, *, amount=None, currency=None, event_id=None):
        payment = self.payments[payment_id]
        body = json.dumps(
            {
                "event_id": event_id or uuid.uuid4().hex,
                "type": event_type,
                "payment_id": payment_id,
                "order_id": payment["order_id"],
                "amount": f"{payment['amount'] if amount is None else Decimal(amount):.2f}",
                "currency": currency or payment["currency"],
                "created_at": "2030-01-01T12:00:00+05:00",
            }
        ).encode()
        return body, {"X-Kaspi-Signature": self.sign(body)}

    def pay(self, payment_id, **kwargs):
        """The guest paid: (body, headers) of the payment.succeeded webhook."""
        self.payments[payment_id]["status"] = "paid"
        return self.webhook(payment_id, "payment.succeeded", **kwargs)

    def decline(self, payment_id, **kwargs):
        self.payments[payment_id]["status"] = "failed"
        return self.webhook(payment_id, "payment.failed", **kwargs)

    @staticmethod
    def post_webhook(url, body, headers) -> int:
        request = urllib.request.Request(
            url, data=body, method="POST", headers={"Content-Type": "application/json", **headers}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
