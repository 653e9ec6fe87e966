"""Request ids: every request gets one (the proxy's X-Request-ID when it sends a sane one, else a new one), every
log line written while serving it carries it (RequestIdFilter), and the response sends it back, so a line in the
logs, a Sentry event and the visitor's error page can be matched."""

import contextvars
import logging
import re
import uuid

HEADER = "X-Request-ID"
# What we accept from outside: short, no spaces or quotes, so it cannot break a log line or a header.
VALID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")

current = contextvars.ContextVar("request_id", default="-")


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get(HEADER, "")
        request_id = given if VALID.match(given) else uuid.uuid4().hex
        request.request_id = request_id
        token = current.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            current.reset(token)
        response[HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record ("-" outside a request: Celery tasks, commands)."""

    def filter(self, record):
        record.request_id = current.get()
        return True
