"""The ways a message reaches a person. Each channel knows a user's addresses on it and sends one
Notification, raising DeliveryError when it could not."""

import smtplib

from django.core.mail import EmailMultiAlternatives

from integrations.sms import SmsError, send_sms
from integrations.telegram import TelegramError, send_message
from integrations.webpush import WebPushError, send_push

from .models import Channel, PushSubscription, TelegramLink


class DeliveryError(Exception):
    """Not delivered this time. `permanent` errors (the address is gone) are not retried."""

    def __init__(self, message, permanent=False):
        super().__init__(message)
        self.permanent = permanent


class EmailChannel:
    code = Channel.EMAIL

    def addresses(self, user) -> list[str]:
        return [user.email] if user.email and user.is_active else []

    def send(self, notification):
        message = EmailMultiAlternatives(notification.subject, notification.body, to=[notification.address])
        if notification.body_html:
            message.attach_alternative(notification.body_html, "text/html")
        try:
            message.send()
        except smtplib.SMTPRecipientsRefused as error:
            raise DeliveryError(f"Mail server refused the address: {error}", permanent=True) from error
        except (smtplib.SMTPException, OSError) as error:
            raise DeliveryError(f"Mail not sent: {error}") from error


class SmsChannel:
    code = Channel.SMS

    def addresses(self, user) -> list[str]:
        # Only a phone the user proved to own: an SMS to someone else's number is a leak.
        return [user.phone] if user.phone and user.phone_verified and user.is_active else []

    def send(self, notification):
        try:
            send_sms(notification.address, notification.body)
        except SmsError as error:
            raise DeliveryError(str(error)) from error


class TelegramChannel:
    code = Channel.TELEGRAM

    def addresses(self, user) -> list[str]:
        if not user.is_active:
            return []
        return [str(chat_id) for chat_id in TelegramLink.objects.filter(user=user).values_list("chat_id", flat=True)]

    def send(self, notification):
        text = f"{notification.subject}\n\n{notification.body}" if notification.subject else notification.body
        if notification.link:
            text += f"\n\n{notification.link}"
        try:
            send_message(notification.address, text[:4096])
        except TelegramError as error:
            raise DeliveryError(str(error), permanent=error.permanent) from error


class WebPushChannel:
    code = Channel.WEBPUSH

    def addresses(self, user) -> list[str]:
        if not user.is_active:
            return []
        return list(PushSubscription.objects.filter(user=user).order_by("pk").values_list("endpoint", flat=True))

    def send(self, notification):
        subscription = PushSubscription.objects.filter(endpoint=notification.address).first()
        if subscription is None:
            raise DeliveryError("The browser unsubscribed from push", permanent=True)
        payload = {"title": notification.subject, "body": notification.body[:1000], "url": notification.link}
        try:
            send_push(subscription.endpoint, subscription.p256dh, subscription.auth, payload)
        except WebPushError as error:
            if error.gone:
                subscription.delete()
            raise DeliveryError(str(error), permanent=error.gone) from error


CHANNELS = {channel.code: channel for channel in (EmailChannel(), SmsChannel(), TelegramChannel(), WebPushChannel())}
