"""Language models behind one interface: `complete(messages, tools) -> Completion`.

- OpenAI-compatible chat completions: POST {base}/chat/completions, `Authorization: Bearer <key>`, body
  {"model", "messages": [{"role", "content"}], "tools"?, "temperature"}; the answer has
  choices[0].message.{content, tool_calls} and usage.{prompt_tokens, completion_tokens}. GigaChat and other
  compatible endpoints work by their base URL.
- YandexGPT: POST {base}/foundationModels/v1/completion, `Authorization: Api-Key <key>`, `x-folder-id`, body
  {"modelUri": "gpt://<folder>/<model>/latest", "completionOptions": {"stream": false, "temperature",
  "maxTokens"}, "messages": [{"role", "text"}]}; the answer is {"result": {"alternatives": [{"message":
  {"role", "text"}, "status"}], "usage": {"inputTextTokens", "completionTokens", "totalTokens"}}}.

`FallbackChain` asks the providers in order, with retries and backoff for transient errors, and a circuit
breaker per provider (kept in the cache, so every worker sees it): after `failures` errors in a row a provider
is skipped for `cooldown` seconds. When all fail, `AllProvidersFailed` tells the caller to answer without
a model."""

import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache

OPENAI_URL = "https://api.openai.com/v1"
YANDEXGPT_URL = "https://llm.api.cloud.yandex.net"


class LLMError(Exception):
    def __init__(self, message, retryable=True):
        super().__init__(message)
        self.retryable = retryable


class AllProvidersFailed(LLMError):
    pass


@dataclass
class ToolCall:
    id: str
    name: str
    arguments: dict


@dataclass
class Completion:
    text: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    tool_calls: list[ToolCall] = field(default_factory=list)
    provider: str = ""


def _post(url, body, headers, timeout):
    request = urllib.request.Request(  # noqa: S310 (the URL is the bot's configured endpoint)
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json", **headers}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return json.loads(response.read().decode())
    except urllib.error.HTTPError as error:
        # 429 and 5xx pass; a wrong key or a bad request will not get better by asking again
        retryable = error.code == 429 or error.code >= 500
        raise LLMError(f"{url} answered {error.code}", retryable=retryable) from error
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
        raise LLMError(f"{url} unreachable or answered badly: {error}") from error


class OpenAICompatible:
    def __init__(self, *, api_key, model, base_url="", timeout=None, name=""):
        self.base_url = (base_url or OPENAI_URL).rstrip("/")
        self.api_key, self.model = api_key, model
        self.timeout = timeout or settings.ASSISTANT_LLM_TIMEOUT
        self.name = name or f"openai:{model}"

    def complete(self, messages, tools=None, temperature=0.2):
        body = {"model": self.model, "messages": messages, "temperature": temperature}
        if tools:
            body["tools"] = [{"type": "function", "function": tool} for tool in tools]
        answer = _post(
            f"{self.base_url}/chat/completions", body, {"Authorization": f"Bearer {self.api_key}"}, self.timeout
        )
        try:
            message = answer["choices"][0]["message"]
            usage = answer.get("usage") or {}
            calls = [
                ToolCall(
                    id=call.get("id", ""),
                    name=call["function"]["name"],
                    arguments=json.loads(call["function"].get("arguments") or "{}"),
                )
                for call in message.get("tool_calls") or []
            ]
            return Completion(
                text=message.get("content") or "",
                prompt_tokens=int(usage.get("prompt_tokens", 0)),
                completion_tokens=int(usage.get("completion_tokens", 0)),
                tool_calls=calls,
                provider=self.name,
            )
        except (KeyError, IndexError, TypeError, ValueError) as error:
            raise LLMError(f"unexpected answer from {self.base_url}: {error}") from error


class YandexGPT:
    """YandexGPT's own completion API. Tools are not sent: the caller gives it the retrieved facts instead."""

    def __init__(self, *, api_key, model, folder_id, base_url="", timeout=None, name=""):
        self.base_url = (base_url or YANDEXGPT_URL).rstrip("/")
        self.api_key, self.model, self.folder_id = api_key, model, folder_id
        self.timeout = timeout or settings.ASSISTANT_LLM_TIMEOUT
        self.name = name or f"yandexgpt:{model}"

    def complete(self, messages, tools=None, temperature=0.2):
        body = {
            "modelUri": f"gpt://{self.folder_id}/{self.model}/latest",
            "completionOptions": {"stream": False, "temperature": temperature, "maxTokens": "800"},
            "messages": [{"role": m["role"], "text": m.get("content") or ""} for m in messages if m["role"] != "tool"],
        }
        headers = {"Authorization": f"Api-Key {self.api_key}", "x-folder-id": self.folder_id}
        answer = _post(f"{self.base_url}/foundationModels/v1/completion", body, headers, self.timeout)
        try:
            result = answer["result"]
            usage = result.get("usage") or {}
            return Completion(
                text=result["alternatives"][0]["message"]["text"],
                prompt_tokens=int(usage.get("inputTextTokens", 0)),
                completion_tokens=int(usage.get("completionTokens", 0)),
                provider=self.name,
            )
        except (KeyError, IndexError, TypeError, ValueError) as error:
            raise LLMError(f"unexpected answer from {self.base_url}: {error}") from error


class CircuitBreaker:
    def __init__(self, key, failures=3, cooldown=60):
        self.key = f"llm-breaker:{key}"
        self.failures, self.cooldown = failures, cooldown

    def is_open(self):
        return (cache.get(self.key) or {}).get("open_until", 0) > time.time()

    def record_failure(self):
        state = cache.get(self.key) or {"count": 0, "open_until": 0}
        state["count"] += 1
        if state["count"] >= self.failures:
            state = {"count": 0, "open_until": time.time() + self.cooldown}
        cache.set(self.key, state, self.cooldown * 2)

    def record_success(self):
        cache.delete(self.key)


def with_retries(call, attempts=None, backoff=None, sleep=time.sleep):
    attempts = attempts or settings.ASSISTANT_LLM_ATTEMPTS
    backoff = settings.ASSISTANT_LLM_BACKOFF if backoff is None else backoff
    for attempt in range(attempts):
        try:
            return call()
        except LLMError as error:
            if not error.retryable or attempt == attempts - 1:
                raise
            sleep(backoff * (2**attempt))
    raise AssertionError("unreachable")


class FallbackChain:
    """[(breaker_key, client)] in order of preference."""

    def __init__(self, clients):
        self.clients = clients

    def complete(self, messages, tools=None):
        errors = []
        for key, client in self.clients:
            breaker = CircuitBreaker(key)
            if breaker.is_open():
                errors.append(f"{client.name}: circuit open")
                continue
            try:
                completion = with_retries(lambda client=client: client.complete(messages, tools))
            except LLMError as error:
                breaker.record_failure()
                errors.append(f"{client.name}: {error}")
                continue
            breaker.record_success()
            completion.provider = key
            return completion
        raise AllProvidersFailed("; ".join(errors) or "no provider configured")
