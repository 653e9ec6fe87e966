"""One shape for every error of the API, in the request's language (Accept-Language):

    {"error": {"status": 400, "code": "invalid", "message": "Проверьте данные запроса.",
               "fields": {"price": ["Цена должна быть больше нуля."]}}}

`fields` is there only for errors of the input; a row of a bulk call is named by its index ("items.3.price")."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


class Unprocessable(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "unprocessable"


def flatten(detail, prefix=""):
    """DRF's nested error detail as {"a.b.0.c": ["message", …]}."""
    if isinstance(detail, dict):
        out = {}
        for key, value in detail.items():
            name = "" if key in ("non_field_errors", "__all__") else str(key)
            out.update(flatten(value, f"{prefix}.{name}" if prefix and name else prefix or name))
        return out
    if isinstance(detail, list) and detail and all(isinstance(item, str) for item in detail):
        return {prefix or "non_field_errors": [str(item) for item in detail]}
    if isinstance(detail, list):
        out = {}
        for index, value in enumerate(detail):
            if value:
                out.update(flatten(value, f"{prefix}.{index}" if prefix else str(index)))
        return out
    return {prefix or "non_field_errors": [str(detail)]}


def error_body(status_code, code, message, fields=None):
    error = {"status": status_code, "code": code, "message": str(message)}
    if fields:
        error["fields"] = fields
    return {"error": error}


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = flatten(exc.detail)
        code = "invalid"
        message = _("Проверьте данные запроса.")
        if list(fields) == ["non_field_errors"]:
            message = fields["non_field_errors"][0]
    else:
        detail = exc.detail if isinstance(exc.detail, str) else flatten(exc.detail)
        fields = None
        code = getattr(exc.detail, "code", None) or exc.default_code
        message = detail if isinstance(detail, str) else "; ".join(m for msgs in detail.values() for m in msgs)
    response.data = error_body(response.status_code, str(code), message, fields)
    return response
