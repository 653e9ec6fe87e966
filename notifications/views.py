import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
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
    try:
        data = json.loads(request.body)
    except ValueError:
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
    update = _json_body(request)
    message = update.get("message") if update else None
    if not isinstance(message, dict) or message.get("chat", {}).get("type") != "private":
        return JsonResponse({"ok": True})  # not a private message to the bot: nothing to do
    chat_id = message["chat"]["id"]
    command, _sep, payload = str(message.get("text", "")).strip().partition(" ")
    with transaction.atomic():
        if command == "/start" and (user := user_from_payload(payload.strip())):
            services.link_telegram(user, chat_id, message.get("from", {}).get("username", ""))
            services.notify(user, "account.telegram_linked", {}, channels=["telegram"])
        elif command == "/stop":
            services.unlink_telegram(chat_id=chat_id)
        else:
            services.notify_address("telegram", str(chat_id), "account.telegram_help", {})
    return JsonResponse({"ok": True})
