"""Groups: Wagtail's default «Editors» and «Moderators» are gone; everyone who signs up is a «Пользователь»."""

from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.roles import ROLES, USER

pytestmark = pytest.mark.django_db
migration = import_module("accounts.migrations.0008_remove_wagtail_default_groups")


def test_a_fresh_install_has_only_our_role_groups():
    names = set(Group.objects.values_list("name", flat=True))
    assert not names & {"Editors", "Moderators"}
    assert ROLES[USER].name in names


def test_a_default_group_someone_was_put_in_is_kept():
    used = Group.objects.create(name="Editors")
    used.user_set.add(get_user_model().objects.create_user(email="editor@example.com", password="x-Long-enough-1"))
    Group.objects.create(name="Moderators")
    migration.remove_wagtail_default_groups(apps, None)
    assert set(Group.objects.filter(name__in=["Editors", "Moderators"]).values_list("name", flat=True)) == {"Editors"}


def test_a_new_sign_up_is_a_user(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "new@example.com", "password1": "Ветер-над-Ишимом-42", "password2": "Ветер-над-Ишимом-42"},
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(email="new@example.com")
    assert list(user.groups.values_list("name", flat=True)) == [ROLES[USER].name]
