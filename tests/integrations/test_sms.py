import pytest

from integrations.sms import SmsError, send_sms
from tests.fakes.sms_ru import sent_messages


def test_sends_digits_only_phone_and_text(sms_api):
    with sms_api() as api:
        receipt = send_sms("+7 (701) 123-45-67", "Код: 1234")
    assert receipt.phone == "77011234567"
    assert receipt.message_id == "000000-1"
    assert sent_messages(api) == [("77011234567", "Код: 1234")]
    assert api.requests[0].form["json"] == "1"


def test_refused_number_raises(sms_api):
    with sms_api(), pytest.raises(SmsError, match="202"):
        send_sms("123", "x")


def test_wrong_api_id_raises(sms_api, settings):
    with sms_api(api_id="other"), pytest.raises(SmsError, match="200"):
        send_sms("+77011234567", "x")


def test_service_down_raises(sms_api):
    with sms_api(fail_times=1), pytest.raises(SmsError):
        send_sms("+77011234567", "x")


def test_unreachable_raises(settings):
    settings.SMS_API_URL = "http://127.0.0.1:9"
    settings.SMS_API_ID = "x"
    with pytest.raises(SmsError, match="unreachable"):
        send_sms("+77011234567", "x")


def test_missing_api_id_raises(settings):
    settings.SMS_API_ID = ""
    with pytest.raises(SmsError, match="SMS_API_ID"):
        send_sms("+77011234567", "x")
