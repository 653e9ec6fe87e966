"""The channels' endpoints: the web chat (htmx fragments), Telegram's and WhatsApp's webhooks.

The web chat keeps its conversation in a signed cookie set when the visitor first writes, so visitors who never
open the chat get no cookie and no session. Webhooks store the message (once) and answer it in a task."""

import json
import secrets

from django.conf import settings
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseForbidden, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.crypto import constant_time_compare
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from wagtail.models import Site

from assistant import services, tasks
from assistant.models import Bot, Channel, Conversation, TemplatePurpose
from assistant.staybot import routing
from assistant.texts import template_text
from core import ratelimit
from core.http import client_ip
from integrations import whatsapp
from notifications.models import TelegramLink

COOKIE = "assistant_chat"
COOKIE_SALT = "assistant.chat"
COOKIE_AGE = 30 * 24 * 3600
TEXT_MAX = 2000


def site_bot(request):
    site = Site.find_for_request(request)
    bot = Bot.objects.filter(site=site, is_active=True).select_related("site").first() if site else None
    if bot is None:
        raise Http404
    return bot


def chat_id_from(request):
    return request.get_signed_cookie(COOKIE, default="", salt=COOKIE_SALT) or ""


def visible_messages(conversation, after=0):
    return conversation.messages.exclude(role="system").filter(pk__gt=after).order_by("created_at", "pk")


@never_cache
@require_GET
def chat_panel(request):
    """The opened chat: the greeting and the conversation so far."""
    bot = site_bot(request)
    chat_id = chat_id_from(request)
    conversation = services.current_conversation(bot, Channel.WEB, chat_id) if chat_id else None
    messages = list(visible_messages(conversation)) if conversation else []
    greeting = bot.greeting or template_text(bot, TemplatePurpose.GREETING)
    return render(
        request,
        "assistant/chat_panel.html",
        {"bot": bot, "messages": messages, "greeting": greeting, "last_id": messages[-1].pk if messages else 0},
    )


@never_cache
@require_POST
def chat_send(request):
    bot = site_bot(request)
    text = request.POST.get("text", "").strip()[:TEXT_MAX]
    if not text:
        return HttpResponseBadRequest()
    if ratelimit.hit(f"assistant-chat:{client_ip(request)}", 60) > settings.ASSISTANT_CHAT_PER_MINUTE:
        return HttpResponse(status=429)
    chat_id = chat_id_from(request) or secrets.token_urlsafe(16)
    user = request.user if request.user.is_authenticated else None
    name = (user.get_full_name() if user else "") or ""
    message = services.receive(
        bot, Channel.WEB, chat_id, text, name=name, language=getattr(request, "LANGUAGE_CODE", ""), user=user
    )
    services.respond(message, request=request)
    after = int(request.POST.get("after") or 0)
    messages = list(visible_messages(message.conversation, after))
    response = render(
        request, "assistant/chat_messages.html", {"messages": messages, "last_id": messages[-1].pk, "sent": True}
    )
    response.set_signed_cookie(
        COOKIE, chat_id, salt=COOKIE_SALT, max_age=COOKIE_AGE, httponly=True, samesite="Lax", secure=request.is_secure()
    )
    return response


@never_cache
@require_GET
def chat_poll(request):
    """New messages since `after` (a manager's answers), every few seconds while the chat is open."""
    bot = site_bot(request)
    chat_id = chat_id_from(request)
    conversation = (
        Conversation.objects.filter(bot=bot, channel=Channel.WEB, external_chat_id=chat_id).order_by("-pk").first()
        if chat_id
        else None
    )
    if conversation is None:
        return HttpResponse(status=204)
    try:
        after = int(request.GET.get("after") or 0)
    except ValueError:
        after = 0
    messages = list(visible_messages(conversation, after))
    if not messages:
        return HttpResponse(status=204)
    return render(request, "assistant/chat_messages.html", {"messages": messages, "last_id": messages[-1].pk})


def _json(request):
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


