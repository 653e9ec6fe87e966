"""Schemathesis against the API's own OpenAPI schema, through the Django WSGI app in this process: every operation,
with valid and invalid input, must answer without a server error and as the schema says (status, content type,
body). Writes carry a dealer's key. Examples are few per operation so the whole run stays under half a minute."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode

from tests.api.helpers import CARS, car_index, key_for, partner

MAX_EXAMPLES = 8


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
    schema.app = get_wsgi_application()
    return schema


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
    case.call_and_validate(base_url=f"http://{CARS}", headers=dealer_headers)
