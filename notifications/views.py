import json
import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig
from django.db import transaction
from django.http import HttpResponseForbidden, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from integrations.webpush import vapid_public_key

from . import services
from .forms import PreferencesForm, PushSubscriptionForm
from .models import TelegramLink
from .preferences import addresses_by_channel, choices_of
from .telegram_link import bot_link, user_from_payload

logger = logging.getLogger(__name__)
TEXT_KEPT = 4096  # Telegram's own limit for a message's text


@never_cache
@login_required
def preferences(request):
    form = PreferencesForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        addresses=addresses_by_channel(request.user),
        choices=choices_of(request.user),
    )
    if form.is_bound and form.is_valid():
        form.save()
        messages.success(request, _("Настройки уведомлений сохранены."))
        return redirect("notifications:preferences")
    return TemplateResponse(
        request,
        "notifications/preferences.html",
        {
            "section": "notifications",
            "form": form,
            "vapid_public_key": vapid_public_key(),
            "telegram_link": TelegramLink.objects.filter(user=request.user).first(),
            "telegram_bot_link": bot_link(request.user),
        },
        status=400 if form.is_bound else 200,
    )


def _json_body(request):
    """The request's JSON object, or None for anything else (too big, too deep, not JSON, not an object)."""
    try:
        data = json.loads(request.body)
    except (ValueError, RecursionError, RequestDataTooBig):
        return None
    return data if isinstance(data, dict) else None


@never_cache
@login_required
@require_POST
def push_subscribe(request):
    """The browser's PushSubscription.toJSON(): {"endpoint": ..., "keys": {"p256dh": ..., "auth": ...}}."""
    data = _json_body(request)
    if data is None:
        return JsonResponse({"error": _("Ожидался JSON с подпиской браузера.")}, status=400)
    keys = data.get("keys") if isinstance(data.get("keys"), dict) else {}
    form = PushSubscriptionForm(
        {"endpoint": data.get("endpoint"), "p256dh": keys.get("p256dh"), "auth": keys.get("auth")}
    )
    if not form.is_valid():
        return JsonResponse({"errors": form.errors}, status=400)
    services.subscribe_push(request.user, **form.cleaned_data, user_agent=request.headers.get("User-Agent", ""))
    return JsonResponse({"ok": True}, status=201)


@never_cache
@login_required
@require_POST
def push_unsubscribe(request):
    data = _json_body(request)
    if data is None or not isinstance(data.get("endpoint"), str):
        return JsonResponse({"error": _("Ожидался JSON с адресом подписки.")}, status=400)
    found = services.unsubscribe_push(request.user, data["endpoint"])
    return JsonResponse({"ok": found}, status=200 if found else 404)


@never_cache
@login_required
@require_POST
def telegram_unlink(request):
    if services.unlink_telegram(user=request.user):
        messages.success(request, _("Telegram отключён: сообщения туда больше не придут."))
    return redirect("notifications:preferences")


@csrf_exempt
@require_POST
def telegram_webhook(request):
    """Updates from our bot (setWebhook with secret_token): "/start <payload>" links the chat to the
    account the payload was made for, "/stop" unlinks it. Replies go through the outbox."""
    secret = settings.TELEGRAM_WEBHOOK_SECRET
    if not secret or not constant_time_compare(request.headers.get("X-Telegram-Bot-Api-Secret-Token", ""), secret):
        return HttpResponseForbidden()
    message = _private_message(_json_body(request))
    if message is None:
        return JsonResponse({"ok": True})  # not a private message to the bot: nothing to do
    chat_id, text, username = message
    command, _sep, payload = text.strip().partition(" ")
    with transaction.atomic():
        if command == "/start" and (user := user_from_payload(payload.strip())):
            services.link_telegram(user, chat_id, username)
            services.notify(user, "account.telegram_linked", {}, channels=["telegram"])
        elif command == "/stop":
            services.unlink_telegram(chat_id=chat_id)
        else:
            services.notify_address("telegram", str(chat_id), "account.telegram_help", {})
    return JsonResponse({"ok": True})


def _private_message(update) -> tuple[int, str, str] | None:
    """(chat id, text, sender's username) of a private text message to the bot; None for any other update,
    including shapes Telegram never sends (answered 200 all the same, so that it does not retry them)."""
    message = update.get("message") if update else None
    chat = message.get("chat") if isinstance(message, dict) else None
    if not isinstance(chat, dict) or chat.get("type") != "private":
        return None
    chat_id, text = chat.get("id"), message.get("text", "")
    sender = message.get("from") if isinstance(message.get("from"), dict) else {}
    username = sender.get("username", "")
    if isinstance(chat_id, bool) or not isinstance(chat_id, int) or not -(2**63) < chat_id < 2**63:
        logger.warning("telegram webhook: ignored a message with chat id %.40r", chat_id)
        return None
    if not isinstance(text, str) or not isinstance(username, str) or "\x00" in text + username:
        logger.warning("telegram webhook: ignored a message with malformed text or username")
        return None
    return chat_id, text[:TEXT_KEPT], username
