"""AES-256-GCM for small secrets kept in the database (door codes), with key ids so keys can rotate.

FIELD_ENCRYPTION_KEYS lists the keys as "id:<base64 of 32 bytes>", comma-separated, newest
first: the first one encrypts, every one of them still decrypts. A stored value names its key:
"k2:<base64 of nonce + ciphertext + tag>". To rotate, put a new key in front, run
`manage.py rotate_encryption_key`, then drop the old key.

Make a key with: python -c "import base64, os; print(base64.b64encode(os.urandom(32)).decode())"
"""

import base64
import binascii
import os
import re
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

KEY_BYTES = 32  # AES-256
NONCE_BYTES = 12  # the size GCM is built for; random per value
KEY_ID = re.compile(r"^[A-Za-z0-9_-]{1,16}$")

# The local default, for development and tests only: production settings refuse it.
INSECURE_DEV_KEYS = "insecure:" + base64.b64encode(b"local-door-codes-key-not-secret!").decode()


class DecryptionError(Exception):
    """The value was tampered with, is malformed, or was encrypted with a key we no longer have."""


@lru_cache(maxsize=8)
def parse_keys(value: str) -> dict[str, bytes]:
    """ "k2:<b64>,k1:<b64>" -> {"k2": key, "k1": key}, in order (the first is current)."""
    keys = {}
    for item in (part.strip() for part in value.split(",")):
        if not item:
            continue
        key_id, _, encoded = item.partition(":")
        if not KEY_ID.match(key_id) or not encoded:
            raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS: each key must look like 'k1:<base64 of 32 bytes>'.")
        try:
            key = base64.b64decode(encoded, validate=True)
        except binascii.Error as error:
            raise ImproperlyConfigured(f"FIELD_ENCRYPTION_KEYS: key '{key_id}' is not valid base64.") from error
        if len(key) != KEY_BYTES:
            raise ImproperlyConfigured(f"FIELD_ENCRYPTION_KEYS: key '{key_id}' must be {KEY_BYTES} bytes.")
        if key_id in keys:
            raise ImproperlyConfigured(f"FIELD_ENCRYPTION_KEYS: key id '{key_id}' appears twice.")
        keys[key_id] = key
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty.")
    return keys


def uses_insecure_key(value: str) -> bool:
    insecure = set(parse_keys(INSECURE_DEV_KEYS).values())
    return any(key in insecure for key in parse_keys(value).values())


def _keys():
    return parse_keys(settings.FIELD_ENCRYPTION_KEYS)


def current_key_id() -> str:
    return next(iter(_keys()))


def key_id_of(token: str) -> str:
    return token.partition(":")[0]


def encrypt(plaintext: str) -> str:
    key_id = current_key_id()
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(_keys()[key_id]).encrypt(nonce, plaintext.encode(), key_id.encode())
    return f"{key_id}:{base64.b64encode(nonce + sealed).decode()}"


def decrypt(token: str) -> str:
    key_id, _, encoded = token.partition(":")
    key = _keys().get(key_id)
    if key is None:
        raise DecryptionError(f"No key '{key_id}' in FIELD_ENCRYPTION_KEYS.")
    try:
        raw = base64.b64decode(encoded, validate=True)
        # The key id is authenticated too, so a value cannot be relabelled.
        return AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], key_id.encode()).decode()
    except (binascii.Error, InvalidTag, ValueError) as error:
        raise DecryptionError("The encrypted value is damaged or was tampered with.") from error


def reencrypt(token: str) -> str:
    """The same secret under the current key (a fresh nonce), or the token itself if it already uses it."""
    if key_id_of(token) == current_key_id():
        return token
    return encrypt(decrypt(token))
