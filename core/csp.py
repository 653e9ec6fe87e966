"""Content-Security-Policy: django-csp's middleware with the admin's own policy and per-page outside services,
and the endpoint browsers send violation reports to (logger "csp").

The policies themselves are settings (CONTENT_SECURITY_POLICY, CSP_ADMIN_DIRECTIVES, CSP_SERVICES); the README's
security section says why they are what they are."""

import json
import logging

from csp.constants import HEADER
from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from core import ratelimit
from core.http import client_ip

logger = logging.getLogger("csp")

ADMIN_PREFIX = "/admin/"
REPORT_MAX_BYTES = 16 * 1024
REPORTS_PER_MINUTE = 30  # per client IP; the rest are answered 429 and not logged
REPORTS_PER_REQUEST = 10  # the Reporting API batches several
# What a report may tell, in the two formats: report-uri's {"csp-report": {...}} and report-to's
# [{"type": "csp-violation", "body": {...}}] (camelCase).
REPORT_FIELDS = {
    "document-uri": "documentURL",
    "effective-directive": "effectiveDirective",
    "blocked-uri": "blockedURL",
    "source-file": "sourceFile",
    "line-number": "lineNumber",
    "script-sample": "sample",
    "disposition": "disposition",
}
FIELD_MAX_CHARS = 300


class CSPMiddleware(BaseCSPMiddleware):
    """Under /admin/ the admin's looser policy (Wagtail's own scripts and styles are inline); everywhere the
    outside services the rendered templates asked for with `{% csp_allow %}`; and a Reporting-Endpoints header
    for the policy's `report-to`."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        if parts.config is None and request.path_info.startswith(ADMIN_PREFIX):
            parts.config = settings.CSP_ADMIN_DIRECTIVES
        services = getattr(request, "csp_services", None)
        if services:
            update = {key: list(value) for key, value in (parts.update or {}).items()}
            for name in sorted(services):
                for directive, sources in settings.CSP_SERVICES[name].items():
                    update.setdefault(directive, []).extend(sources)
            parts.update = update
        return parts

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if "report-to csp" in response.get(HEADER, ""):
            response["Reporting-Endpoints"] = f'csp="{request.build_absolute_uri(reverse("csp_report"))}"'
        return response


def allow_service(request, name):
    """Let this response load what the outside service `name` (a key of CSP_SERVICES) needs."""
    if name not in settings.CSP_SERVICES:
        raise KeyError(f"No outside service {name!r} in CSP_SERVICES.")
    if not hasattr(request, "csp_services"):
        request.csp_services = set()
    request.csp_services.add(name)


def _violations(payload):
    """The reports in either format as flat dicts of the fields we log; ValueError when it is neither."""
    if isinstance(payload, dict) and isinstance(payload.get("csp-report"), dict):
        return [{key: payload["csp-report"].get(key) for key in REPORT_FIELDS}]
    if isinstance(payload, list) and payload:
        bodies = [item.get("body") for item in payload[:REPORTS_PER_REQUEST] if isinstance(item, dict)]
        if bodies and all(isinstance(body, dict) for body in bodies):
            return [{key: body.get(camel) for key, camel in REPORT_FIELDS.items()} for body in bodies]
    raise ValueError("not a CSP report")


def _too_many(request):
    return ratelimit.hit(f"csp-report:{client_ip(request)}", 60) > REPORTS_PER_MINUTE


@csrf_exempt
@require_POST
def csp_report(request):
    """Log the browser's CSP violation reports. Anything else is a 4xx: too big 413, not a report 400,
    a flood 429; a report 204."""
    try:
        length = int(request.headers.get("Content-Length") or 0)
    except ValueError:
        return HttpResponse(status=400)
    if length > REPORT_MAX_BYTES:
        return HttpResponse(status=413)
    if _too_many(request):
        return HttpResponse(status=429)
    body = request.read(REPORT_MAX_BYTES + 1)
    if len(body) > REPORT_MAX_BYTES:
        return HttpResponse(status=413)
    try:
        violations = _violations(json.loads(body))
    except (ValueError, RecursionError):  # bad UTF-8 and JSON are ValueErrors too
        return HttpResponse(status=400)
    for violation in violations:
        fields = {key: str(value)[:FIELD_MAX_CHARS] for key, value in violation.items() if value not in (None, "")}
        logger.warning("CSP violation: %s", json.dumps(fields, ensure_ascii=False, sort_keys=True))
    return HttpResponse(status=204)