@csrf_exempt
@require_POST
def telegram_webhook(request, key):
    """Updates of one bot (setWebhook url=/assistant/telegram/<key>/ with secret_token=bot.telegram_secret)."""
    bot = get_object_or_404(Bot, webhook_key=key)
    header = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
    if not constant_time_compare(header, bot.telegram_secret):
        return HttpResponseForbidden()
    update = _json(request)
    if update and isinstance(update.get("callback_query"), dict):
        return _telegram_button(bot, update)
    message = update.get("message") if update else None
    chat = message.get("chat") if isinstance(message, dict) else None
    if not isinstance(chat, dict) or chat.get("type") != "private" or not isinstance(chat.get("id"), int):
        return JsonResponse({"ok": True})
    sender = message.get("from") if isinstance(message.get("from"), dict) else {}
    text = message.get("text")
    media = not isinstance(text, str)
    link = TelegramLink.objects.filter(chat_id=chat["id"]).select_related("user").first()
    stored = services.receive(
        bot,
        Channel.TELEGRAM,
        chat["id"],
        "" if media else text[:TEXT_MAX],
        external_id=f"{bot.pk}:{update.get('update_id')}",
        name=str(sender.get("first_name", ""))[:150],
        language=str(sender.get("language_code", "")),
        user=link.user if link else None,
        media=media,
    )
    if stored is not None:
        if routing.takes(stored) and routing.serves(bot):
            transaction.on_commit(lambda: tasks.answer_staybot.delay(stored.pk))
        else:
            transaction.on_commit(lambda: tasks.answer_inbound.delay(stored.pk))
    return JsonResponse({"ok": True})


def _telegram_button(bot, update):
    """An inline button pressed under one of the ЖильеGO bot's messages (callback_query)."""
    query = update["callback_query"]
    chat = (query.get("message") or {}).get("chat") if isinstance(query.get("message"), dict) else None
    data = query.get("data")
    if not isinstance(chat, dict) or not isinstance(chat.get("id"), int) or not isinstance(data, str):
        return JsonResponse({"ok": True})
    if not routing.serves(bot):
        return JsonResponse({"ok": True})
    sender = query.get("from") if isinstance(query.get("from"), dict) else {}
    link = TelegramLink.objects.filter(chat_id=chat["id"]).select_related("user").first()
    stored = services.receive(
        bot,
        Channel.TELEGRAM,
        chat["id"],
        f"[кнопка] {data[:64]}",
        external_id=f"{bot.pk}:{update.get('update_id')}",
        name=str(sender.get("first_name", ""))[:150],
        language=str(sender.get("language_code", "")),
        user=link.user if link else None,
    )
    if stored is not None:
        callback_id = str(query.get("id", ""))[:64]
        transaction.on_commit(lambda: tasks.answer_staybot.delay(stored.pk, callback_id, data[:64]))
    return JsonResponse({"ok": True})


@csrf_exempt
@require_http_methods(["GET", "POST"])
def whatsapp_webhook(request, key):
    bot = get_object_or_404(Bot, webhook_key=key)
    if request.method == "GET":
        if request.GET.get("hub.mode") == "subscribe" and constant_time_compare(
            request.GET.get("hub.verify_token", ""), bot.whatsapp_verify_token
        ):
            return HttpResponse(request.GET.get("hub.challenge", ""), content_type="text/plain")
        return HttpResponseForbidden()
    if not whatsapp.signature_ok(
        bot.secret("whatsapp_app_secret"), request.body, request.headers.get("X-Hub-Signature-256", "")
    ):
        return HttpResponseForbidden()
    payload = _json(request) or {}
    stored = []
    for entry in payload.get("entry") or []:
        for change in (entry or {}).get("changes") or []:
            value = (change or {}).get("value") or {}
            names = {c.get("wa_id"): (c.get("profile") or {}).get("name", "") for c in value.get("contacts") or []}
            for item in value.get("messages") or []:
                if not isinstance(item, dict) or not item.get("id") or not item.get("from"):
                    continue
                media = item.get("type") != "text"
                text = "" if media else str((item.get("text") or {}).get("body", ""))[:TEXT_MAX]
                message = services.receive(
                    bot,
                    Channel.WHATSAPP,
                    item["from"],
                    text,
                    external_id=str(item["id"])[:120],
                    name=str(names.get(item["from"], ""))[:150],
                    media=media,
                )
                if message is not None:
                    stored.append(message.pk)
    for pk in stored:
        transaction.on_commit(lambda pk=pk: tasks.answer_inbound.delay(pk))
    return JsonResponse({"ok": True})
