"""Messages sent on account events."""

from allauth.account.signals import user_signed_up
from django.dispatch import receiver

from notifications.services import notify


@receiver(user_signed_up, dispatch_uid="notifications_welcome")
def welcome(request, user, **kwargs):
    url = request.build_absolute_uri("/account/") if request is not None else ""
    notify(user, "account.welcome", {"url": url})
