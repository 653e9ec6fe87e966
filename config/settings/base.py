"""Settings shared by every environment. Values come from the environment;
each has a working local default (SQLite, local-memory cache, eager Celery, console mail)."""

from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF, UNSAFE_EVAL, UNSAFE_HASHES, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from core.crypto import INSECURE_DEV_KEYS

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="insecure-local-development-key-change-me")
# Keys for encrypted fields (door codes), newest first: "k2:<base64 32 bytes>,k1:<base64>". See core/crypto.py.
FIELD_ENCRYPTION_KEYS = env("FIELD_ENCRYPTION_KEYS", default=INSECURE_DEV_KEYS)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", ".localhost", "127.0.0.1", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Our apps
    "core",
    "images",
    "accounts",
    "home",
    "blog",
    "catalog",
    "agencies",
    "search",
    "integrations",
    "bookings",
    "leads",
    "loyalty",
    "notifications",
    "dealers",
    "publishing",
    "api",
    "assistant",
    "demo",  # seed commands and demo builders (development and tests)
    # Production stack: /health/ and /metrics (README «Production»)
    "health_check",
    "django_prometheus",
    # Wagtail
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtailseo",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    # The public API v1 (api/): REST framework, the OpenAPI schema and its docs page's own static files
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # Accounts
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    # Django
    "django_htmx",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "core.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "core.cache.CacheControlMiddleware",  # above the session, CSRF and locale middleware: sees their cookies
    "core.csp.CSPMiddleware",
    "accounts.sso.HandoffFormActionMiddleware",  # below CSPMiddleware: the central login may post on to a brand
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.StaffMFAMiddleware",
    "accounts.middleware.RateLimitedMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "leads.visitor.LandingMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: DATABASE_URL, SQLite file by default.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
