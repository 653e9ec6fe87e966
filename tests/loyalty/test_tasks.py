"""The nightly jobs are on the beat schedule and run the services."""

from decimal import Decimal

import pytest
from django.conf import settings

from loyalty import tasks
from loyalty.models import Member
from tests.loyalty.factories import buy, later

pytestmark = pytest.mark.django_db
NIGHTLY = (tasks.release_pending_points, tasks.expire_points, tasks.recompute_tiers, tasks.verify_balances)


def test_the_nightly_jobs_are_on_the_beat_schedule():
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {task.name for task in NIGHTLY} <= scheduled


def test_the_nightly_jobs_run(clock, partner, member):
    # Eager results; `disable_sync_subtasks=False` because the real worker of test_celery_worker, when it ran
    # earlier in this process, left Celery refusing blocking get() calls.
    buy(partner, member, "1000")
    clock.shift(later(14))
    assert tasks.release_pending_points.delay().get(disable_sync_subtasks=False) == 1
    assert tasks.expire_points.delay().get(disable_sync_subtasks=False) == {"expired": 0, "reminded": 0}
    assert tasks.recompute_tiers.delay().get(disable_sync_subtasks=False) == 0
    assert tasks.verify_balances.delay().get(disable_sync_subtasks=False) == 0
    assert Member.objects.get(pk=member.pk).points_available == Decimal(50)
