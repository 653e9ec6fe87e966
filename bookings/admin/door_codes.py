"""The property's door codes in the admin: set new ones, reveal the current ones (logged), read the access log.

The form never shows the current codes: seeing them takes the «Показать коды» button, which
writes a line to the access log like every other reveal."""

import logging

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from bookings.access import DoorCodesRefused, NoDoorCodes, reveal_door_codes, save_door_codes
from bookings.admin.policies import ViewOnlyPermissionPolicy
from bookings.models import DoorCodeReveal, DoorCodes, RentalAccess
from bookings.permissions import can_reveal_door_codes
from catalog.models import RentalPropertyPage
from core.admin import ScopedSnippetViewSet
from core.crypto import DecryptionError
from core.http import client_ip

logger = logging.getLogger(__name__)
CODE_MAX_LENGTH = 32


def code_field(label, help_text=""):
    return forms.CharField(
        label=label,
        required=False,
        max_length=CODE_MAX_LENGTH,
        help_text=help_text,
        strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"max_length": gettext_lazy("Код не длиннее %(limit_value)d символов.")},
    )


class DoorCodesForm(forms.Form):
    intercom = code_field(gettext_lazy("Код домофона"), gettext_lazy("Например «27#1234» или «Ключ у консьержа»."))
    flat = code_field(gettext_lazy("Код от квартиры"), gettext_lazy("Кодовый замок двери или ключницы."))
    safe = code_field(gettext_lazy("Код от сейфа"), gettext_lazy("Если есть."))

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(name) for name in ("intercom", "flat", "safe")):
            raise forms.ValidationError(gettext_lazy("Укажите хотя бы один код."), code="empty")
        return cleaned


@never_cache
def door_codes(request, rental_id):
    rental = get_object_or_404(RentalPropertyPage.objects.select_related("owner"), pk=rental_id)
    if not can_reveal_door_codes(request.user, rental):
        raise DoorCodesRefused(_("У вас нет доступа к кодам этого объекта."))
    form = DoorCodesForm()
    codes = None
    if request.method == "POST" and "reveal" in request.POST:
        try:
            codes = reveal_door_codes(user=request.user, rental=rental, ip=client_ip(request))
        except NoDoorCodes:
            messages.error(request, _("Коды ещё не заданы."))
        except DecryptionError:
            logger.error("Door codes of rental %s cannot be decrypted with the configured keys", rental.pk)
            messages.error(request, _("Коды не удалось расшифровать: проверьте FIELD_ENCRYPTION_KEYS."))
    elif request.method == "POST":
        form = DoorCodesForm(request.POST)
        if form.is_valid():
            save_door_codes(rental, DoorCodes(**form.cleaned_data), by=request.user)
            messages.success(request, _("Коды сохранены. Гости увидят новые коды."))
            return redirect("bookings_admin:door_codes", rental_id=rental.pk)
    context = {
        "rental": rental,
        "access": RentalAccess.objects.filter(rental=rental).select_related("updated_by").first(),
        "form": form,
        "codes": codes,
        "page_title": _("Коды доступа"),
        "page_subtitle": rental.title,
        "header_title": _("Коды доступа: %(title)s") % {"title": rental.title},
        "header_icon": "key",
    }
    return TemplateResponse(request, "bookings/admin/door_codes.html", context, status=400 if form.errors else 200)


# -- the access log --------------------------------------------------------------------------------------------------


class DoorCodeRevealViewSet(ScopedSnippetViewSet):
    """The door-code access log: the superuser reads it; nobody adds, edits or deletes a line."""

    model = DoorCodeReveal
    policy_class = ViewOnlyPermissionPolicy
    icon = "key"
    menu_label = gettext_lazy("Журнал кодов доступа")
    list_display = ("revealed_at", "user", "rental", "booking", "ip_address")
    list_filter = {"revealed_at": ["date__gte", "date__lte"], "rental": ["exact"]}
    ordering = ("-revealed_at",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "rental", "booking")
