"""Support assistant benchmark, in process (Django's test client through the whole middleware stack, no server).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_assistant .venv/bin/python bench/assistant_overhead.py

The database must be migrated and seeded (`manage.py seed_demo`). It works on the ЖильеGO bot and removes what it
made (its conversations, the temporary model provider) at the end.

1. Overhead: `--messages` web chat messages one after another, (a) with no model (FAQ, search, templates) and
   (b) through a fake OpenAI-compatible model answering at once; for (b) the time inside the model call is
   subtracted, so both are the bot's own work: receive, dedup, retrieval, prompt, accounting, storing, rendering.
   Prints p50/p95/max in ms (target p95 < 200 ms).
2. Load: `--concurrent` conversations at once, each sending `--turns` messages, with the fake model taking
   `--latency` seconds per call. Prints the response time per message (the seed's target: < 2 s) and checks that
   every message got exactly one answer (none lost).
"""

import argparse
import os
import statistics
import sys
import threading
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("ASSISTANT_LLM_ATTEMPTS", "1")
os.environ.setdefault("ASSISTANT_CHAT_PER_MINUTE", "1000000")  # one client IP sends everything

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402
from wagtail.models import Site  # noqa: E402

from assistant.models import Conversation, LLMProvider, Message  # noqa: E402
from core import crypto  # noqa: E402
from integrations import llm  # noqa: E402
from tests.fakes.llm import fake_openai  # noqa: E402

HOST = "zhilego.localhost"
QUESTIONS = [
    "Как отменить бронирование?",
    "Как забронировать квартиру?",
    "Во сколько заезд и выезд?",
    "Квартира посуточно в центре",
    "Есть ли парковка?",
]

model_seconds = threading.local()


def timed_model_calls():
    """Wrap FallbackChain.complete to add the time spent in the model call to a per-thread counter."""
    original = llm.FallbackChain.complete

    def complete(self, *args, **kwargs):
        started = time.perf_counter()
        try:
            return original(self, *args, **kwargs)
        finally:
            model_seconds.total = getattr(model_seconds, "total", 0.0) + time.perf_counter() - started

    llm.FallbackChain.complete = complete


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def summary(label, seconds):
    ms = [s * 1000 for s in seconds]
    print(
        f"{label}: n={len(ms)} p50={statistics.median(ms):.1f} ms p95={percentile(ms, 0.95):.1f} ms "
        f"max={max(ms):.1f} ms"
    )


def send(client, text):
    model_seconds.total = 0.0
    started = time.perf_counter()
    response = client.post("/assistant/chat/send/", {"text": text}, HTTP_HOST=HOST)
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise RuntimeError(f"the chat answered {response.status_code}")
    return elapsed, elapsed - model_seconds.total


def overhead(bot, count, with_model, api=None):
    provider = None
    if with_model:
        provider = LLMProvider.objects.create(
            bot=bot, base_url=f"{api.url}/v1", model="bench", api_key=crypto.encrypt("test-llm-key"), priority=99
        )
    try:
        send(Client(), QUESTIONS[0])  # warm up: the first search and template loads are not the bot's overhead
        client = Client()
        own = []
        for n in range(count):
            if n % 5 == 0:
                client = Client()  # a new visitor now and then: conversations of a usual length
            _total, bot_only = send(client, QUESTIONS[n % len(QUESTIONS)])
            own.append(bot_only)
        return own
    finally:
        if provider:
            provider.delete()


def load(bot, api, concurrent, turns):
    provider = LLMProvider.objects.create(
        bot=bot, base_url=f"{api.url}/v1", model="bench", api_key=crypto.encrypt("test-llm-key"), priority=99
    )
    times, errors = [], []
    barrier = threading.Barrier(concurrent)

    def conversation(n):
        client = Client()
        try:
            barrier.wait()
            for turn in range(turns):
                total, _own = send(client, f"{QUESTIONS[(n + turn) % len(QUESTIONS)]} ({n}/{turn})")
                times.append(total)
        except Exception as error:  # noqa: BLE001 (counted and printed)
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=conversation, args=(n,)) for n in range(concurrent)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    provider.delete()
    return times, errors, wall


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--concurrent", type=int, default=50)
    parser.add_argument("--turns", type=int, default=3)
    parser.add_argument("--latency", type=float, default=1.0)
    args = parser.parse_args()

    bot = Site.objects.get(hostname=HOST).assistant_bot
    since = timezone.now()
    timed_model_calls()
    try:
        with fake_openai(replies=["Отменить бронь можно в личном кабинете [1]."]) as instant:
            summary("overhead, no model        ", overhead(bot, args.messages, with_model=False))
            summary("overhead, model call taken out", overhead(bot, args.messages, with_model=True, api=instant))
        with fake_openai(replies=["Отменить бронь можно в личном кабинете [1]."], latency=args.latency) as slow:
            times, errors, wall = load(bot, slow, args.concurrent, args.turns)
        summary(f"{args.concurrent} conversations × {args.turns}, model {args.latency:.1f} s", times)
        under = sum(1 for t in times if t < 2.0)
        print(f"  under 2 s: {under}/{len(times)}; wall {wall:.1f} s; errors: {len(errors)}")
        for error in errors[:5]:
            print("  ", error)
        bench = Conversation.objects.filter(bot=bot, started_at__gte=since)
        asked = Message.objects.filter(conversation__in=bench, role="customer").count()
        answered = Message.objects.filter(conversation__in=bench, role__in=["bot", "staff"]).count()
        print(f"  messages: {asked} asked, {answered} answered (each exactly once: {asked == answered})")
    finally:
        Conversation.objects.filter(bot=bot, started_at__gte=since).delete()


if __name__ == "__main__":
    main()