# A read replica (README «Production»): public GET pages may read from it (core/db_router.py); the admin, forms
# and everything after a write use the primary. Tests mirror it onto the default database.
if DATABASE_REPLICA_URL := env("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db_url_config(DATABASE_REPLICA_URL)
    DATABASES["replica"].update(CONN_MAX_AGE=DATABASES["default"]["CONN_MAX_AGE"], TEST={"MIRROR": "default"})
    DATABASE_ROUTERS = ["core.db_router.ReplicaRouter"]
    MIDDLEWARE.insert(MIDDLEWARE.index("core.request_id.RequestIdMiddleware") + 1, "core.db_router.ReplicaMiddleware")
REPLICA_PRIMARY_PATHS = ("/admin/", "/account/", "/accounts/")
REPLICA_STICKY_SECONDS = env.int("REPLICA_STICKY_SECONDS", default=5)
# PgBouncer in transaction mode hands each transaction to any server connection: no server-side cursors (they
# live in a session), and Django's own pool stays off. Advisory locks in the code are transaction-scoped only.
if env.bool("DATABASE_PGBOUNCER", default=False):
    for _database in DATABASES.values():
        _database["DISABLE_SERVER_SIDE_CURSORS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite has no row locks: writers take the database lock when the transaction starts,
    # so two bookings of the same dates cannot interleave (DESIGN.md), and wait for it.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache, sessions and Celery: Redis when REDIS_URL is set, local memory and eager tasks otherwise.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    _redis_options = {"socket_connect_timeout": 2, "socket_timeout": 2}
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "platform",
            "OPTIONS": _redis_options,
        },
        "renditions": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "renditions",
            "OPTIONS": _redis_options,
        },
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
    CELERY_RESULT_BACKEND = CELERY_BROKER_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "renditions": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "renditions"},
    }
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = "cache+memory://"
    CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = "UTC"
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A queue per kind of work, so a big import never delays a payment or a notification: a worker per queue (or one
# worker on all of them, `-Q default,notifications,imports,payments`, as deploy/ starts it on one machine).
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {
    "notifications.tasks.*": {"queue": "notifications"},
    "accounts.tasks.*": {"queue": "notifications"},
    "loyalty.tasks.import_purchases": {"queue": "imports"},
    "loyalty.tasks.sync_connector": {"queue": "imports"},
    "loyalty.tasks.sync_connectors": {"queue": "imports"},
    "bookings.tasks.poll_open_payments": {"queue": "payments"},
    "bookings.tasks.retry_failed_refunds": {"queue": "payments"},
    "bookings.tasks.record_expired_holds": {"queue": "payments"},
    "loyalty.tasks.poll_event_payments": {"queue": "payments"},
    "loyalty.tasks.retry_event_refunds": {"queue": "payments"},
}
# Task events for the Prometheus celery-exporter (deploy/compose.yaml, deploy/k8s/worker.yaml).
CELERY_WORKER_SEND_TASK_EVENTS = True
CELERY_TASK_SEND_SENT_EVENT = True

# Mail: EMAIL_URL (smtp://user:pass@host:587 ...), console by default.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="noreply@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Accounts
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "accounts.forms.LoginForm",
    "signup": "accounts.forms.SignupForm",
    "request_login_code": "accounts.forms.RequestLoginCodeForm",
    "reset_password": "accounts.forms.ResetPasswordForm",
}
# Sign up and log in by email or by phone. allauth sees both fields as optional; our signup
# form asks for at least one (hence account.W001 is silenced below).
ACCOUNT_LOGIN_METHODS = {"email", "phone"}
ACCOUNT_SIGNUP_FIELDS = ["email", "phone", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
# Nobody learns from our answers whether an email or phone is registered: password reset, login codes and
# sign-up answer the same for both, and the owner hears about it by email (accounts/forms.py, stages.py).
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_PHONE_VERIFICATION_ENABLED = True
ACCOUNT_PHONE_VERIFICATION_SUPPORTS_RESEND = True
ACCOUNT_PHONE_VERIFICATION_CODE_FORMAT = {"numeric": True, "length": 6, "dashed": False}
ACCOUNT_LOGIN_BY_CODE_ENABLED = True  # "send me a code" by email or SMS instead of a password
ACCOUNT_LOGIN_BY_CODE_SUPPORTS_RESEND = True
# ACCOUNT_EMAIL_VERIFICATION_POLICY: "mandatory" keeps an account that has an email out until the address is
# confirmed; "optional" sends the link and lets the person in. allauth accepts "mandatory" only
# when every sign-up gives an email, so allauth itself runs "optional" (it sends the mail) and
# accounts/stages.py holds the login back; phone-only accounts are held by their SMS code.
ACCOUNT_EMAIL_VERIFICATION_POLICY = env("ACCOUNT_EMAIL_VERIFICATION", default="optional")
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# Failed logins: 10 a minute from one address, 5 per account in 5 minutes; the other limits
# (sign-up, codes, password reset) keep allauth's defaults.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
# models.W040: covering indexes (INCLUDE) are PostgreSQL's; the SQLite the tests use builds them without the extra
# columns, which changes nothing but speed (loyalty's analytics indexes)
SILENCED_SYSTEM_CHECKS = ["account.W001", "models.W040"]
LOGIN_REDIRECT_URL = "/"
LOGIN_URL = "account_login"

# Two-factor authentication: TOTP apps with recovery codes. Everyone who can open the Wagtail
# admin must set it up first (accounts.middleware.StaffMFAMiddleware), and the admin's own login
# page leads to allauth's, which asks for the code.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env("MFA_TOTP_ISSUER", default="Платформа брендов")
MFA_REQUIRED_FOR_STAFF = env.bool("MFA_REQUIRED_FOR_STAFF", default=True)
WAGTAILADMIN_LOGIN_URL = "account_login"
# One account for every brand (accounts/sso.py): the brands' «Войти» leads to the login on this host, which hands
# the session to the brand's own domain with a signed single-use link valid ACCOUNTS_HANDOFF_MAX_AGE seconds.
# Empty: the default Wagtail site's hostname (the portal), on the port the request came to.
ACCOUNTS_CENTRAL_HOST = env("ACCOUNTS_CENTRAL_HOST", default="")
ACCOUNTS_HANDOFF_MAX_AGE = env.int("ACCOUNTS_HANDOFF_MAX_AGE", default=60)

# Bookings (ЖильеGO)
BOOKING_HOLD_MINUTES = env.int("BOOKING_HOLD_MINUTES", default=15)
BOOKING_MAX_NIGHTS = env.int("BOOKING_MAX_NIGHTS", default=90)
# Unpaid holds one guest may keep at once, in all and on one property (0 turns a limit off): no squatting on dates.
BOOKING_MAX_LIVE_HOLDS_PER_GUEST = env.int("BOOKING_MAX_LIVE_HOLDS_PER_GUEST", default=3)
BOOKING_MAX_LIVE_HOLDS_PER_PROPERTY_PER_GUEST = env.int("BOOKING_MAX_LIVE_HOLDS_PER_PROPERTY_PER_GUEST", default=1)
# Where the visitor's IP is when a trusted reverse proxy sets a header, e.g. "HTTP_X_REAL_IP"
# (the door-code log records it); empty: REMOTE_ADDR. Never set it without such a proxy: clients forge headers.
CLIENT_IP_HEADER = env("CLIENT_IP_HEADER", default="")
# Check-in and refund deadlines are counted in the rentals' own time zone (Astana).
BOOKING_TIME_ZONE = env("BOOKING_TIME_ZONE", default="Asia/Almaty")
# Guest cancellation: "hours before check-in:percent refunded"; the rule with most hours still met applies, else 0%.
BOOKING_REFUND_POLICY = [
    tuple(int(part) for part in rule.split(":"))
    for rule in env.list("BOOKING_REFUND_POLICY", default=["24:100", "12:50"])
]
# Payments: "sandbox" (a local payment page, for the demo) or "kaspi" (production default).
PAYMENT_PROVIDER = env("PAYMENT_PROVIDER", default="sandbox")
PAYMENT_PLATFORM_COMMISSION_PERCENT = Decimal(env("PAYMENT_PLATFORM_COMMISSION_PERCENT", default="10"))
PAYMENT_PROVIDER_FEE_PERCENT = Decimal(env("PAYMENT_PROVIDER_FEE_PERCENT", default="2.5"))
# Kaspi Pay remote payments (integrations/kaspi.py): the API, our trade point and token, the client
# certificate and key Kaspi issues (PEM paths, for mutual TLS), an extra CA for Kaspi's server, and the
# HMAC secret of webhooks (optional: open payments are polled either way).
KASPI_API_URL = env("KASPI_API_URL", default="https://pay.kaspi.kz/api")
KASPI_MERCHANT_ID = env("KASPI_MERCHANT_ID", default="")
KASPI_TOKEN = env("KASPI_TOKEN", default="")
KASPI_CLIENT_CERT = env("KASPI_CLIENT_CERT", default="")
KASPI_CLIENT_KEY = env("KASPI_CLIENT_KEY", default="")
KASPI_CA_FILE = env("KASPI_CA_FILE", default="")
KASPI_SECRET = env("KASPI_SECRET", default="")
KASPI_TIMEOUT = env.float("KASPI_TIMEOUT", default=10)

# Club connectors to partners' systems (loyalty/connectors.py): per request timeout, tries after a 5xx, the longest
# wait for a rate limit's Retry-After, and the most pages one sync reads (the next sync goes on from the cursor).
CONNECTOR_TIMEOUT = env.float("CONNECTOR_TIMEOUT", default=30)
CONNECTOR_RETRIES = env.int("CONNECTOR_RETRIES", default=3)
CONNECTOR_MAX_WAIT = env.float("CONNECTOR_MAX_WAIT", default=60)
CONNECTOR_MAX_PAGES = env.int("CONNECTOR_MAX_PAGES", default=1000)
CONNECTOR_SLEEP = "time.sleep"  # what waits; the tests put a recorder here, so they never sleep

# Leads: working hours and viewing slots are in LEADS_TIME_ZONE; a viewing lasts LEADS_VIEWING_MINUTES and
# is booked at least LEADS_BOOKING_NOTICE_HOURS ahead; the client's signed link lives LEADS_VIEWING_LINK_DAYS.
LEADS_TIME_ZONE = env("LEADS_TIME_ZONE", default="Europe/Moscow")
LEADS_VIEWING_MINUTES = env.int("LEADS_VIEWING_MINUTES", default=60)
LEADS_BOOKING_NOTICE_HOURS = env.int("LEADS_BOOKING_NOTICE_HOURS", default=2)
LEADS_VIEWING_LINK_DAYS = env.int("LEADS_VIEWING_LINK_DAYS", default=30)
# Leads intake: a visitor may send LEADS_RATE_LIMIT_PER_IP requests from
# one address and LEADS_RATE_LIMIT_PER_PHONE for one phone number within LEADS_RATE_LIMIT_WINDOW seconds.
LEADS_RATE_LIMIT_PER_IP = env.int("LEADS_RATE_LIMIT_PER_IP", default=10)
LEADS_RATE_LIMIT_PER_PHONE = env.int("LEADS_RATE_LIMIT_PER_PHONE", default=3)
LEADS_RATE_LIMIT_WINDOW = env.int("LEADS_RATE_LIMIT_WINDOW", default=600)

# The public API v1 (api/): requests per API key (or per IP address without one) in API_RATE_LIMIT_WINDOW seconds;
# 0 turns the limit off. Answers past the limit are 429 with Retry-After.
API_RATE_LIMIT_PER_KEY = env.int("API_RATE_LIMIT_PER_KEY", default=600)
API_RATE_LIMIT_ANONYMOUS = env.int("API_RATE_LIMIT_ANONYMOUS", default=120)
API_RATE_LIMIT_WINDOW = env.int("API_RATE_LIMIT_WINDOW", default=60)
# Days an `Idempotency-Key`'s first answer is kept (api.tasks.forget_idempotent_requests deletes older ones).
API_IDEMPOTENCY_DAYS = env.int("API_IDEMPOTENCY_DAYS", default=2)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.auth.ApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ApiKeyRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Platform API",
    "DESCRIPTION": "Публичное API v1: каталог автомобилей, новостройки, посуточная аренда, заявки; "
    "записи дилеров и застройщиков по ключу API.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "PREPROCESSING_HOOKS": ["api.schema.only_api_v1"],
    "ENUM_NAME_OVERRIDES": {
        "CarStatusEnum": "catalog.models.cars.CarAdPage.Status",
        "ApartmentStatusEnum": "catalog.models.realty.ApartmentPage.Status",
        "CarBulkStatusEnum": ["available", "reserved", "sold", "hidden"],
    },
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "api.schema.add_error_responses"],
}
# Deal payout documents: outside MEDIA_ROOT (never public), served only through a permission check.
LEADS_DOCUMENTS_ROOT = env.path("LEADS_DOCUMENTS_ROOT", default=BASE_DIR / "private-media")
LEADS_DOCUMENT_MAX_SIZE = env.int("LEADS_DOCUMENT_MAX_SIZE", default=10 * 1024 * 1024)
LEADS_DOCUMENTS_PER_DEAL = env.int("LEADS_DOCUMENTS_PER_DEAL", default=20)

