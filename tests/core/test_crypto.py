"""AES-256-GCM for stored secrets: round trip, tampering, key rotation, and production's refusal of a missing key."""

import base64
import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from core import crypto

from .test_settings import PROJECT, settings_of


def fixed_key(seed):
    """A fixed key, so parametrised test ids are the same in every xdist worker."""
    return base64.b64encode(bytes([seed]) * 32).decode()


K1, K2 = fixed_key(1), fixed_key(2)


@override_settings(FIELD_ENCRYPTION_KEYS=f"k1:{K1}")
def test_round_trip_names_the_key_and_hides_the_text():
    token = crypto.encrypt("Домофон 27#4821, сейф 0071")
    assert token.startswith("k1:")
    assert "4821" not in token and "0071" not in token
    assert crypto.decrypt(token) == "Домофон 27#4821, сейф 0071"
    assert crypto.decrypt(crypto.encrypt("")) == ""


@override_settings(FIELD_ENCRYPTION_KEYS=f"k1:{K1}")
def test_each_encryption_uses_a_fresh_nonce():
    assert crypto.encrypt("1234") != crypto.encrypt("1234")


@override_settings(FIELD_ENCRYPTION_KEYS=f"k1:{K1}")
def test_tampered_ciphertext_is_refused():
    token = crypto.encrypt("4821")
    key_id, _, encoded = token.partition(":")
    raw = bytearray(base64.b64decode(encoded))
    raw[-1] ^= 1  # one bit of the tag
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(f"{key_id}:{base64.b64encode(bytes(raw)).decode()}")
    raw = bytearray(base64.b64decode(encoded))
    raw[crypto.NONCE_BYTES] ^= 1  # one bit of the ciphertext
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(f"{key_id}:{base64.b64encode(bytes(raw)).decode()}")
    for broken in ("k1:not base64!", "k1:", "k1:" + base64.b64encode(b"short").decode(), "garbage"):
        with pytest.raises(crypto.DecryptionError):
            crypto.decrypt(broken)


def test_a_value_cannot_be_relabelled_with_another_key_id():
    with override_settings(FIELD_ENCRYPTION_KEYS=f"k1:{K1},k2:{K1}"):  # same key bytes under two ids
        token = crypto.encrypt("4821")
        assert token.startswith("k1:")
        with pytest.raises(crypto.DecryptionError):
            crypto.decrypt("k2:" + token.partition(":")[2])


def test_rotation_old_key_still_decrypts_and_reencrypt_moves_to_the_current_key():
    with override_settings(FIELD_ENCRYPTION_KEYS=f"k1:{K1}"):
        old = crypto.encrypt("4821")
    with override_settings(FIELD_ENCRYPTION_KEYS=f"k2:{K2},k1:{K1}"):
        assert crypto.current_key_id() == "k2"
        assert crypto.decrypt(old) == "4821"
        new = crypto.reencrypt(old)
        assert new.startswith("k2:") and crypto.decrypt(new) == "4821"
        assert crypto.reencrypt(new) == new  # already current: untouched
    with override_settings(FIELD_ENCRYPTION_KEYS=f"k2:{K2}"):
        assert crypto.decrypt(new) == "4821"
        with pytest.raises(crypto.DecryptionError, match="No key 'k1'"):
            crypto.decrypt(old)


@pytest.mark.parametrize(
    ("value", "complaint"),
    [
        ("", "empty"),
        ("k1", "must look like"),
        (f"bad id!:{K1}", "must look like"),
        ("k1:%%%", "not valid base64"),
        ("k1:" + base64.b64encode(b"sixteen-byte-key").decode(), "must be 32 bytes"),
        (f"k1:{K1},k1:{K2}", "appears twice"),
    ],
)
def test_malformed_key_lists_are_refused(value, complaint):
    with pytest.raises(ImproperlyConfigured, match=complaint):
        crypto.parse_keys(value)


def test_the_local_default_key_is_recognised_as_insecure():
    assert crypto.uses_insecure_key(crypto.INSECURE_DEV_KEYS)
    assert crypto.uses_insecure_key(f"k2:{K2},old:{crypto.INSECURE_DEV_KEYS.partition(':')[2]}")
    assert not crypto.uses_insecure_key(f"k2:{K2},k1:{K1}")


PRODUCTION = {
    "SECRET_KEY": "y" * 20 + "-production-like-secret-key-with-enough-entropy-1234567890",
    "ALLOWED_HOSTS": "zhilego.example.com",
}


@pytest.mark.parametrize(
    ("env", "complaint"),
    [
        ({}, "FIELD_ENCRYPTION_KEYS"),
        ({"FIELD_ENCRYPTION_KEYS": crypto.INSECURE_DEV_KEYS}, "not the local one"),
        ({"FIELD_ENCRYPTION_KEYS": "k1:c2hvcnQ="}, "must be 32 bytes"),
    ],
)
def test_production_refuses_to_start_without_a_real_key(monkeypatch, env, complaint):
    with pytest.raises(ImproperlyConfigured, match=complaint):
        settings_of(monkeypatch, "config.settings.production", **PRODUCTION, **env)


def test_production_starts_with_a_real_key():
    """The one real boot of the production settings (django.setup() in a subprocess)."""
    clean = {key: value for key, value in os.environ.items() if key not in {"FIELD_ENCRYPTION_KEYS", "DATABASE_URL"}}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=PROJECT,
        env={
            **clean,
            **PRODUCTION,
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "FIELD_ENCRYPTION_KEYS": f"k2:{K2},k1:{K1}",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
