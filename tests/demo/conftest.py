import pytest
from wagtail.models import Site


@pytest.fixture
def inback_site(db):
    return Site.objects.get(hostname="inback.localhost")


@pytest.fixture
def documents_root(settings, tmp_path):
    settings.LEADS_DOCUMENTS_ROOT = tmp_path / "private"
    return settings.LEADS_DOCUMENTS_ROOT
