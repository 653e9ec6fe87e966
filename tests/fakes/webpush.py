"""A fake push service (the endpoint a browser's subscription points at).

It records every POST and answers 201 like a real push service, or 410 for endpoints marked gone.
`Subscriber` plays the browser: it owns the keys of a subscription and decrypts what arrived, so a
test can check the message was encrypted for it and signed with our VAPID key.
"""

import base64
import json
import os

import http_ece
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid02, jwt

from .http import FakeService


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


class Subscriber:
    """A browser's side of a push subscription: an ECDH key pair and an auth secret."""

    def __init__(self):
        self.private_key = ec.generate_private_key(ec.SECP256R1())
        self.auth_secret = os.urandom(16)

    @property
    def p256dh(self) -> str:
        point = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return _b64(point)

    @property
    def auth(self) -> str:
        return _b64(self.auth_secret)

    def decrypt(self, body: bytes) -> dict:
        plain = http_ece.decrypt(body, private_key=self.private_key, auth_secret=self.auth_secret, version="aes128gcm")
        return json.loads(plain.decode())


def push_handler(gone=(), fail_times=0):
    state = {"failures_left": fail_times}

    def handle(request):
        if request.method != "POST" or not request.path.startswith("/push/"):
            return 404, {"error": "not found"}
        if request.path.removeprefix("/push/") in gone:
            return 410, {"error": "subscription expired"}
        if state["failures_left"] > 0:
            state["failures_left"] -= 1
            return 503, {"error": "try later"}
        return 201, b""

    return handle


def fake_push_service(**kwargs):
    return FakeService(push_handler(**kwargs))


def header(request, name) -> str:
    return next((value for key, value in request.headers.items() if key.lower() == name.lower()), "")


def vapid_signature_is_valid(request) -> bool:
    """The Authorization header is `vapid t=<JWT>,k=<our public key>` and the JWT verifies with that key."""
    authorization = header(request, "Authorization")
    return authorization.startswith("vapid ") and Vapid02.verify(authorization)


def _vapid_parts(request) -> dict:
    return dict(part.split("=", 1) for part in header(request, "Authorization").split(" ", 1)[1].split(","))


def vapid_public_key_of(request) -> str:
    return _vapid_parts(request)["k"]


def vapid_claims(request) -> dict:
    """The signed JWT claims (aud, exp, sub), checked against the key in the header."""
    parts = _vapid_parts(request)
    return jwt.decode(parts["t"], parts["k"])
