"""A fake of the WhatsApp Cloud API's messages endpoint: checks the token, keeps what was sent."""

from .http import FakeService


def whatsapp_handler(token="test-wa-token", phone_number_id="1055"):  # noqa: S107
    state = {"n": 0}

    def handle(request):
        if request.path != f"/{phone_number_id}/messages":
            return 404, {"error": {"message": "Unknown path", "code": 100}}
        if request.headers.get("Authorization") != f"Bearer {token}":
            return 401, {"error": {"message": "Invalid OAuth access token", "type": "OAuthException", "code": 190}}
        body = request.json
        if body.get("messaging_product") != "whatsapp" or not body.get("to"):
            return 400, {"error": {"message": "Invalid parameter", "code": 100}}
        state["n"] += 1
        return 200, {
            "messaging_product": "whatsapp",
            "contacts": [{"input": body["to"], "wa_id": body["to"]}],
            "messages": [{"id": f"wamid.test{state['n']}"}],
        }

    return handle


def fake_whatsapp(**kwargs):
    return FakeService(whatsapp_handler(**kwargs))


def sent_texts(service):
    return [(r.json["to"], r.json["text"]["body"]) for r in service.requests if r.path.endswith("/messages")]