# Outside services: each adapter in integrations/ reads its endpoint here, so tests can
# point it at a local fake server speaking the same protocol.
SMS_API_URL = env("SMS_API_URL", default="https://sms.ru")
SMS_API_ID = env("SMS_API_ID", default="")
SMS_SENDER = env("SMS_SENDER", default="")
SMS_TIMEOUT = env.float("SMS_TIMEOUT", default=10)
# Marketplace seller APIs (integrations/marketplaces/): the shops' keys are per shop, encrypted in the database.
WILDBERRIES_FEEDBACKS_API_URL = env("WILDBERRIES_FEEDBACKS_API_URL", default="https://feedbacks-api.wildberries.ru")
OZON_SELLER_API_URL = env("OZON_SELLER_API_URL", default="https://api-seller.ozon.ru")
AVITO_API_URL = env("AVITO_API_URL", default="https://api.avito.ru")  # Bitrix24: each shop's own webhook address
MARKETPLACE_TIMEOUT = env.float("MARKETPLACE_TIMEOUT", default=15)
TELEGRAM_API_URL = env("TELEGRAM_API_URL", default="https://api.telegram.org")
TELEGRAM_BOT_TOKEN = env("TELEGRAM_BOT_TOKEN", default="")
TELEGRAM_TIMEOUT = env.float("TELEGRAM_TIMEOUT", default=10)
# The bot users open to link their chat (t.me/<name>), and the secret Telegram sends with each webhook call.
TELEGRAM_BOT_USERNAME = env("TELEGRAM_BOT_USERNAME", default="")
TELEGRAM_WEBHOOK_SECRET = env("TELEGRAM_WEBHOOK_SECRET", default="")
WHATSAPP_API_URL = env("WHATSAPP_API_URL", default="https://graph.facebook.com/v20.0")
WHATSAPP_TIMEOUT = env.float("WHATSAPP_TIMEOUT", default=10)
# The assistant's language models (their endpoints and keys are per bot, in the admin): seconds per call,
# attempts per provider and the first backoff (doubled each retry) before falling back to the next provider.
ASSISTANT_LLM_TIMEOUT = env.float("ASSISTANT_LLM_TIMEOUT", default=20)
ASSISTANT_LLM_ATTEMPTS = env.int("ASSISTANT_LLM_ATTEMPTS", default=2)
ASSISTANT_LLM_BACKOFF = env.float("ASSISTANT_LLM_BACKOFF", default=0.5)
# Web chat messages per client IP and minute.
ASSISTANT_CHAT_PER_MINUTE = env.int("ASSISTANT_CHAT_PER_MINUTE", default=20)
# Web push: the VAPID private key (base64url, as `vapid --gen` or `manage.py vapid_keys` prints it);
# the public key browsers need is derived from it.
WEBPUSH_VAPID_PRIVATE_KEY = env("WEBPUSH_VAPID_PRIVATE_KEY", default="")
WEBPUSH_VAPID_SUBJECT = env("WEBPUSH_VAPID_SUBJECT", default=f"mailto:{DEFAULT_FROM_EMAIL}")
WEBPUSH_TIMEOUT = env.float("WEBPUSH_TIMEOUT", default=10)

