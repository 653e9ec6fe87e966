"""Request ids in responses and log lines, JSON logs, /health/ and /metrics (README «Production»)."""

import json
import logging

import pytest
from django.test import Client
from django.urls import reverse

from core.request_id import HEADER, RequestIdFilter, current
from core.sentry import tag_request_id


@pytest.mark.django_db
def test_a_sane_request_id_from_the_proxy_is_kept_and_a_bad_one_replaced(client):
    kept = client.get("/robots.txt", headers={HEADER: "edge-42.abc"})
    assert kept[HEADER] == "edge-42.abc"
    replaced = client.get("/robots.txt", headers={HEADER: 'x" injected\nline'})
    assert len(replaced[HEADER]) == 32 and replaced[HEADER] != kept[HEADER]
    assert client.get("/robots.txt")[HEADER] != replaced[HEADER]  # a new one each time


def test_json_log_lines_carry_the_request_id():
    from django.conf import settings
    from pythonjsonlogger.json import JsonFormatter

    options = dict(settings.LOGGING["formatters"]["json"])
    options.pop("()")
    formatter = JsonFormatter(fmt=options.pop("format"), **options)
    record = logging.LogRecord("bookings", logging.WARNING, __file__, 1, "Холд истёк", None, None)
    token = current.set("req-1")
    try:
        RequestIdFilter().filter(record)
    finally:
        current.reset(token)
    line = json.loads(formatter.format(record))
    assert line["request_id"] == "req-1" and line["level"] == "WARNING" and line["logger"] == "bookings"
    assert line["message"] == "Холд истёк" and "time" in line
    outside = logging.LogRecord("celery", logging.INFO, __file__, 1, "task", None, None)
    RequestIdFilter().filter(outside)
    assert outside.request_id == "-"


@pytest.mark.django_db
def test_health_checks_the_database_and_the_cache():
    response = Client().get(reverse("health"), headers={"Accept": "application/json"})
    assert response.status_code == 200
    assert set(response.json()) == {"Database(alias='default')", "Cache(alias='default')"}
    assert all(result == "OK" for result in response.json().values())
    assert "no-cache" in response["Cache-Control"] and response[HEADER]


@pytest.mark.django_db
def test_metrics_count_requests_by_view():
    Client().get("/robots.txt")
    body = Client().get("/metrics").content.decode()
    assert "django_http_requests_total_by_view_transport_method_total" in body
    assert 'view="robots_txt"' in body


def test_sentry_events_carry_the_request_id():
    token = current.set("req-7")
    try:
        event = tag_request_id({"tags": {"site": "zhilego"}}, hint=None)
    finally:
        current.reset(token)
    assert event["tags"] == {"site": "zhilego", "request_id": "req-7"}
