"""The outbox in the Wagtail admin: superusers only, read-only, failed ones one filter away."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse

from notifications.models import Notification
from notifications.services import notify
from tests.notifications.samples import BOOKING_CONFIRMED
from tests.utils import parse_html

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/snippets/notifications/notification/"


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser(email="outbox-admin@example.com", password="x")


@pytest.fixture
def outbox(make_user):
    """One sent, one pending, one failed message."""
    rows = [notify(make_user(), "booking.confirmed", BOOKING_CONFIRMED)[0] for _ in range(3)]
    Notification.objects.filter(pk=rows[0].pk).update(status="sent", attempts=1)
    Notification.objects.filter(pk=rows[2].pk).update(status="failed", attempts=6, last_error="SMTP 451 try later")
    return {"sent": rows[0], "pending": rows[1], "failed": rows[2]}


def listed_ids(response):
    return {int(box["data-object-id"]) for box in parse_html(response).select("input[data-bulk-action-checkbox]")}


def test_superuser_sees_the_outbox_and_finds_the_failed_ones(client, superuser, outbox):
    client.force_login(superuser)
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert listed_ids(response) == {row.pk for row in outbox.values()}
    failed = client.get(LIST_URL, {"status": "failed"})
    assert listed_ids(failed) == {outbox["failed"].pk}
    assert "не доставлено" in failed.content.decode()
    assert listed_ids(client.get(LIST_URL, {"channel": "sms"})) == set()
    assert listed_ids(client.get(LIST_URL, {"kind": "booking.confirmed"})) == {row.pk for row in outbox.values()}


def test_the_outbox_is_read_only(client, superuser, outbox):
    client.force_login(superuser)
    row = outbox["failed"]
    inspect = client.get(f"{LIST_URL}inspect/{row.pk}/")
    assert inspect.status_code == 200
    assert "SMTP 451 try later" in inspect.content.decode()
    for url in (f"{LIST_URL}add/", f"{LIST_URL}edit/{row.pk}/", f"{LIST_URL}delete/{row.pk}/"):
        assert client.get(url).status_code in (302, 403), url
    assert client.post(f"{LIST_URL}delete/{row.pk}/").status_code in (302, 403)
    assert Notification.objects.filter(pk=row.pk).exists()


def test_bulk_delete_is_refused(client, superuser, outbox):
    client.force_login(superuser)
    url = reverse("wagtail_bulk_action", args=["notifications", "notification", "delete"])
    ids = "&".join(f"id={row.pk}" for row in outbox.values())
    response = client.post(f"{url}?{ids}&next={LIST_URL}", follow=True)
    assert "журнал отправленного" in response.content.decode()
    assert Notification.objects.count() == 3


def test_staff_without_superuser_rights_cannot_see_it(client, make_user, outbox):
    editor = make_user(is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    editor.user_permissions.add(*Permission.objects.filter(content_type__app_label="notifications"))
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200
    response = client.get(LIST_URL)
    assert response.status_code in (302, 403)
    assert BOOKING_CONFIRMED["number"] not in client.get(f"{LIST_URL}inspect/{outbox['failed'].pk}/").content.decode()
    assert LIST_URL not in client.get("/admin/").content.decode()


def test_retry_a_failed_message_from_the_admin(client, superuser, outbox, django_capture_on_commit_callbacks):
    client.force_login(superuser)
    failed = outbox["failed"]
    listing = parse_html(client.get(LIST_URL, {"status": "failed"}))
    retry_link = next(a["href"] for a in listing.select("a") if "Отправить снова" in a.get_text())
    confirm = client.get(retry_link)
    assert confirm.status_code == 200 and failed.address in confirm.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(retry_link)
    assert response.status_code == 302
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (Notification.Status.SENT, 1)


def test_retry_leaves_sent_and_pending_alone(client, superuser, outbox):
    client.force_login(superuser)
    url = reverse("wagtail_bulk_action", args=["notifications", "notification", "retry"])
    ids = "&".join(f"id={row.pk}" for row in outbox.values())
    client.post(f"{url}?{ids}&next={LIST_URL}")
    statuses = dict(Notification.objects.values_list("pk", "status"))
    assert statuses == {outbox["sent"].pk: "sent", outbox["pending"].pk: "pending", outbox["failed"].pk: "pending"}
    assert Notification.objects.get(pk=outbox["sent"].pk).attempts == 1


def test_the_list_does_not_grow_its_queries_with_the_outbox(
    client, superuser, make_user, django_assert_max_num_queries
):
    client.force_login(superuser)

    def fill(count):
        for _ in range(count):
            notify(make_user(), "booking.confirmed", BOOKING_CONFIRMED)

    fill(2)
    with django_assert_max_num_queries(40) as small:
        client.get(LIST_URL)
    baseline = len(small.captured_queries)
    fill(20)
    with django_assert_max_num_queries(baseline):
        client.get(LIST_URL)