# Notifications outbox: a failed attempt is retried after BASE, 2×BASE, 4×BASE… seconds (at most
# MAX_SECONDS apart); after MAX_ATTEMPTS the message is marked failed. QUEUE: a Celery queue of
# their own (empty: the default queue).
NOTIFICATIONS_MAX_ATTEMPTS = env.int("NOTIFICATIONS_MAX_ATTEMPTS", default=6)
NOTIFICATIONS_BACKOFF_BASE_SECONDS = env.int("NOTIFICATIONS_BACKOFF_BASE_SECONDS", default=60)
NOTIFICATIONS_BACKOFF_MAX_SECONDS = env.int("NOTIFICATIONS_BACKOFF_MAX_SECONDS", default=1800)
NOTIFICATIONS_QUEUE = env("NOTIFICATIONS_QUEUE", default="")
# Cross-posting car ads (publishing): the platforms' API addresses (a platform account may override its own),
# retries after BASE, 2×BASE, 4×BASE… seconds (at most MAX_SECONDS apart) up to MAX_ATTEMPTS; a publication
# sending for longer than STUCK_MINUTES lost its worker and is reconciled; QUEUE as for notifications.
PUBLISHING_API_URLS = {
    "telegram": TELEGRAM_API_URL,
    "vk": env("VK_API_URL", default="https://api.vk.com"),
    "instagram": env("INSTAGRAM_API_URL", default="https://graph.facebook.com"),
}
PUBLISHING_TIMEOUT = env.float("PUBLISHING_TIMEOUT", default=20)
PUBLISHING_MAX_ATTEMPTS = env.int("PUBLISHING_MAX_ATTEMPTS", default=6)
PUBLISHING_BACKOFF_BASE_SECONDS = env.int("PUBLISHING_BACKOFF_BASE_SECONDS", default=60)
PUBLISHING_BACKOFF_MAX_SECONDS = env.int("PUBLISHING_BACKOFF_MAX_SECONDS", default=3600)
PUBLISHING_STUCK_MINUTES = env.int("PUBLISHING_STUCK_MINUTES", default=15)
PUBLISHING_QUEUE = env("PUBLISHING_QUEUE", default="")
CELERY_BEAT_SCHEDULE = {
    # Cross-posting: scheduled publications that fell due, retries whose task was lost, stuck sends.
    "dispatch-due-publications": {"task": "publishing.tasks.dispatch_due_publications", "schedule": 60.0},
    # Picks up messages whose task was lost (broker restart, worker crash); nothing waits for it.
    "dispatch-due-notifications": {"task": "notifications.tasks.dispatch_due_notifications", "schedule": 60.0},
    "record-expired-holds": {"task": "bookings.tasks.record_expired_holds", "schedule": 60.0},
    "send-booking-reminders": {"task": "bookings.tasks.send_booking_reminders", "schedule": 60.0},
    "send-calendar-reminders": {"task": "leads.tasks.send_calendar_reminders", "schedule": 60.0},
    "retry-failed-refunds": {"task": "bookings.tasks.retry_failed_refunds", "schedule": 60.0},
    # Asks the provider about every open payment (Kaspi's remote payments are settled by polling).
    "poll-open-payments": {"task": "bookings.tasks.poll_open_payments", "schedule": 30.0},
    # The club at night (UTC, CELERY_TIMEZONE): points become available, expire, tiers are recounted, and
    # finally every balance is checked against the ledger.
    "club-release-pending-points": {
        "task": "loyalty.tasks.release_pending_points",
        "schedule": crontab(minute=0, hour=0),
    },
    "club-expire-points": {"task": "loyalty.tasks.expire_points", "schedule": crontab(minute=15, hour=0)},
    "club-recompute-tiers": {"task": "loyalty.tasks.recompute_tiers", "schedule": crontab(minute=30, hour=0)},
    "club-verify-balances": {"task": "loyalty.tasks.verify_balances", "schedule": crontab(minute=0, hour=1)},
    # Member-built events: votes whose deadline passed are counted (the winner becomes a draft event page).
    "club-close-proposal-votes": {"task": "loyalty.tasks.close_proposal_votes", "schedule": crontab(minute="*/5")},
    # Analytics: RFM segments, the churn model refitted on the day's history, the club's monthly metrics.
    "assistant-sync-marketplaces": {"task": "assistant.tasks.sync_marketplaces", "schedule": crontab(minute="*/15")},
    "club-refresh-analytics": {"task": "loyalty.tasks.refresh_analytics", "schedule": crontab(minute=30, hour=1)},
    # Partners' systems: every enabled connector reads what changed since its cursor.
    "club-sync-connectors": {"task": "loyalty.tasks.sync_connectors", "schedule": crontab(minute="*/30")},
    # Club events: unconfirmed seat offers pass on, reminders a day and two hours before, ratings asked after.
    "club-expire-event-offers": {"task": "loyalty.tasks.expire_event_offers", "schedule": 300.0},
    "club-event-reminders": {"task": "loyalty.tasks.send_event_reminders", "schedule": 300.0},
    "club-event-payments": {"task": "loyalty.tasks.poll_event_payments", "schedule": 60.0},
    "club-event-refunds": {"task": "loyalty.tasks.retry_event_refunds", "schedule": 300.0},
    "club-event-feedback": {"task": "loyalty.tasks.ask_event_feedback", "schedule": crontab(minute=10)},
    # The API's stored idempotent answers past API_IDEMPOTENCY_DAYS.
    "api-forget-idempotent-requests": {
        "task": "api.tasks.forget_idempotent_requests",
        "schedule": crontab(minute=45, hour=1),
    },
}

