import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.cabinet.forms import DeleteAccountForm, ProfileForm
from accounts.cabinet.personal_data import erase_personal_data, export_personal_data
from accounts.favorites import favorite_pages, recent_pages


def cabinet_view(view):
    """A cabinet page: signed-in only, never cached."""
    return never_cache(login_required(view))


@cabinet_view
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        translation.activate(user.language)
        messages.success(request, _("Профиль сохранён."))
        response = redirect("cabinet:profile")
        response.set_cookie("django_language", user.language, samesite="Lax", secure=request.is_secure(), httponly=True)
        return response
    return TemplateResponse(request, "accounts/cabinet/profile.html", {"form": form, "section": "profile"})


@cabinet_view
def favorites(request):
    return TemplateResponse(
        request, "accounts/cabinet/favorites.html", {"favorite_pages": favorite_pages(request), "section": "favorites"}
    )


@cabinet_view
def history(request):
    return TemplateResponse(
        request, "accounts/cabinet/history.html", {"recent_pages": recent_pages(request), "section": "history"}
    )


@cabinet_view
def privacy(request):
    form = DeleteAccountForm(user=request.user)
    return TemplateResponse(request, "accounts/cabinet/privacy.html", {"form": form, "section": "privacy"})


@cabinet_view
@require_POST
def export_data(request):
    data = export_personal_data(request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2, default=str), content_type="application/json; charset=utf-8"
    )
    filename = f"personal-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@cabinet_view
@require_POST
def delete_account(request):
    form = DeleteAccountForm(request.POST, user=request.user)
    if not form.is_valid():
        return TemplateResponse(
            request, "accounts/cabinet/privacy.html", {"form": form, "section": "privacy"}, status=400
        )
    erase_personal_data(request.user)
    logout(request)
    messages.success(
        request,
        _(
            "Аккаунт удалён, личные данные стёрты. Записи о бронированиях и платежах "
            "сохранены обезличенно, как требует закон."
        ),
    )
    return redirect("/")
