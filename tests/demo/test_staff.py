"""The demo's staff: seeding again changes nothing; the logins can be printed with a fresh password."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import GroupCollectionPermission, GroupPagePermission, ModelLogEntry, PageLogEntry, WorkflowPage

from demo import staff

pytestmark = pytest.mark.django_db
User = get_user_model()


def snapshot():
    return {
        "users": sorted(User.objects.values_list("email", "password", "is_active", "is_staff")),
        "groups": sorted(Group.objects.values_list("name", flat=True)),
        "group_users": User.groups.through.objects.count(),
        "page_grants": GroupPagePermission.objects.count(),
        "collection_grants": GroupCollectionPermission.objects.count(),
        "workflows": WorkflowPage.objects.count(),
        "logs": (ModelLogEntry.objects.count(), PageLogEntry.objects.count()),
    }


def test_seeding_staff_again_changes_nothing():
    before = snapshot()
    assert staff.seed() == (0, "")
    call_command("setup_roles", stdout=io.StringIO())
    assert snapshot() == before


def test_demo_logins_sets_one_fresh_password_and_prints_every_account(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("demo_logins", password="Fresh-demo-pass-42", stdout=out)
    printed = out.getvalue()
    for account in staff.ACCOUNTS:
        assert account.email in printed
        assert User.objects.get(email=account.email).check_password("Fresh-demo-pass-42")
    assert "Fresh-demo-pass-42" in printed
    assert "Риелтор" in printed and "агентство «Есиль Хоум»" in printed


def test_demo_logins_refuses_to_run_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("demo_logins", stdout=io.StringIO())
