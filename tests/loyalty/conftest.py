import pytest
import time_machine

from tests.bookings.conftest import committed_rows  # noqa: F401 (the race tests' fixture, shared)
from tests.loyalty.factories import START, MemberFactory, PartnerFactory


@pytest.fixture
def clock():
    """The club's clock, frozen at START; `clock.shift(timedelta)` moves it."""
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def partner(clock):
    return PartnerFactory()


@pytest.fixture
def member(clock):
    return MemberFactory()
