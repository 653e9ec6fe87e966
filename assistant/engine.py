"""The bot's answer to one customer message: grounded in retrieval, phrased by a model when the bot has one,
or from the FAQ and the templates when it has none or every provider failed.

Rules: facts (prices, dates, policies) come from our data; a model's answer that states a sum our sources do
not contain is thrown away; below the bot's confidence the answer says it doesn't know and offers a person."""

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F

from assistant import retrieval, tools
from assistant.models import Conversation, LLMProvider, ProviderKind, TemplatePurpose
from assistant.texts import template_text
from core import crypto
from integrations import llm

NO_ANSWER = "NO_ANSWER"
TOOL_ROUNDS = 3
# a sum of money in an answer: digits (with spaces) followed by a currency word or sign
MONEY = re.compile(r"(\d[\d\s\u00a0]*\d|\d)\s*(?:₸|₽|руб|тенге|тг|rub|kzt)", re.IGNORECASE)
TONES = {
    "friendly": "Тон дружелюбный, на «вы».",
    "formal": "Тон официальный и вежливый.",
    "brief": "Отвечай очень кратко.",
}


@dataclass
class Reply:
    text: str
    sources: list = field(default_factory=list)
    confidence: float = 0.0
    answered: bool = True
    handoff: str = ""  # a reason when the conversation goes to people
    provider: str = ""
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost: Decimal = Decimal(0)
    lead: object = None


def sums_in(text):
    return {re.sub(r"\D", "", match.group(1)) for match in MONEY.finditer(text)}


def grounded(answer, facts):
    """Every sum in the answer appears in the facts."""
    known = {re.sub(r"\D", "", number) for number in re.findall(r"\d[\d\s\u00a0]*\d|\d", facts)}
    return sums_in(answer) <= known


def with_citations(text, sources):
    cited = [s for s in sources if s.url]
    if not cited:
        return text
    unique = {s.url: s for s in cited}.values()
    links = "\n".join(f"— {s.title}: {s.url}" for s in list(unique)[:3])
    return f"{text}\n\n{links}"


def answer_without_model(conversation, knowledge):
    bot = conversation.bot
    if knowledge.faq is not None and knowledge.sources and knowledge.sources[0].kind == "faq":
        top = knowledge.sources[0]
        if top.score >= float(bot.min_confidence):
            return Reply(with_citations(top.text, [top]), [top.cite()], top.score)
    good = [s for s in knowledge.sources if s.kind != "faq" and s.score >= float(bot.min_confidence)]
    if good:
        lines = [f"— {s.title}: {s.text}\n  {s.url}" for s in good[:3]]
        intro = template_text(bot, TemplatePurpose.FOUND, conversation)
        return Reply(intro + "\n" + "\n".join(lines), [s.cite() for s in good[:3]], good[0].score)
    return not_found(conversation, knowledge.confidence)


def not_found(conversation, confidence=0.0):
    text = template_text(conversation.bot, TemplatePurpose.NOT_FOUND, conversation)
    return Reply(text, [], confidence, answered=False, handoff="low_confidence")


def clients_for(bot):
    clients = []
    for provider in bot.active_providers():
        key = crypto.decrypt(provider.api_key)
        if provider.kind == ProviderKind.YANDEXGPT:
            client = llm.YandexGPT(
                api_key=key, model=provider.model, folder_id=provider.folder_id, base_url=provider.base_url
            )
        else:
            client = llm.OpenAICompatible(api_key=key, model=provider.model, base_url=provider.base_url)
        clients.append((f"provider-{provider.pk}", client))
    return clients


def system_prompt(bot, knowledge, variant=""):
    persona = bot.persona_b if variant == "b" and bot.persona_b else bot.persona
    return (
        f"Ты — {bot.name}, помощник поддержки сайта {bot.site.site_name or bot.site.hostname}. {persona}\n"
        f"{TONES.get(bot.tone, '')}\n"
        "Отвечай только по фактам ниже и по результатам инструментов. Никогда не называй цену, дату или условие, "
        f"которых нет в фактах. Если фактов не хватает, ответь ровно {NO_ANSWER}. Ссылайся на факты номерами [n].\n"
        f"Факты:\n{knowledge.facts() or '(нет)'}"
    )


