import io

from django.core.management import call_command

from integrations.webpush import vapid_public_key


def test_vapid_keys_prints_a_key_the_push_adapter_accepts(settings):
    out = io.StringIO()
    call_command("vapid_keys", stdout=out)
    name, _sep, key = out.getvalue().strip().partition("=")
    assert name == "WEBPUSH_VAPID_PRIVATE_KEY" and len(key) == 43
    settings.WEBPUSH_VAPID_PRIVATE_KEY = key
    assert len(vapid_public_key()) == 87
