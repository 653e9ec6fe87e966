"""/account/notifications/: kinds × channels checkboxes; bad input is explained and changes nothing.
And the browser's push subscription endpoint."""

import json

import pytest

from notifications.models import NotificationPreference, PushSubscription
from tests.fakes.webpush import Subscriber
from tests.utils import parse_html

pytestmark = pytest.mark.django_db

URL = "/account/notifications/"


def checked_boxes(response):
    return {box["value"] for box in parse_html(response).select("input[name=enabled][checked]")}


def disabled_channels(response):
    return {box["value"].split(":")[1] for box in parse_html(response).select("input[name=enabled][disabled]")}


def saved(user):
    return set(NotificationPreference.objects.filter(user=user).values_list("kind", "channel", "enabled"))


def test_guests_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_page_shows_defaults_and_says_why_a_channel_is_off(client, make_user):
    user = make_user(phone="+77011234567", phone_verified=False)
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    assert checked_boxes(response) == {
        "booking.confirmed:email",
        "booking.hold_expired:email",
        "booking.reminder_checkin:email",
        "booking.reminder_checkout:email",
        "booking.cancelled:email",
        "appointment.reminder:email",
        "club.tier_changed:email",
        "club.points_expiring:email",
        "club.proposal_approved:email",
        "club.proposal_rejected:email",
        "club.proposal_closed:email",
        "club.event_reminder:email",
        "club.event_feedback:email",
    }
    assert disabled_channels(response) == {"sms", "telegram", "webpush"}
    text = response.content.decode()
    assert "Чтобы получать SMS, подтвердите номер телефона в профиле." in text
    assert "Вам назначена заявка" not in text  # staff-only kinds are not offered to customers
    assert "Приветствие после регистрации" not in text  # not optional, so not listed


def test_staff_also_choose_their_work_notifications(client, make_user):
    client.force_login(make_user(is_staff=True))
    assert "Вам назначена заявка" in client.get(URL).content.decode()


def test_saving_turns_channels_on_and_off(client, make_user):
    user = make_user(phone="+77011234567", phone_verified=True)
    client.force_login(user)
    response = client.post(URL, {"enabled": ["booking.confirmed:sms", "booking.reminder_checkin:email"]})
    assert response.status_code == 302 and response["Location"] == URL
    rows = saved(user)
    assert ("booking.confirmed", "sms", True) in rows
    assert ("booking.confirmed", "email", False) in rows
    assert ("booking.reminder_checkin", "sms", False) in rows
    assert not any(channel in ("telegram", "webpush") for _kind, channel, _on in rows)  # unreachable: untouched
    page = client.get(URL)
    assert checked_boxes(page) == {"booking.confirmed:sms", "booking.reminder_checkin:email"}
    assert "Настройки уведомлений сохранены." in page.content.decode()


def test_unchecking_everything_is_saved_too(client, make_user):
    user = make_user()
    client.force_login(user)
    assert client.post(URL, {}).status_code == 302
    assert checked_boxes(client.get(URL)) == set()
    assert {enabled for _kind, _channel, enabled in saved(user)} == {False}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("booking.confirmed:pigeon", "Нет такого уведомления или канала: booking.confirmed:pigeon."),
        ("booking.unknown:email", "Нет такого уведомления или канала: booking.unknown:email."),
        ("booking.confirmed:sms", "Чтобы получать SMS, подтвердите номер телефона в профиле."),
        ("booking.confirmed:telegram", "Чтобы получать сообщения в Telegram, сначала подключите нашего бота."),
        ("booking.confirmed:webpush", "Push-уведомления на этом сайте пока не подключены."),
    ],
)
def test_bad_input_is_explained_and_changes_nothing(client, make_user, value, message):
    user = make_user(phone="+77011234567", phone_verified=False)
    NotificationPreference.objects.create(user=user, kind="booking.confirmed", channel="email", enabled=False)
    client.force_login(user)
    response = client.post(URL, {"enabled": ["booking.reminder_checkin:email", value]})
    assert response.status_code == 400
    errors = parse_html(response).select_one(".form-errors").get_text(" ", strip=True)
    assert message in errors
    assert saved(user) == {("booking.confirmed", "email", False)}
    assert "booking.reminder_checkin:email" in checked_boxes(response)  # what they ticked is kept on the page


