"""The Content-Security-Policy on every site, the admin's own, and the endpoint that logs violation reports.
In a real browser the policy is proven by tests/browser/ (each test fails on a violation) and test_csp.py there."""

import json
import logging
import re

import pytest
from django.test import Client
from wagtail.models import Site

from core import csp
from tests.home.factories import brand_home

REPORT = {
    "csp-report": {
        "document-uri": "https://inback.example/novostroyki/",
        "violated-directive": "script-src-elem",
        "effective-directive": "script-src-elem",
        "blocked-uri": "inline",
        "source-file": "https://inback.example/novostroyki/",
        "line-number": 12,
        "script-sample": "alert(1)",
        "disposition": "enforce",
    }
}


def directives(response):
    header = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in header.split(";"))}


def nonces_in(html):
    return set(re.findall(r'nonce="([^"]+)"', html))


@pytest.mark.django_db
def test_every_site_home_page_has_a_policy_that_refuses_injected_inline_script(client):
    sites = list(Site.objects.all())
    assert sites
    for site in sites:
        response = client.get("/", HTTP_HOST=site.hostname)
        assert response.status_code == 200, site
        policy = directives(response)
        script_src = policy["script-src"]
        # an injected <script> has no nonce and is not ours: refused
        assert "'unsafe-inline'" not in script_src
        assert "'unsafe-eval'" not in script_src
        assert "'self'" in script_src
        assert "'unsafe-inline'" not in policy["style-src"]
        assert policy["object-src"] == ["'none'"]
        assert policy["base-uri"] == ["'self'"]
        assert policy["frame-ancestors"] == ["'self'"]
        assert policy["report-uri"] == ["/csp-report/"]
        assert policy["report-to"] == ["csp"]
        assert response["Reporting-Endpoints"] == f'csp="http://{site.hostname}/csp-report/"'
        # the brand colours' <style> carries this response's nonce, the one the header allows
        nonces = nonces_in(response.content.decode())
        assert len(nonces) == 1
        assert f"'nonce-{nonces.pop()}'" in policy["style-src"]


@pytest.mark.django_db
def test_each_response_gets_its_own_nonce(client):
    site = Site.objects.get(is_default_site=True)
    first, second = (client.get("/", HTTP_HOST=site.hostname) for _ in range(2))
    assert nonces_in(first.content.decode()) != nonces_in(second.content.decode())


@pytest.mark.django_db
def test_analytics_hosts_are_let_in_only_on_the_sites_that_count_visits(client):
    brand_home("counted.localhost", "Со счётчиком", yandex_metrika_id="12345678", google_analytics_id="G-AB12CD34")
    brand_home("plain.localhost", "Без счётчика")

    counted = directives(client.get("/", HTTP_HOST="counted.localhost"))
    assert "https://mc.yandex.ru" in counted["script-src"]
    assert "https://*.googletagmanager.com" in counted["script-src"]
    assert "https://mc.yandex.ru" in counted["connect-src"]
    assert "'unsafe-inline'" not in counted["script-src"]

    plain = client.get("/", HTTP_HOST="plain.localhost")
    assert "yandex" not in plain["Content-Security-Policy"]
    assert "google" not in plain["Content-Security-Policy"]
    assert "analytics.js" not in plain.content.decode()


@pytest.mark.django_db
def test_the_admin_has_its_looser_policy(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    policy = directives(response)
    # Wagtail's admin runs inline scripts: allowed here only, and never together with a nonce (which would
    # switch 'unsafe-inline' off)
    assert "'unsafe-inline'" in policy["script-src"]
    assert not any(source.startswith("'nonce-") for source in policy["script-src"])
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["report-uri"] == ["/csp-report/"]


# -- the report endpoint ------------------------------------------------------------------------------------------


def post(client, body, content_type="application/csp-report", **headers):
    data = body if isinstance(body, bytes | str) else json.dumps(body)
    return client.post("/csp-report/", data=data, content_type=content_type, headers=headers)


def test_a_report_is_logged(client, caplog):
    with caplog.at_level(logging.WARNING, logger="csp"):
        response = post(client, REPORT)
    assert response.status_code == 204
    [record] = [record for record in caplog.records if record.name == "csp"]
    logged = json.loads(record.getMessage().removeprefix("CSP violation: "))
    assert logged["blocked-uri"] == "inline"
    assert logged["effective-directive"] == "script-src-elem"
    assert logged["script-sample"] == "alert(1)"


def test_a_reporting_api_batch_is_logged(client, caplog):
    batch = [
        {
            "type": "csp-violation",
            "url": "https://zhilego.example/",
            "body": {"documentURL": "https://zhilego.example/", "effectiveDirective": "img-src", "blockedURL": url},
        }
        for url in ("https://evil.example/a.png", "https://evil.example/b.png")
    ]
    with caplog.at_level(logging.WARNING, logger="csp"):
        response = post(client, batch, content_type="application/reports+json")
    assert response.status_code == 204
    messages = [record.getMessage() for record in caplog.records if record.name == "csp"]
    assert len(messages) == 2
    assert "https://evil.example/b.png" in messages[1]


def test_long_fields_are_cut_in_the_log(client, caplog):
    report = {"csp-report": {**REPORT["csp-report"], "script-sample": "x" * 5000}}
    with caplog.at_level(logging.WARNING, logger="csp"):
        assert post(client, report).status_code == 204
    [record] = [record for record in caplog.records if record.name == "csp"]
    assert len(record.getMessage()) < 1000


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not json",
        b"\xff\xfe\x00",
        b"null",
        b"[]",
        b'{"csp-report": "x"}',
        b"[1, 2]",
        b'[{"body": "x"}]',
        b"[" * 5000 + b"]" * 5000,  # nested deeper than the parser goes
    ],
)
def test_junk_is_refused_with_400_and_not_logged(client, caplog, body):
    with caplog.at_level(logging.WARNING, logger="csp"):
        response = post(client, body)
    assert response.status_code == 400
    assert not [record for record in caplog.records if record.name == "csp"]


def test_an_oversize_report_is_refused_with_413(client, caplog):
    report = {"csp-report": {**REPORT["csp-report"], "script-sample": "x" * csp.REPORT_MAX_BYTES}}
    with caplog.at_level(logging.WARNING, logger="csp"):
        response = post(client, report)
    assert response.status_code == 413
    assert not [record for record in caplog.records if record.name == "csp"]


def test_only_post_is_taken(client):
    assert client.get("/csp-report/").status_code == 405


def test_a_flood_from_one_address_is_answered_429_and_not_logged(client, caplog):
    with caplog.at_level(logging.WARNING, logger="csp"):
        answers = [post(client, REPORT).status_code for _ in range(csp.REPORTS_PER_MINUTE + 2)]
    assert answers == [204] * csp.REPORTS_PER_MINUTE + [429, 429]
    assert len([record for record in caplog.records if record.name == "csp"]) == csp.REPORTS_PER_MINUTE
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert post(other, REPORT).status_code == 204


def test_the_report_needs_no_csrf_token(caplog):
    client = Client(enforce_csrf_checks=True)
    with caplog.at_level(logging.WARNING, logger="csp"):
        assert post(client, REPORT).status_code == 204
