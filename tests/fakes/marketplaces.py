"""Fakes of the marketplaces' seller APIs: Wildberries «Общение с покупателями», the Ozon Seller API, the Avito
messenger (with its OAuth token) and a Bitrix24 portal's open lines through an inbound webhook.
Each checks the credentials like the real one, pages its lists, keeps the answers it was given (an answered
question leaves the unanswered list) and can fail a number of times first."""

from .http import FakeService


def _failing(state):
    if state["fail_times"] > 0:
        state["fail_times"] -= 1
        return state["fail_status"], {"message": "temporarily unavailable"}
    return None


def wildberries_handler(token, questions=(), feedbacks=(), fail_times=0, fail_status=503):
    """questions/feedbacks: dicts {"id", "text", ...} as WB lists them; `answers` gets {id: text}."""
    state = {"fail_times": fail_times, "fail_status": fail_status}
    lists = {"questions": list(questions), "feedbacks": list(feedbacks)}
    answers = {}

    def handle(request):
        if request.headers.get("Authorization") != token:
            return 401, {"title": "unauthorized", "detail": "token is invalid", "status": 401}
        if request.method == "GET" and request.path in {"/api/v1/questions", "/api/v1/feedbacks"}:
            key = request.path.rsplit("/", 1)[1]
            take, skip = int(request.query.get("take", 100)), int(request.query.get("skip", 0))
            rows = [row for row in lists[key] if row["id"] not in answers]
            if "dateFrom" in request.query:
                rows = [row for row in rows if row.get("ts", 0) >= int(request.query["dateFrom"])]
            page = [{k: v for k, v in row.items() if k != "ts"} for row in rows[skip : skip + take]]
            return 200, {"data": {key: page, "countUnanswered": len(rows)}, "error": False, "errorText": ""}
        failure = _failing(state)
        if failure:
            return failure
        if request.method == "PATCH" and request.path == "/api/v1/questions":
            answers[request.json["id"]] = request.json["answer"]["text"]
            return 200, {"data": None, "error": False, "errorText": ""}
        if request.method == "POST" and request.path == "/api/v1/feedbacks/answer":
            answers[request.json["id"]] = request.json["text"]
            return 204, b""
        return 404, {"title": "not found"}

    handle.answers = answers
    return handle


def ozon_handler(client_id, api_key, questions=(), reviews=(), fail_times=0, fail_status=503, page=2):
    state = {"fail_times": fail_times, "fail_status": fail_status}
    answers = {}

    def paged(rows, last_id):
        start = next((n + 1 for n, row in enumerate(rows) if row["id"] == last_id), 0) if last_id else 0
        chunk = rows[start : start + page]
        more = start + page < len(rows)
        return chunk, (chunk[-1]["id"] if chunk else ""), more

    def handle(request):
        if request.headers.get("Client-Id") != client_id or request.headers.get("Api-Key") != api_key:
            return 403, {"code": 7, "message": "Invalid Api-Key, please contact support", "details": []}
        body = request.json
        if request.path == "/v1/question/list":
            rows = [row for row in questions if row["id"] not in answers]
            date_from = body.get("filter", {}).get("date_from")
            if date_from:
                rows = [row for row in rows if row["published_at"] >= date_from]
            chunk, last_id, _more = paged(rows, body.get("last_id"))
            return 200, {"questions": chunk, "last_id": last_id}
        if request.path == "/v1/review/list":
            rows = [row for row in reviews if row["id"] not in answers]
            chunk, last_id, more = paged(rows, body.get("last_id"))
            return 200, {"reviews": chunk, "last_id": last_id, "has_next": more}
        failure = _failing(state)
        if failure:
            return failure
        if request.path == "/v1/question/answer/create":
            answers[body["question_id"]] = body["text"]
            return 200, {"answer_id": f"a-{body['question_id']}"}
        if request.path == "/v1/review/comment/create":
            answers[body["review_id"]] = body["text"]
            return 200, {"comment_id": f"c-{body['review_id']}"}
        return 404, {"code": 5, "message": "Not found"}

    handle.answers = answers
    return handle


def fake_wildberries(**kwargs):
    handler = wildberries_handler(**kwargs)
    service = FakeService(handler)
    service.answers = handler.answers
    return service


def fake_ozon(**kwargs):
    handler = ozon_handler(**kwargs)
    service = FakeService(handler)
    service.answers = handler.answers
    return service


