"""The client's signed link to their viewing: pick a slot, move or cancel it without an account.

The token names the lead and is signed with SECRET_KEY (django.core.signing) and a salt of its own;
it expires after LEADS_VIEWING_LINK_DAYS. Reminders carry a fresh one."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

SALT = "leads.viewing-link"


class LinkRefused(Exception):
    def __init__(self, message):
        self.message = message
        super().__init__(str(message))


def make_token(lead):
    return signing.dumps({"lead": lead.pk}, salt=SALT, compress=True)


def lead_id_from_token(token):
    """The lead's id, or LinkRefused with a message for an expired or altered link."""
    try:
        data = signing.loads(token, salt=SALT, max_age=timedelta(days=settings.LEADS_VIEWING_LINK_DAYS))
    except signing.SignatureExpired:
        raise LinkRefused(
            _("Срок действия ссылки истёк. Запросите новую у менеджера или оставьте заявку ещё раз.")
        ) from None
    except signing.BadSignature:
        raise LinkRefused(_("Ссылка недействительна. Проверьте, что она скопирована целиком.")) from None
    if not isinstance(data, dict) or not isinstance(data.get("lead"), int):
        raise LinkRefused(_("Ссылка недействительна. Проверьте, что она скопирована целиком."))
    return data["lead"]


def viewing_path(lead):
    return reverse("leads:viewing_link", kwargs={"token": make_token(lead)})


def viewing_url(lead):
    return lead.site.root_url + viewing_path(lead)