def test_a_staff_kind_cannot_be_set_by_a_customer(client, make_user):
    user = make_user()
    client.force_login(user)
    response = client.post(URL, {"enabled": ["lead.assigned:email"]})
    assert response.status_code == 400
    assert saved(user) == set()


def test_the_page_reads_a_fixed_number_of_queries(client, make_user, django_assert_max_num_queries):
    user = make_user(telegram_chat=77001)
    client.force_login(user)
    client.get(URL)  # the site's menus and settings are cached after the first page
    with django_assert_max_num_queries(10) as first:
        client.get(URL)
    baseline = len(first.captured_queries)
    client.post(URL, {"enabled": ["booking.confirmed:telegram", "booking.confirmed:email"]})
    with django_assert_max_num_queries(baseline):
        client.get(URL)


# Web push subscription endpoint


def subscription_json(browser, endpoint="https://fcm.googleapis.com/fcm/send/abc123"):
    return {"endpoint": endpoint, "expirationTime": None, "keys": {"p256dh": browser.p256dh, "auth": browser.auth}}


def post_json(client, url, data, **extra):
    body = data if isinstance(data, str) else json.dumps(data)
    return client.post(url, body, content_type="application/json", **extra)


def test_a_browser_registers_its_push_subscription(client, make_user):
    user = make_user()
    client.force_login(user)
    browser = Subscriber()
    response = post_json(client, f"{URL}push/subscribe/", subscription_json(browser), HTTP_USER_AGENT="Firefox 140")
    assert response.status_code == 201
    subscription = PushSubscription.objects.get(user=user)
    assert (subscription.p256dh, subscription.auth, subscription.user_agent) == (
        browser.p256dh,
        browser.auth,
        "Firefox 140",
    )
    assert "webpush" not in disabled_channels(client.get(URL))
    # the same browser registering again updates, not duplicates
    assert post_json(client, f"{URL}push/subscribe/", subscription_json(browser)).status_code == 201
    assert PushSubscription.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ("not json", "error"),
        ({"endpoint": "http://insecure.example/push", "keys": {}}, "errors"),
        ({"endpoint": "https://push.example/x", "keys": {"p256dh": "AAAA", "auth": "AAAA"}}, "errors"),
    ],
)
def test_a_bad_subscription_is_refused(client, make_user, data, field):
    client.force_login(make_user())
    response = post_json(client, f"{URL}push/subscribe/", data)
    assert response.status_code == 400
    assert field in response.json()
    assert not PushSubscription.objects.exists()


def test_the_endpoint_wants_csrf_and_a_login(make_user):
    from django.test import Client

    browser = Subscriber()
    assert post_json(Client(), f"{URL}push/subscribe/", subscription_json(browser)).status_code == 302
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(make_user())
    assert post_json(strict, f"{URL}push/subscribe/", subscription_json(browser)).status_code == 403
    assert not PushSubscription.objects.exists()


def test_a_browser_unsubscribes(client, make_user):
    user, other = make_user(), make_user()
    browser = Subscriber()
    client.force_login(user)
    post_json(client, f"{URL}push/subscribe/", subscription_json(browser))
    client.force_login(other)
    endpoint = {"endpoint": "https://fcm.googleapis.com/fcm/send/abc123"}
    assert post_json(client, f"{URL}push/unsubscribe/", endpoint).status_code == 404  # not theirs
    client.force_login(user)
    assert post_json(client, f"{URL}push/unsubscribe/", endpoint).status_code == 200
    assert not PushSubscription.objects.exists()


def test_the_push_hint_points_to_a_button_only_when_there_is_one(client, make_user, settings):
    client.force_login(make_user())
    settings.WEBPUSH_VAPID_PRIVATE_KEY = ""
    without = parse_html(client.get(URL))
    assert not without.select("#push-enable")
    assert without.select_one("#channel-webpush .channel-hint").get_text() == (
        "Push-уведомления на этом сайте пока не подключены."
    )
    assert "кнопкой ниже" not in without.get_text()


def test_with_push_configured_the_hint_and_the_button_are_both_there(client, make_user, vapid_key):
    client.force_login(make_user())
    page = parse_html(client.get(URL))
    assert page.select("#push-enable")
    assert "кнопкой ниже" in page.select_one("#channel-webpush .channel-hint").get_text()
