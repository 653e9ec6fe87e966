"""Fakes of the marketplaces' seller APIs: Wildberries «Общение с покупателями» and the Ozon Seller API.
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
