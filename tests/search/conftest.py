import pytest


@pytest.fixture(autouse=True)
def _search_index(search_index):
    """These tests search what they saved."""
