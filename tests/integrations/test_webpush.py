import pytest

from integrations.webpush import WebPushError, generate_private_key, send_push, vapid_public_key
from tests.fakes.webpush import Subscriber, header, vapid_public_key_of, vapid_signature_is_valid


def test_the_public_key_is_a_p256_point_derived_from_the_private_key(vapid_key, settings):
    key = vapid_public_key()
    assert len(key) == 87 and key.startswith("B")  # 65 bytes, uncompressed point 0x04…
    assert vapid_public_key() == key
    settings.WEBPUSH_VAPID_PRIVATE_KEY = generate_private_key()
    assert vapid_public_key() != key


def test_no_key_means_push_is_off(settings):
    settings.WEBPUSH_VAPID_PRIVATE_KEY = ""
    assert vapid_public_key() == ""
    with pytest.raises(WebPushError, match="WEBPUSH_VAPID_PRIVATE_KEY"):
        send_push("https://push.example.com/x", "a", "b", {})


def test_sends_an_encrypted_signed_message(push_service):
    browser = Subscriber()
    with push_service() as service:
        send_push(f"{service.url}/push/abc", browser.p256dh, browser.auth, {"title": "Привет", "body": "Текст"})
    [request] = service.requests
    assert header(request, "Content-Encoding") == "aes128gcm"
    assert vapid_signature_is_valid(request) and vapid_public_key_of(request) == vapid_public_key()
    assert browser.decrypt(request.body) == {"title": "Привет", "body": "Текст"}


def test_gone_subscription(push_service):
    browser = Subscriber()
    with push_service(gone={"abc"}) as service, pytest.raises(WebPushError) as error:
        send_push(f"{service.url}/push/abc", browser.p256dh, browser.auth, {})
    assert error.value.status_code == 410 and error.value.gone


def test_push_service_trouble_is_worth_retrying(push_service):
    browser = Subscriber()
    with push_service(fail_times=1) as service, pytest.raises(WebPushError) as error:
        send_push(f"{service.url}/push/abc", browser.p256dh, browser.auth, {})
    assert error.value.status_code == 503 and not error.value.gone
    with pytest.raises(WebPushError, match="unreachable"):
        send_push("http://127.0.0.1:9/push/abc", browser.p256dh, browser.auth, {})
