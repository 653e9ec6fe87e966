"""Fakes of the language model APIs the assistant calls: OpenAI-compatible chat completions and YandexGPT's
completion. Each answers like the real one, checks the key, and can fail or wait first."""

import itertools
import json
import time

from .http import FakeService


def _script(replies):
    """replies: strings (answers) or dicts {"tool": name, "arguments": {...}} (a tool call), used in turn; the last
    one repeats."""
    items = list(replies) or ["Ответ модели."]
    counter = itertools.count()

    def next_reply():
        return items[min(next(counter), len(items) - 1)]

    return next_reply


def openai_handler(replies=(), api_key="test-llm-key", fail_times=0, fail_status=503, latency=0.0):
    state = {"failures_left": fail_times}
    next_reply = _script(replies)

    def handle(request):
        if latency:
            time.sleep(latency)
        if request.path != "/v1/chat/completions":
            return 404, {"error": {"message": "Not found"}}
        if request.headers.get("Authorization") != f"Bearer {api_key}":
            return 401, {"error": {"message": "Incorrect API key provided", "type": "invalid_request_error"}}
        if state["failures_left"] > 0:
            state["failures_left"] -= 1
            return fail_status, {"error": {"message": "The server is overloaded", "type": "server_error"}}
        body = request.json
        if not body.get("model") or not isinstance(body.get("messages"), list):
            return 400, {"error": {"message": "model and messages are required"}}
        reply = next_reply()
        if isinstance(reply, dict):
            message = {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {
                        "id": "call_1",
                        "type": "function",
                        "function": {"name": reply["tool"], "arguments": json.dumps(reply["arguments"])},
                    }
                ],
            }
            finish = "tool_calls"
        else:
            message, finish = {"role": "assistant", "content": reply}, "stop"
        return 200, {
            "id": "chatcmpl-test",
            "object": "chat.completion",
            "model": body["model"],
            "choices": [{"index": 0, "message": message, "finish_reason": finish}],
            "usage": {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120},
        }

    return handle


def yandexgpt_handler(replies=(), api_key="test-yandex-key", folder_id="b1gtest", fail_times=0, latency=0.0):
    state = {"failures_left": fail_times}
    next_reply = _script(replies)

    def handle(request):
        if latency:
            time.sleep(latency)
        if request.path != "/foundationModels/v1/completion":
            return 404, {"error": {"grpcCode": 5, "message": "Not Found"}}
        if request.headers.get("Authorization") != f"Api-Key {api_key}":
            return 401, {"error": {"grpcCode": 16, "httpCode": 401, "message": "Unknown api key"}}
        if state["failures_left"] > 0:
            state["failures_left"] -= 1
            return 500, {"error": {"grpcCode": 13, "httpCode": 500, "message": "Internal error"}}
        body = request.json
        if not body.get("modelUri", "").startswith(f"gpt://{folder_id}/"):
            return 400, {"error": {"grpcCode": 3, "message": "invalid modelUri"}}
        text = next_reply()
        return 200, {
            "result": {
                "alternatives": [
                    {"message": {"role": "assistant", "text": text}, "status": "ALTERNATIVE_STATUS_FINAL"}
                ],
                "usage": {"inputTextTokens": "80", "completionTokens": "15", "totalTokens": "95"},
                "modelVersion": "23.10.2024",
            }
        }

    return handle


def fake_openai(**kwargs):
    return FakeService(openai_handler(**kwargs))


def fake_yandexgpt(**kwargs):
    return FakeService(yandexgpt_handler(**kwargs))
