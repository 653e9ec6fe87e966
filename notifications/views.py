import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from integrations.webpush import vapid_public_key

from . import services
from .forms import PreferencesForm, PushSubscriptionForm
from .preferences import addresses_by_channel, choices_of


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
        {"form": form, "vapid_public_key": vapid_public_key()},
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
