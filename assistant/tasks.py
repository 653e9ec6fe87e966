"""Celery tasks: thin and safe to run twice. The messages are stored first; a task answers or delivers one."""

from celery import shared_task

from assistant import channels, services
from assistant.models import Delivery, Message
from assistant.staybot import dialogue

DELIVERY_RETRIES = 3


@shared_task(ignore_result=True)
def answer_inbound(message_id):
    message = Message.objects.filter(pk=message_id, role="customer", handled=False).first()
    if message is not None:  # else gone, or already answered (a task run twice)
        services.respond(message)


@shared_task(bind=True, ignore_result=True, max_retries=DELIVERY_RETRIES)
def deliver_message(self, message_id):
    message = Message.objects.select_related("conversation__bot").filter(pk=message_id).first()
    if message is None or message.delivery != Delivery.PENDING:
        return
    try:
        channels.send(message)
    except channels.DeliveryError as error:
        if error.permanent or self.request.is_eager or self.request.retries >= DELIVERY_RETRIES:
            Message.objects.filter(pk=message_id).update(delivery=Delivery.FAILED)
            return
        raise self.retry(countdown=10 * 2**self.request.retries) from error
    Message.objects.filter(pk=message_id).update(delivery=Delivery.SENT)


@shared_task(ignore_result=True)
def answer_staybot(message_id, callback_id="", data=""):
    """The ЖильеGO bot's answer to a command, a button press (callback_id, data) or typed dates."""
    message = Message.objects.filter(pk=message_id, role="customer", handled=False).first()
    if message is not None:
        dialogue.handle(message, callback_id, data)
