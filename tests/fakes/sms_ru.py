"""A fake of SMS.ru's /sms/send: answers like the real API and keeps the messages it got."""

from .http import FakeService


def sms_ru_handler(api_id="test-api-id", fail_times=0):
    state = {"failures_left": fail_times}

    def handle(request):
        if request.path != "/sms/send":
            return 404, {"status": "ERROR", "status_code": 404}
        form = {**request.query, **request.form}
        if form.get("api_id") != api_id:
            return 200, {"status": "ERROR", "status_code": 200, "status_text": "Неправильный api_id"}
        if state["failures_left"] > 0:
            state["failures_left"] -= 1
            return 503, {"status": "ERROR", "status_code": 220, "status_text": "Сервис временно недоступен"}
        to = form.get("to", "")
        if not to.isdigit() or len(to) < 11:
            return 200, {
                "status": "OK",
                "sms": {to: {"status": "ERROR", "status_code": 202, "status_text": "Неправильно указан номер"}},
            }
        return 200, {"status": "OK", "status_code": 100, "sms": {to: {"status": "OK", "sms_id": "000000-1"}}}

    return handle


def fake_sms_ru(**kwargs):
    return FakeService(sms_ru_handler(**kwargs))


def sent_messages(service):
    """(phone, text) of every message the fake accepted or refused, in order."""
    return [({**r.query, **r.form}.get("to"), {**r.query, **r.form}.get("msg")) for r in service.requests]
