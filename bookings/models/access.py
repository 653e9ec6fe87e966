"""Door codes of a rental property, encrypted at rest, and the log of every time someone saw them.

The codes live here and not on the page: Wagtail stores every page revision as JSON, and a code
must never reach a revision, a page form or the page API."""

import json
from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import crypto

__all__ = ["DoorCodeReveal", "DoorCodes", "RentalAccess"]


@dataclass(frozen=True, repr=False)
class DoorCodes:
    """The codes in the clear; exists only while a permitted person is looking at them."""

    intercom: str = ""
    flat: str = ""
    safe: str = ""

    def __repr__(self):  # keep codes out of tracebacks and debug logs
        return "DoorCodes(***)"

    def items(self):
        labels = {"intercom": _("Код домофона"), "flat": _("Код от квартиры"), "safe": _("Код от сейфа")}
        return [(labels[name], value) for name, value in asdict(self).items() if value]


class RentalAccess(models.Model):
    """A property's door codes (intercom, flat, safe), one encrypted value; see `bookings.access`."""

    encrypted_fields = ("codes_encrypted",)  # re-encrypted by `manage.py rotate_encryption_key`

    rental = models.OneToOneField(
        "catalog.RentalPropertyPage", verbose_name=_("объект"), on_delete=models.CASCADE, related_name="access"
    )
    codes_encrypted = models.TextField(_("коды (зашифрованы)"), editable=False)
    updated_at = models.DateTimeField(_("изменены"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто изменил"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("коды доступа")
        verbose_name_plural = _("коды доступа")

    def __str__(self):
        return str(_("Коды доступа к объекту №%(id)s") % {"id": self.rental_id})

    def set_codes(self, codes: DoorCodes):
        self.codes_encrypted = crypto.encrypt(json.dumps(asdict(codes), ensure_ascii=False))

    def decrypt_codes(self) -> DoorCodes:
        """The plaintext. Call it only through `bookings.access.reveal_door_codes`, which logs the look."""
        return DoorCodes(**json.loads(crypto.decrypt(self.codes_encrypted)))


class DoorCodeReveal(models.Model):
    """One look at a property's door codes: who, when, through which booking, from which address.

    Append-only: nobody may change or delete a line (no model permissions; see the admin viewset)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("кто"), on_delete=models.PROTECT, related_name="door_code_reveals"
    )
    rental = models.ForeignKey(
        "catalog.RentalPropertyPage",
        verbose_name=_("объект"),
        on_delete=models.PROTECT,
        related_name="door_code_reveals",
    )
    booking = models.ForeignKey(
        "bookings.Booking",
        verbose_name=_("бронирование"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="door_code_reveals",
        help_text=_("Пусто, если коды смотрели в панели объекта, а не из бронирования."),
    )
    wagtail_reference_index_ignore = True  # a log, not content: nothing to track in the usage index

    ip_address = models.GenericIPAddressField(_("IP-адрес"), null=True, blank=True)
    revealed_at = models.DateTimeField(_("когда"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("просмотр кодов доступа")
        verbose_name_plural = _("журнал просмотра кодов")
        ordering = ["-revealed_at", "-pk"]
        default_permissions = ()  # nobody can be granted add/change/delete; only superusers read it

    def __str__(self):
        return f"{self.revealed_at:%d.%m.%Y %H:%M} · {self.user_id} · {self.rental_id}"

    def delete(self, *args, **kwargs):
        raise PermissionDenied("The door code log is append-only.")
