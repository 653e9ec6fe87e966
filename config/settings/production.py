"""Production: secrets must come from the environment; HTTPS everywhere."""

from django.core.exceptions import ImproperlyConfigured

from core import crypto

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("insecure"):
    raise ImproperlyConfigured("SECRET_KEY must be a long random value in production.")
FIELD_ENCRYPTION_KEYS = env("FIELD_ENCRYPTION_KEYS")
if crypto.uses_insecure_key(FIELD_ENCRYPTION_KEYS):  # also checks every key's format
    raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS must hold real random keys in production, not the local one.")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# Probes and Prometheus talk plain HTTP to the node itself, inside the network.
SECURE_REDIRECT_EXEMPT = [r"^health/$", r"^metrics$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
# Wagtail's live preview frames our own pages, so same-origin framing stays allowed.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "security.W019"]
# An account with an email logs in only after confirming it (see ACCOUNT_EMAIL_VERIFICATION_POLICY in base.py).
ACCOUNT_EMAIL_VERIFICATION_POLICY = env("ACCOUNT_EMAIL_VERIFICATION", default="mandatory")
# The sandbox confirms bookings without money: production pays through Kaspi unless told otherwise.
PAYMENT_PROVIDER = env("PAYMENT_PROVIDER", default="kaspi")
# One JSON object per log line, with the request id (core/request_id.py), for the log collector.
LOGGING["handlers"]["console"]["formatter"] = env("LOG_FORMAT", default="json")
