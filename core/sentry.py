"""Sentry, started by the settings only when SENTRY_DSN is set. Personal data stays out: no cookies, no user
emails or IPs (send_default_pii off); each event carries the request id that the logs and the response show."""

import sentry_sdk
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration

from core import request_id


def tag_request_id(event, hint):
    event.setdefault("tags", {})["request_id"] = request_id.current.get()
    return event


def init_sentry(dsn, *, environment, release=None, traces_sample_rate=0.0):
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        traces_sample_rate=traces_sample_rate,
        send_default_pii=False,
        before_send=tag_request_id,
        integrations=[DjangoIntegration(), CeleryIntegration()],
    )
