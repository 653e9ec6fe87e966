"""Two editors open the same listing page; the first saves, the second's save (from the older revision) is refused
with a message in Russian instead of silently overwriting the first (core/wagtail_hooks.py)."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from catalog.models import RentalPropertyPage
from core.locking import STALE_EDIT_MESSAGE
from tests.catalog.factories import RentalIndexPageFactory, RentalPropertyPageFactory

pytestmark = pytest.mark.django_db


def opened_form(client, page):
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    return querydict_from_html(html, form_id="page-edit-form")


def test_the_second_save_of_a_listing_from_the_same_revision_is_refused():
    page = RentalPropertyPageFactory(parent=RentalIndexPageFactory(), title="Студия у парка")
    page.save_revision()
    users = get_user_model().objects
    first, second = Client(), Client()
    first.force_login(users.create_superuser(email="first@example.com", password="pw"))
    second.force_login(users.create_superuser(email="second@example.com", password="pw"))
    first_form, second_form = opened_form(first, page), opened_form(second, page)
    assert first_form["loaded_revision_id"] == second_form["loaded_revision_id"] == str(page.latest_revision_id)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])

    first_form["title"] = "Студия у парка, после ремонта"
    assert first.post(url, first_form).status_code == 302
    second_form["title"] = "Студия у парка со скидкой"
    refused = second.post(url, second_form, follow=True)

    assert str(STALE_EDIT_MESSAGE) in refused.content.decode()
    latest = RentalPropertyPage.objects.get(pk=page.pk).get_latest_revision()
    assert latest.as_object().title == "Студия у парка, после ремонта"
    assert page.revisions.count() == 2
    # Opened again (the latest revision), the second editor saves.
    second_form = opened_form(second, page)
    second_form["title"] = "Студия у парка со скидкой"
    assert second.post(url, second_form).status_code == 302
    page.refresh_from_db()
    assert page.get_latest_revision().as_object().title == "Студия у парка со скидкой"