# A partner's file of purchases (loyalty.services.imports): bigger files are refused, to be split.
CLUB_IMPORT_MAX_BYTES = 20 * 1024 * 1024
CLUB_IMPORT_MAX_ROWS = 200_000
# Car ads import (catalog.car_import): the file, its ZIP of photos, and photos fetched by URL (integrations/photos.py).
# Files up to CAR_IMPORT_INLINE_ROWS rows are checked and imported in the request; bigger ones in Celery.
CAR_IMPORT_MAX_BYTES = 20 * 1024 * 1024
CAR_IMPORT_MAX_ROWS = 50_000
CAR_IMPORT_INLINE_ROWS = env.int("CAR_IMPORT_INLINE_ROWS", default=50)
CAR_IMPORT_ZIP_MAX_BYTES = 200 * 1024 * 1024
CAR_IMPORT_ZIP_MAX_FILES = 2000
CAR_IMPORT_MAX_PHOTOS_PER_AD = 30
CAR_PHOTO_MAX_BYTES = 10 * 1024 * 1024
CAR_PHOTO_TIMEOUT = env.float("CAR_PHOTO_TIMEOUT", default=10)
CAR_PHOTO_ALLOW_PRIVATE_HOSTS = env.bool("CAR_PHOTO_ALLOW_PRIVATE_HOSTS", default=False)
# Club events (loyalty.services.events): hours a member has to confirm a freed seat offered to her (never past the
# start), and up to how many hours before the start she may cancel her seat herself.
CLUB_EVENT_OFFER_HOURS = env.int("CLUB_EVENT_OFFER_HOURS", default=12)
CLUB_EVENT_CANCEL_HOURS = env.int("CLUB_EVENT_CANCEL_HOURS", default=24)
# A paid event's seat waits this long for its payment, then passes on.
CLUB_EVENT_PAYMENT_MINUTES = env.int("CLUB_EVENT_PAYMENT_MINUTES", default=30)

