import pytest
from wagtail.models import Site


@pytest.fixture
def inback_site(db):
    return Site.objects.get(hostname="inback.localhost")
