"""Optimistic locking of a task edited in the admin (core/locking.py): two staff open the same version, the first
save wins, the second is refused with a message in Russian and changes nothing."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from core.locking import STALE_EDIT_MESSAGE
from leads.models import Task

pytestmark = pytest.mark.django_db


def edit_url(task):
    return reverse(Task.snippet_viewset.get_url_name("edit"), args=[task.pk])


def opened_version(client, task):
    html = client.get(edit_url(task)).content.decode()
    return int(re.search(r'name="version" value="(\d+)"', html).group(1))


def test_the_second_of_two_edits_from_the_same_version_is_refused(calendar_manager, viewing_lead, monday):
    anna = calendar_manager("anna@example.com")
    lead = viewing_lead(manager=anna)
    task = Task.objects.create(manager=anna, lead=lead, title="Позвонить", due_at=f"{monday}T15:00+03:00")
    first, second = Client(), Client()
    first.force_login(anna)
    second.force_login(anna)  # the same manager in two tabs, or two staff: the same race
    version = opened_version(first, task)
    assert opened_version(second, task) == version == 1
    form = {"lead": lead.pk, "due_at": f"{monday} 15:00", "remind_at": "", "version": version}

    assert first.post(edit_url(task), {**form, "title": "Позвонить до обеда"}).status_code == 302
    refused = second.post(edit_url(task), {**form, "title": "Позвонить вечером"})

    assert refused.status_code == 200
    assert str(STALE_EDIT_MESSAGE) in refused.content.decode()
    task.refresh_from_db()
    assert (task.title, task.version) == ("Позвонить до обеда", 2)
    # Opened again, the new version saves.
    assert second.post(edit_url(task), {**form, "title": "Позвонить вечером", "version": 2}).status_code == 302
    task.refresh_from_db()
    assert (task.title, task.version) == ("Позвонить вечером", 3)


def test_an_edit_without_its_version_is_not_saved(calendar_manager, monday):
    anna = calendar_manager("anna@example.com")
    task = Task.objects.create(manager=anna, title="Позвонить", due_at=f"{monday}T15:00+03:00")
    client = Client()
    client.force_login(anna)
    response = client.post(edit_url(task), {"title": "Другое", "due_at": f"{monday} 15:00", "remind_at": ""})
    assert response.status_code == 200
    task.refresh_from_db()
    assert (task.title, task.version) == ("Позвонить", 1)