# Internationalisation: Russian first, Kazakh and English beside it.
LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Русский")), ("kk", _("Қазақша")), ("en", _("English"))]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
# Machine translation in wagtail-localize's «Translate» view: DeepL once a key is given (README «Translations»).
if DEEPL_AUTH_KEY := env("DEEPL_AUTH_KEY", default=""):
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "integrations.deepl.DeepLTranslator",
        "OPTIONS": {"AUTH_KEY": DEEPL_AUTH_KEY, "API_URL": env("DEEPL_API_URL", default="")},
    }
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Moscow"
USE_I18N = True
USE_TZ = True

# Static and media. STATIC_URL and MEDIA_URL may name a CDN ("https://cdn.example.com/static/").
STATIC_URL = env("STATIC_URL", default="/static/")
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env("MEDIA_URL", default="/media/")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
SERVE_MEDIA = False  # Django serves MEDIA_ROOT itself (local demo only; see settings/dev.py)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Media on S3-compatible storage (MinIO, S3, Yandex Object Storage) when a bucket is named: every web and worker
# node then sees the same files. Public files, stable URLs (no signatures): the CDN or the bucket serves them.
if AWS_STORAGE_BUCKET_NAME := env("AWS_STORAGE_BUCKET_NAME", default=""):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            "access_key": env("AWS_ACCESS_KEY_ID", default=None),
            "secret_key": env("AWS_SECRET_ACCESS_KEY", default=None),
            "custom_domain": env("AWS_S3_CUSTOM_DOMAIN", default=None),
            "location": env("AWS_LOCATION", default="media"),
            "default_acl": None,
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }

# Maps on the catalog lists and listing pages (catalog/geo.py, static/js/maps.js with the vendored Leaflet): the
# raster tile server ({z}/{x}/{y}, optional {s} subdomains) and the attribution its licence requires (HTML). Empty
# MAP_TILE_URL: the maps show their markers on a blank background and the page loads nothing from outside.
MAP_TILE_URL = env("MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env(
    "MAP_TILE_ATTRIBUTION",
    default='&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
)
_tiles = urlsplit(MAP_TILE_URL)
# "{s}.tile.example.org" is any subdomain of tile.example.org
_tiles_origin = [f"{_tiles.scheme}://{_tiles.netloc.replace('{s}', '*')}"] if _tiles.netloc else []

