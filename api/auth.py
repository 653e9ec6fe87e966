"""`Authorization: Api-Key <prefix>.<secret>`: the key's owner is the request's user, the key its auth."""

import hmac
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from api.models import ApiKey, hash_secret

KEYWORD = "Api-Key"
LAST_USED_STEP = timedelta(minutes=1)  # last_used_at is written at most once a minute per key


class ApiKeyAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1", "replace").split()
        if not header or header[0].lower() != KEYWORD.lower():
            return None
        if len(header) != 2 or "." not in header[1]:
            raise exceptions.AuthenticationFailed(_("Ключ API указан неверно: ожидается «Api-Key <ключ>»."))
        prefix, secret = header[1].split(".", 1)
        key = ApiKey.objects.select_related("owner").filter(prefix=prefix).first()
        if key is None or not hmac.compare_digest(key.secret_hash, hash_secret(secret)):
            raise exceptions.AuthenticationFailed(_("Ключ API не найден."))
        if not key.is_active:
            raise exceptions.AuthenticationFailed(_("Ключ API отозван."))
        if not key.owner.is_active:
            raise exceptions.AuthenticationFailed(_("Владелец ключа API заблокирован."))
        now = timezone.now()
        if key.last_used_at is None or now - key.last_used_at > LAST_USED_STEP:
            ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
            key.last_used_at = now
        return key.owner, key

    def authenticate_header(self, request):
        return KEYWORD


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "api.auth.ApiKeyAuthentication"
    name = "ApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "«Api-Key <ключ>»; ключ выдаёт администратор в разделе «Ключи API».",
        }
