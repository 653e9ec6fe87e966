"""The schema's error answers: every operation documents the one error shape (api/errors.py) for the statuses it
can answer with, so clients and schemathesis know them."""

ERRORS = {
    "400": "Неверные данные запроса.",
    "401": "Ключ API не указан, не найден или отозван.",
    "403": "Нет прав: у ключа нет нужного права или у его владельца — прав на объект.",
    "404": "Не найдено.",
    "405": "Метод не поддерживается.",
    "406": "Формат ответа не поддерживается.",
    "415": "Тело запроса должно быть JSON.",
    "429": "Слишком много запросов; заголовок Retry-After говорит, через сколько секунд повторить.",
}
WRITE_ERRORS = {
    "409": "Конфликт с текущим состоянием.",
    "422": "Ключ идемпотентности уже использован с другим телом запроса.",
}

ERROR_SCHEMA = {
    "type": "object",
    "description": "Ошибка API: одна форма для всех ответов 4xx.",
    "properties": {
        "error": {
            "type": "object",
            "properties": {
                "status": {"type": "integer", "description": "HTTP-статус ответа."},
                "code": {"type": "string", "description": "Машинный код: invalid, not_found, throttled, …"},
                "message": {"type": "string", "description": "Сообщение на языке запроса (Accept-Language)."},
                "fields": {
                    "type": "object",
                    "description": "Ошибки по полям: имя поля (в массовых запросах «items.<номер>.<поле>»)"
                    " → сообщения.",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                },
            },
            "required": ["status", "code", "message"],
        }
    },
    "required": ["error"],
}

NUMBER_FILTERS = {
    "year_from", "year_to", "price_from", "price_to", "mileage_to", "area_from", "area_to", "price_min", "price_max",
}  # fmt: skip


def only_api_v1(endpoints):
    """The schema is the public API's, not Wagtail's own admin API."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


def add_error_responses(result, generator, request, public):
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    name = "Error"
    schemas[name] = ERROR_SCHEMA
    ref = {"$ref": f"#/components/schemas/{name}"}
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in ("get", "post", "patch", "put", "delete"):
                continue
            for parameter in operation.get("parameters", []):
                # The site's number filters take decimals («год от 2015.0» is 2015): say so, not "integer".
                if parameter["in"] == "query" and parameter["name"] in NUMBER_FILTERS:
                    parameter["schema"]["type"] = "number"
            errors = dict(ERRORS)
            if method != "get":
                errors.update(WRITE_ERRORS)
            responses = operation.setdefault("responses", {})
            for code, text in errors.items():
                responses.setdefault(
                    code,
                    {"description": text, "content": {"application/json": {"schema": ref}}},
                )
                if code == "429":
                    responses[code]["headers"] = {
                        "Retry-After": {"schema": {"type": "integer"}, "description": "Секунды до нового окна."}
                    }
    return result