def history(conversation, limit=8):
    roles = {"customer": "user", "bot": "assistant", "staff": "assistant"}
    recent = list(conversation.messages.exclude(role="system").order_by("-created_at", "-pk")[:limit])
    return [{"role": roles[m.role], "content": m.text} for m in reversed(recent)]


def account(reply, completion, providers):
    reply.prompt_tokens += completion.prompt_tokens
    reply.completion_tokens += completion.completion_tokens
    provider = providers.get(completion.provider)
    if provider is not None:
        cost = provider.cost_of(completion.prompt_tokens, completion.completion_tokens)
        reply.cost += cost
        reply.provider = str(provider)
        LLMProvider.objects.filter(pk=provider.pk).update(
            prompt_tokens=F("prompt_tokens") + completion.prompt_tokens,
            completion_tokens=F("completion_tokens") + completion.completion_tokens,
            cost=F("cost") + cost,
        )


def answer_with_model(conversation, knowledge, chain, turns=None):
    """`turns`: the messages to answer instead of the conversation's history (a marketplace draft: one question,
    no conversation, no tools)."""
    bot = conversation.bot
    providers = {f"provider-{p.pk}": p for p in bot.active_providers()}
    messages = [
        {"role": "system", "content": system_prompt(bot, knowledge, conversation.variant)},
        *(turns if turns is not None else history(conversation)),
    ]
    reply = Reply("")
    sources = list(knowledge.sources)
    facts = knowledge.facts()
    for _round in range(TOOL_ROUNDS):
        completion = chain.complete(messages, tools=tools.SCHEMAS if turns is None else None)
        account(reply, completion, providers)
        if not completion.tool_calls:
            break
        messages.append(
            {
                "role": "assistant",
                "content": completion.text or None,
                "tool_calls": [
                    {"id": c.id, "type": "function", "function": {"name": c.name, "arguments": _json(c.arguments)}}
                    for c in completion.tool_calls
                ],
            }
        )
        for call in completion.tool_calls:
            result = tools.call(conversation, call.name, call.arguments)
            sources += result.sources
            facts += "\n" + result.text
            reply.lead = reply.lead or result.lead
            messages.append({"role": "tool", "tool_call_id": call.id, "content": result.text})
    text = (completion.text or "").strip()
    if not text or NO_ANSWER in text or not grounded(text, facts):
        fallback = not_found(conversation, knowledge.confidence) if not reply.lead else Reply(text)
        fallback.prompt_tokens, fallback.completion_tokens = reply.prompt_tokens, reply.completion_tokens
        fallback.cost, fallback.provider = reply.cost, reply.provider
        return fallback
    used = [s for n, s in enumerate(sources, 1) if f"[{n}]" in text] or sources[:2]
    reply.text = with_citations(re.sub(r"\s*\[\d+\]", "", text), used)
    reply.sources = [s.cite() for s in used]
    reply.confidence = max(knowledge.confidence, 0.5 if used else 0.0)
    return reply


def _json(value):
    return json.dumps(value, ensure_ascii=False)


def answer(conversation, text, request=None):
    knowledge = retrieval.retrieve(conversation.bot, text, conversation.language, request)
    clients = clients_for(conversation.bot)
    if clients:
        try:
            return answer_with_model(conversation, knowledge, llm.FallbackChain(clients))
        except llm.AllProvidersFailed:
            pass  # every provider is down: answer from retrieval and templates
    return answer_without_model(conversation, knowledge)


# Without a model a draft is never sure enough to publish by itself at the default threshold (0.8).
NO_MODEL_CONFIDENCE = 0.5


def draft(bot, text, language=""):
    """An answer to a text that is not in a conversation (a buyer's question on a marketplace): the same retrieval
    and rules; without a model (or with every provider down) from the FAQ and templates, at low confidence."""
    conversation = Conversation(bot=bot, channel="web", language=language or bot.language_codes[0])
    knowledge = retrieval.retrieve(bot, text, conversation.language)
    clients = clients_for(bot)
    if clients:
        try:
            return answer_with_model(
                conversation, knowledge, llm.FallbackChain(clients), turns=[{"role": "user", "content": text}]
            )
        except llm.AllProvidersFailed:
            pass
    reply = answer_without_model(conversation, knowledge)
    reply.confidence = min(reply.confidence, NO_MODEL_CONFIDENCE)
    return reply
