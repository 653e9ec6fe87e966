"""What the platform keeps about a person, for export and for erasure on request (152-ФЗ).

Each app registers a section: how to export it and how to erase it. Records needed for
accounting (bookings, payments) keep their rows; their eraser strips the personal fields.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone


@dataclass(frozen=True)
class Section:
    name: str
    export: Callable[[Any], Any]
    erase: Callable[[Any], None] | None = None


_sections: dict[str, Section] = {}


def register(name, *, export, erase=None):
    _sections[name] = Section(name, export, erase)


def export_personal_data(user) -> dict:
    return {
        "exported_at": timezone.now().isoformat(),
        **{section.name: section.export(user) for section in _sections.values()},
    }


@transaction.atomic
def erase_personal_data(user):
    """Erase or anonymise everything that identifies the user; the row stays for accounting."""
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    for section in _sections.values():
        if section.erase:
            section.erase(user)
    user.email = None
    user.first_name = user.last_name = user.phone = ""
    user.phone_verified = False
    user.is_active = False
    user.set_unusable_password()  # also ends every other session: their auth hash no longer matches
    user.anonymised_at = timezone.now()
    user.save()
    return user


def _export_account(user):
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "phone": user.phone,
        "phone_verified": user.phone_verified,
        "language": user.language,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
    }


def _export_favorites(user):
    return [
        {"page_id": fav.page_id, "title": fav.page.title, "saved_at": fav.created_at.isoformat()}
        for fav in user.favorites.select_related("page")
    ]


def _export_recent_views(user):
    return [
        {"page_id": view.page_id, "title": view.page.title, "viewed_at": view.viewed_at.isoformat()}
        for view in user.recent_views.select_related("page")
    ]


def _export_email_addresses(user):
    from allauth.account.models import EmailAddress

    return [
        {"email": address.email, "verified": address.verified, "primary": address.primary}
        for address in EmailAddress.objects.filter(user=user)
    ]


def _erase_allauth(user):
    from allauth.account.models import EmailAddress
    from allauth.socialaccount.models import SocialAccount

    EmailAddress.objects.filter(user=user).delete()
    SocialAccount.objects.filter(user=user).delete()


register("account", export=_export_account)
register("favorites", export=_export_favorites, erase=lambda user: user.favorites.all().delete())
register("recently_viewed", export=_export_recent_views, erase=lambda user: user.recent_views.all().delete())
register("email_addresses", export=_export_email_addresses, erase=_erase_allauth)
