"""Schemathesis against the API's own OpenAPI schema, through the Django WSGI app in this process: every operation,
with valid and invalid input, must answer without a server error and as the schema says (status, content type,
body). Writes carry a dealer's key. Examples are few per operation so the whole run stays under half a minute
(about 10 s of CPU)."""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.api.helpers import CARS, car_index, key_for, partner

MAX_EXAMPLES = 8
# Schemathesis's coverage phase (every boundary of every parameter) takes ~25 s of CPU more; run it with
# API_SCHEMATHESIS_PHASES=examples,coverage,fuzzing (it passes too). Bad input is in the fuzzing's negative mode.
PHASES = os.environ.get("API_SCHEMATHESIS_PHASES", "examples,fuzzing").split(",")


def api_schema():
    generated = SchemaGenerator(api_version="v1").get_schema(request=None, public=True)
    schema = schemathesis.openapi.from_dict(generated)
    schema.config.generation.update(
        modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
        max_examples=MAX_EXAMPLES,
        deterministic=True,
        allow_x00=False,
        database="none",
    )
    schema.config.phases.update(phases=PHASES)
    schema.app = in_test_transaction(get_wsgi_application())
    return schema


def in_test_transaction(handler):
    """The WSGI app without closing the database connection after each request (it holds the test's
    transaction), as Django's own test client does."""

    def app(environ, start_response):
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            result = handler(environ, start_response)
            body = list(result)
            result.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        return body

    return app


schema = api_schema()


@pytest.fixture
def dealer_headers(db, settings):
    settings.API_RATE_LIMIT_PER_KEY = 0
    settings.API_RATE_LIMIT_ANONYMOUS = 0
    settings.LEADS_RATE_LIMIT_PER_IP = 0
    settings.LEADS_RATE_LIMIT_PER_PHONE = 0
    user = partner("schemathesis-dealer@example.com", [car_index()])
    _key, auth = key_for(user)
    return {"Authorization": auth["HTTP_AUTHORIZATION"]}


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
    derandomize=True,
)
def test_api_answers_as_its_schema_says(case, dealer_headers):
    # Not positive_data_acceptance: a schema cannot say which reference ids exist or which dates are free, so
    # input valid by the schema may still be refused (400/404), in the documented error shape.
    response = case.call_and_validate(
        base_url=f"http://{CARS}", headers=dealer_headers, excluded_checks=[positive_data_acceptance]
    )
    assert response.status_code < 500  # also a check of call_and_validate's (not_a_server_error)