# Content-Security-Policy (django-csp, core/csp.py; README "Security"). Public pages run only our own scripts
# and styles (static/), inline ones only with the request's nonce: `nonce="{{ request.csp_nonce }}"`.
_media = urlsplit(MEDIA_URL)
_media_origin = [f"{_media.scheme}://{_media.netloc}"] if _media.netloc else []
_static = urlsplit(STATIC_URL)
_static_origin = [f"{_static.scheme}://{_static.netloc}"] if _static.netloc else []
VIDEO_PLAYERS = [
    "https://www.youtube.com",
    "https://www.youtube-nocookie.com",
    "https://rutube.ru",
    "https://vk.com",
    "https://vkvideo.ru",
    "https://player.vimeo.com",
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, *_static_origin, NONCE],
        "style-src": [SELF, *_static_origin, NONCE],
        # allauth's phone change page hides a form of hidden inputs with style="display: none"; only that
        # exact attribute (by its hash) is let through.
        "style-src-attr": [UNSAFE_HASHES, "'sha256-ZdHxw9eWtnxUb3mk6tBS+gIiVUPE3pGM470keHPDFlE='"],
        "img-src": [SELF, "data:", *_static_origin, *_media_origin],
        "media-src": [SELF, *_media_origin],
        "font-src": [SELF, *_static_origin],
        "connect-src": [SELF],
        # video players: the complex's video (catalog/realty_charts.py) and rich-text embeds
        "frame-src": [SELF, *VIDEO_PLAYERS],
        "worker-src": [SELF],  # the web push service worker
        "manifest-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],  # Wagtail's preview frames our pages
        "report-uri": [reverse_lazy("csp_report")],
        "report-to": "csp",
    },
}
# Under /admin/: Wagtail's admin has inline scripts, style attributes and a template engine that compiles
# with eval, so it gets 'unsafe-inline' and 'unsafe-eval' and images and embeds from anywhere (avatars,
# embed previews), but still no plugins, no foreign base URL or form target, no framing by others.
CSP_ADMIN_DIRECTIVES = {
    **CONTENT_SECURITY_POLICY["DIRECTIVES"],
    "script-src": [SELF, UNSAFE_INLINE, UNSAFE_EVAL],
    "style-src": [SELF, UNSAFE_INLINE],
    "style-src-attr": None,
    "img-src": [SELF, "data:", "blob:", "https:"],
    "media-src": [SELF, "blob:", "https:"],
    "frame-src": [SELF, "https:"],
    "font-src": [SELF, "data:"],
}
# Outside services a page may let in with {% csp_allow "<name>" %} (core/templatetags/csp_tags.py), only
# on the pages that use them: a brand's analytics (templates/includes/analytics.html), the map tiles.
CSP_SERVICES = {
    # the map tiles (MAP_TILE_URL) on pages with a map
    "map_tiles": {"img-src": _tiles_origin},
    # https://yandex.ru/support/metrica/code/install-counter-csp.html
    "yandex_metrika": {
        "script-src": ["https://mc.yandex.ru", "https://yastatic.net"],
        "img-src": ["https://mc.yandex.ru"],
        "connect-src": ["https://mc.yandex.ru"],
        "frame-src": ["blob:", "https://mc.yandex.ru"],
    },
    # https://developers.google.com/tag-platform/security/guides/csp (Google Analytics 4)
    "google_analytics": {
        "script-src": ["https://*.googletagmanager.com"],
        "img-src": ["https://*.google-analytics.com", "https://*.googletagmanager.com"],
        "connect-src": [
            "https://*.google-analytics.com",
            "https://*.analytics.google.com",
            "https://*.googletagmanager.com",
        ],
    },
}