def avito_handler(client_id, client_secret, user_id, chats=(), messages=None, fail_times=0, fail_status=503,
                  refuse_first_token=False):  # fmt: skip
    """The Avito messenger: /token (client_credentials) gives Bearer tokens; the chats list (newest first), each
    chat's messages, sending (kept in `sent` {chat id: [texts]}) and the read mark (`reads`). `messages`: {chat id:
    [rows]}; a message sent joins its chat as "out". With `refuse_first_token` the first token issued is refused
    later (expired), as Avito does after 24 hours."""
    state = {"fail_times": fail_times, "fail_status": fail_status, "issued": 0}
    chats = [dict(chat) for chat in chats]
    messages = {key: list(rows) for key, rows in (messages or {}).items()}
    tokens, sent, reads = set(), {}, []
    account = f"/accounts/{user_id}/"

    def handle(request):
        if request.path.rstrip("/") == "/token":
            form = request.form
            if form.get("grant_type") != "client_credentials":
                return 400, {"error": "unsupported_grant_type"}
            if (form.get("client_id"), form.get("client_secret")) != (client_id, client_secret):
                return 400, {"error": "invalid_client", "error_description": "invalid client credentials"}
            state["issued"] += 1
            token = f"avito-token-{state['issued']}"
            if not (refuse_first_token and state["issued"] == 1):
                tokens.add(token)
            return 200, {"access_token": token, "expires_in": 86400, "token_type": "Bearer"}
        if request.headers.get("Authorization", "").removeprefix("Bearer ") not in tokens:
            return 403, {"error": {"code": 403, "message": "Forbidden"}}
        if account not in request.path:
            return 403, {"error": {"code": 403, "message": "Forbidden"}}
        parts = request.path.rstrip("/").split("/")
        if request.method == "GET" and request.path.endswith("/chats"):
            offset, limit = int(request.query.get("offset", 0)), int(request.query.get("limit", 100))
            ordered = sorted(chats, key=lambda chat: -chat["updated"])
            return 200, {"chats": ordered[offset : offset + limit]}
        if request.method == "GET" and parts[-1] == "messages":
            rows = sorted(messages.get(parts[-2], []), key=lambda row: -row["created"])  # newest first
            return 200, rows[: int(request.query.get("limit", 100))]
        failure = _failing(state)
        if failure:
            return failure
        if request.method == "POST" and parts[-1] == "messages":
            chat_id, text = parts[-2], request.json["message"]["text"]
            sent.setdefault(chat_id, []).append(text)
            row = {"id": f"out-{len(sent[chat_id])}", "author_id": int(user_id), "created": 2_000_000_000,
                   "direction": "out", "type": "text", "content": {"text": text}}  # fmt: skip
            messages.setdefault(chat_id, []).append(row)
            for chat in chats:
                if chat["id"] == chat_id:
                    chat["last_message"] = {"id": row["id"], "direction": "out", "created": row["created"]}
            return 200, {"id": row["id"], "created": row["created"], "direction": "out", "type": "text",
                         "content": {"text": text}}  # fmt: skip
        if request.method == "POST" and parts[-1] == "read":
            reads.append(parts[-2])
            return 200, {"ok": True}
        return 404, {"error": {"code": 404, "message": "Not found"}}

    handle.sent, handle.reads, handle.state = sent, reads, state
    return handle


def fake_avito(**kwargs):
    handler = avito_handler(**kwargs)
    service = FakeService(handler)
    service.sent, service.reads, service.state = handler.sent, handler.reads, handler.state
    return service


def bitrix_handler(user_id, key, dialogs=None, users=(), fail_times=0):
    """A Bitrix24 portal's REST through an inbound webhook /rest/<user_id>/<key>/<method>: open-line chats
    (`dialogs`: {"chat12": {"title", "messages": [{"id", "author_id", "date", "text"}]}}), their users
    (`connector` for customers), and im.message.add, which posts as the webhook's user (kept in `posted`)."""
    state = {"fail_times": fail_times, "next_id": 10_000}
    dialogs = {dialog: {**data, "messages": list(data["messages"])} for dialog, data in (dialogs or {}).items()}
    posted = []

    def handle(request):
        prefix = f"/rest/{user_id}/{key}/"
        if not request.path.startswith(prefix):
            return 401, {"error": "INVALID_CREDENTIALS", "error_description": "Invalid request credentials"}
        method, body = request.path[len(prefix) :].removesuffix(".json"), request.json
        if method == "im.recent.get":
            if body.get("ONLY_OPENLINES") != "Y":
                return 400, {"error": "INVALID_ARGUMENTS", "error_description": "this fake lists open lines only"}
            since = body.get("LAST_UPDATE", "")
            rows = []
            for dialog, data in dialogs.items():
                last = max(data["messages"], key=lambda row: row["id"])
                if last["date"] >= since:
                    rows.append({"id": dialog, "type": "chat", "title": data["title"], "message": last,
                                 "chat": {"id": int(dialog[4:]), "type": "lines"}})  # fmt: skip
            return 200, {"result": rows, "time": {}}
        if method == "im.dialog.messages.get":
            data = dialogs.get(body.get("DIALOG_ID"))
            if data is None:
                return 400, {"error": "DIALOG_ID_EMPTY", "error_description": "Dialog ID can't be empty"}
            rows = sorted(data["messages"], key=lambda row: -row["id"])[: int(body.get("LIMIT", 20))]
            return 200, {"result": {"chat_id": int(body["DIALOG_ID"][4:]), "messages": rows, "users": list(users)}}
        if method == "im.message.add":
            if state["fail_times"] > 0:
                state["fail_times"] -= 1
                return 503, {"error": "QUERY_LIMIT_EXCEEDED", "error_description": "Too many requests"}
            state["next_id"] += 1
            row = {"id": state["next_id"], "author_id": int(user_id), "date": "2030-01-01T00:00:00+00:00",
                   "text": body["MESSAGE"]}  # fmt: skip
            dialogs[body["DIALOG_ID"]]["messages"].append(row)
            posted.append((body["DIALOG_ID"], body["MESSAGE"]))
            return 200, {"result": row["id"]}
        return 404, {"error": "ERROR_METHOD_NOT_FOUND", "error_description": "Method not found!"}

    handle.posted = posted
    return handle


def fake_bitrix(**kwargs):
    handler = bitrix_handler(**kwargs)
    service = FakeService(handler)
    service.posted = handler.posted
    return service
