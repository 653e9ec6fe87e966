"""`Idempotency-Key` on writes: the first answer (status and body) is stored with the write, in its transaction;
the same key with the same body gets that answer again, with another body a 422.

Keys belong to the caller: the API key, or the IP address for writes without one (public lead forms)."""

import hashlib
import json

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.response import Response

from api.errors import Unprocessable
from api.models import IdempotentRequest
from core.http import client_ip

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255


def caller(request):
    if request.auth is not None:
        return f"key:{request.auth.pk}"
    return f"ip:{client_ip(request._request)}"


def fingerprint(request):
    body = json.dumps(request.data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(f"{request.method} {request.path}\n{body}".encode()).hexdigest()


def replay(record, print_):
    if record.fingerprint != print_:
        raise Unprocessable(
            _("Ключ идемпотентности %(key)s уже использован с другим запросом. Для нового запроса нужен новый ключ.")
            % {"key": record.key},
            code="idempotency_key_reused",
        )
    response = Response(record.body, status=record.status)
    response["Idempotent-Replayed"] = "true"
    return response


def run(request, write):
    """Run `write()` -> (status, body) in one transaction with the stored answer, or replay the stored one."""
    key = request.headers.get(HEADER, "").strip()
    if not key:
        with transaction.atomic():
            status, body = write()
        return Response(body, status=status)
    if len(key) > MAX_KEY_LENGTH:
        raise exceptions.ValidationError({HEADER: [_("Ключ идемпотентности длиннее 255 символов.")]})
    who, print_ = caller(request), fingerprint(request)
    found = IdempotentRequest.objects.filter(client=who, key=key).first()
    if found is not None:
        return replay(found, print_)
    try:
        with transaction.atomic():
            status, body = write()
            IdempotentRequest.objects.create(client=who, key=key, fingerprint=print_, status=status, body=body)
    except IntegrityError:
        # The same key came twice at once and the other request stored its answer first: ours was rolled back.
        found = IdempotentRequest.objects.filter(client=who, key=key).first()
        if found is None:
            raise
        return replay(found, print_)
    return Response(body, status=status)
