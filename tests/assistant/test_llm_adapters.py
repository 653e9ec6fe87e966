"""The LLM adapters (integrations/llm.py) against local fakes speaking OpenAI's and YandexGPT's protocols:
what goes over the wire, what is parsed, retries with backoff, the circuit breaker and the fallback."""

import pytest

from integrations import llm
from tests.fakes.llm import fake_openai, fake_yandexgpt

pytestmark = pytest.mark.django_db  # the breaker lives in the cache; the cache is cleared per test

MESSAGES = [{"role": "system", "content": "Отвечай кратко."}, {"role": "user", "content": "Привет"}]


def openai_client(service, key="test-llm-key"):
    return llm.OpenAICompatible(api_key=key, model="gpt-test", base_url=f"{service.url}/v1")


def test_openai_compatible_sends_the_chat_and_reads_text_and_usage():
    with fake_openai(replies=["Здравствуйте!"]) as api:
        completion = openai_client(api).complete(MESSAGES, tools=[{"name": "t", "parameters": {}}])
    sent = api.requests[0]
    assert sent.headers["Authorization"] == "Bearer test-llm-key"
    assert sent.json["model"] == "gpt-test"
    assert sent.json["messages"] == MESSAGES
    assert sent.json["tools"] == [{"type": "function", "function": {"name": "t", "parameters": {}}}]
    assert (completion.text, completion.prompt_tokens, completion.completion_tokens) == ("Здравствуйте!", 100, 20)


def test_openai_compatible_reads_tool_calls():
    with fake_openai(replies=[{"tool": "search_listings", "arguments": {"query": "студия"}}]) as api:
        completion = openai_client(api).complete(MESSAGES)
    assert [(c.name, c.arguments) for c in completion.tool_calls] == [("search_listings", {"query": "студия"})]


def test_yandexgpt_sends_its_own_shape_and_reads_string_usage():
    with fake_yandexgpt(replies=["Добрый день"]) as api:
        client = llm.YandexGPT(api_key="test-yandex-key", model="yandexgpt-lite", folder_id="b1gtest", base_url=api.url)
        completion = client.complete(MESSAGES)
    sent = api.requests[0]
    assert sent.headers["Authorization"] == "Api-Key test-yandex-key"
    assert {name.lower(): value for name, value in sent.headers.items()}["x-folder-id"] == "b1gtest"
    assert sent.json["modelUri"] == "gpt://b1gtest/yandexgpt-lite/latest"
    assert sent.json["completionOptions"]["stream"] is False
    assert sent.json["messages"][1] == {"role": "user", "text": "Привет"}
    assert (completion.text, completion.prompt_tokens, completion.completion_tokens) == ("Добрый день", 80, 15)


def test_a_transient_error_is_retried():
    with fake_openai(replies=["ok"], fail_times=1) as api:
        completion = llm.with_retries(lambda: openai_client(api).complete(MESSAGES), attempts=2, backoff=0)
    assert completion.text == "ok"
    assert len(api.requests) == 2


def test_backoff_doubles_between_attempts():
    waits = []
    with fake_openai(replies=["ok"], fail_times=2) as api:
        llm.with_retries(lambda: openai_client(api).complete(MESSAGES), attempts=3, backoff=0.5, sleep=waits.append)
    assert waits == [0.5, 1.0]


def test_a_wrong_key_is_not_retried():
    with fake_openai() as api, pytest.raises(llm.LLMError) as error:
        llm.with_retries(lambda: openai_client(api, key="wrong").complete(MESSAGES), attempts=3, backoff=0)
    assert error.value.retryable is False
    assert len(api.requests) == 1


def test_the_chain_falls_to_the_next_provider_and_the_breaker_opens():
    with fake_openai(fail_times=100) as down, fake_yandexgpt(replies=["Запасной ответ"]) as spare:
        chain = llm.FallbackChain(
            [
                ("down", openai_client(down)),
                ("spare", llm.YandexGPT(api_key="test-yandex-key", model="m", folder_id="b1gtest", base_url=spare.url)),
            ]
        )
        answers = [chain.complete(MESSAGES) for _ in range(4)]
        calls_to_down = len(down.requests)
    assert {(a.text, a.provider) for a in answers} == {("Запасной ответ", "spare")}
    # 2 attempts per call; after 3 failed calls the breaker is open and the 4th call skips it
    assert calls_to_down == 6


def test_when_every_provider_fails_the_caller_is_told():
    with fake_openai(fail_times=100) as down, pytest.raises(llm.AllProvidersFailed):
        llm.FallbackChain([("down", openai_client(down))]).complete(MESSAGES)