# Wagtail
WAGTAIL_SITE_NAME = "Платформа брендов"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://localhost:8000")
WAGTAILIMAGES_IMAGE_MODEL = "images.CustomImage"
# Every uploaded photo (guests' review photos, the admin's images): at most this many MB and megapixels. The pixels
# are read from the file's header before anything is decoded; a decoded image costs about 4 bytes a pixel.
# images.apps also sets Pillow's own bomb guard from it (a warning past the limit, an error past twice it).
UPLOAD_MAX_PHOTO_MB = env.int("UPLOAD_MAX_PHOTO_MB", default=7)
UPLOAD_MAX_PHOTO_MEGAPIXELS = env.int("UPLOAD_MAX_PHOTO_MEGAPIXELS", default=25)
WAGTAILIMAGES_MAX_UPLOAD_SIZE = UPLOAD_MAX_PHOTO_MB * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = UPLOAD_MAX_PHOTO_MEGAPIXELS * 1_000_000
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_IMAGE_FORM_BASE = "images.forms.ImageForm"  # the help text states the pixel limit too
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No Gravatar: staff emails (hashed) are not sent to an outside service, and the admin's CSP keeps images local.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Site search (search/): Wagtail's database backend, on PostgreSQL its full-text search with the Russian
# configuration (Russian stemming; Latin words get the English stemmer). SEARCH_BACKEND=opensearch moves the index
# to an OpenSearch cluster at OPENSEARCH_URL for when one database is not enough (`manage.py update_index` fills it).
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": env("SEARCH_CONFIG", default="russian")}
}
OPENSEARCH_URL = env("OPENSEARCH_URL", default="")
SEARCH_BACKEND = env("SEARCH_BACKEND", default="opensearch" if OPENSEARCH_URL else "database")
if SEARCH_BACKEND == "opensearch":
    if not OPENSEARCH_URL:
        raise ImproperlyConfigured("SEARCH_BACKEND=opensearch needs OPENSEARCH_URL.")
    WAGTAILSEARCH_BACKENDS["default"] = {
        "BACKEND": "wagtail.search.backends.opensearch3",
        "URLS": [OPENSEARCH_URL],
        "INDEX": env("OPENSEARCH_INDEX", default="platform"),
        "TIMEOUT": 5,
        "OPTIONS": {},
        "INDEX_SETTINGS": {},
    }
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAILSEO_SEP = "—"
# Cache-Control of the public pages per kind (core.cache), for visitors without session or CSRF cookie: a
# shared cache keeps them `s_maxage` seconds, purged on publish (FRONTEND_CACHE_PURGE_URL); browsers revalidate.
# Filtered lists (`?city=…`) are not purged one by one: their s-maxage bounds how long they may lag.
PAGE_CACHE_S_MAXAGE = env.int("PAGE_CACHE_S_MAXAGE", default=3600)
PAGE_CACHE_CONTROL = {
    "default": {"max_age": 0, "s_maxage": PAGE_CACHE_S_MAXAGE, "stale_while_revalidate": 30},
    "index": {"max_age": 0, "s_maxage": min(300, PAGE_CACHE_S_MAXAGE), "stale_while_revalidate": 30},
    "sitemap": {"max_age": 3600, "s_maxage": PAGE_CACHE_S_MAXAGE},
}
# The shared cache in front (nginx, Varnish) that Wagtail purges on publish and unpublish with an HTTP PURGE of
# each changed URL, sent to this address with the page's Host; unset: nothing to purge.
FRONTEND_CACHE_PURGE_URL = env("FRONTEND_CACHE_PURGE_URL", default="")
WAGTAILFRONTENDCACHE = (
    {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": FRONTEND_CACHE_PURGE_URL,
        }
    }
    if FRONTEND_CACHE_PURGE_URL
    else {}
)
# A form posted without a CSRF token (a cached page, JavaScript off) gets the token and a «send again» page.
CSRF_FAILURE_VIEW = "core.views.csrf_failure"
# URLs per sitemap file (core.sitemaps): the protocol allows 50 000; a larger section is split into parts.
SITEMAP_URLS_PER_FILE = 50_000
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# The trust ladder of Avtofamily dealers: clean approvals in a row before their ads publish without review
# (a dealer may have its own number; 0 means always reviewed).
DEALERS_TRUST_AFTER = 5
WAGTAIL_FINISH_WORKFLOW_ACTION = "dealers.workflow_finish.publish_workflow_state"

# Logs on stderr, one JSON object a line with the request id (LOG_FORMAT=json, production's default) or plain text.
LOG_FORMAT = env("LOG_FORMAT", default="plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.request_id.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            "json_ensure_ascii": False,
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django_tasks": {"level": "WARNING"}, "wagtail": {"level": "WARNING"}},
}

# Health checks at /health/ (config/urls.py): the database and the cache; the Celery ping only where asked
# (HEALTH_CHECK_CELERY=1), so a web node whose workers are down still serves pages and says so elsewhere.
HEALTH_CHECKS = ["health_check.checks.Database", "health_check.checks.Cache"]
if env.bool("HEALTH_CHECK_CELERY", default=False):
    HEALTH_CHECKS.append("health_check.contrib.celery.Ping")

# Errors to Sentry only when SENTRY_DSN is set (core/sentry.py).
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    from core.sentry import init_sentry

    init_sentry(
        SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        release=env("SENTRY_RELEASE", default=None),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )
