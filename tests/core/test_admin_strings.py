"""Admin text a Russian editor sees: Wagtail's own strings fixed in our locale or through the API, no «None»."""

import re

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Task, Workflow

from tests.utils import parse_html

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(get_user_model().objects.create_superuser(email="strings@example.com", password="x-Long-1-pw"))
    return client


def test_the_default_workflow_has_a_russian_name(admin_client):
    assert not Workflow.objects.filter(name="Moderators approval").exists()
    assert not Task.objects.filter(name="Moderators approval").exists()
    page = parse_html(admin_client.get("/admin/workflows/list/")).get_text(" ", strip=True)
    assert "Утверждение модераторами" in page and "Moderators approval" not in page


def test_page_search_counts_results_in_russian_without_none(admin_client):
    text = parse_html(admin_client.get("/admin/pages/search/", {"q": "а"})).get_text(" ", strip=True)
    counts = re.findall(r"\d+–\d+ из \d+ \w+", text)
    assert counts and counts[0].endswith("страниц")
    assert " of " not in text and "None" not in text
