"""allauth's limits count per visitor behind the proxy, with the one client-IP rule every other limit uses."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from accounts.adapter import AccountAdapter

PROXY = "10.0.0.1"


def test_the_adapter_reads_the_client_ip_from_the_trusted_header(settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_REAL_IP="203.0.113.7")
    assert AccountAdapter(request).get_client_ip(request) == "203.0.113.7"
    settings.CLIENT_IP_HEADER = ""
    assert AccountAdapter(request).get_client_ip(request) == PROXY


def wrong_password(client, ip, attempt):
    response = client.post(
        reverse("account_login"),
        {"login": f"nobody{attempt}@example.com", "password": "wrong-password"},
        REMOTE_ADDR=PROXY,
        HTTP_X_REAL_IP=ip,
        HTTP_X_FORWARDED_FOR="198.51.100.1",  # a spoofed header changes nothing
    )
    assert response.status_code == 200  # the form again, with its error
    return {error.code for error in response.context["form"].non_field_errors().as_data()}


@pytest.mark.django_db
def test_behind_one_proxy_one_visitors_failures_do_not_lock_out_the_others(client, settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    errors = [wrong_password(client, "203.0.113.7", attempt) for attempt in range(11)]
    assert all("too_many_login_attempts" not in codes for codes in errors[:10])
    assert "too_many_login_attempts" in errors[10]  # ten failed logins a minute from one visitor, then the limit
    assert "too_many_login_attempts" not in wrong_password(client, "203.0.113.8", 99)  # the next visitor may try
