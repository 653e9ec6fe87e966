"""Celery tasks: thin and safe to run twice. The messages are stored first; a task answers or delivers one."""

from celery import shared_task

from assistant import channels, marketplaces, services
from assistant.models import Delivery, MarketplaceQuestion, MarketplaceShop, Message, QuestionState
from assistant.staybot import dialogue
from integrations.marketplaces import MarketplaceError

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
def sync_marketplaces():
    """Beat: every enabled shop's new questions, drafted (and published above its threshold); due retries."""
    for shop in MarketplaceShop.objects.filter(is_enabled=True).select_related("bot__site"):
        try:
            marketplaces.sync_shop(shop)
        except MarketplaceError:
            continue  # recorded on the shop; the other shops go on
    marketplaces.publish_due()


@shared_task(ignore_result=True)
def publish_marketplace_answer(question_id):
    question = MarketplaceQuestion.objects.select_related("shop").filter(pk=question_id).first()
    if question is not None and question.state == QuestionState.APPROVED:  # else gone or done (a task run twice)
        marketplaces.publish(question)


@shared_task(ignore_result=True)
def answer_staybot(message_id, callback_id="", data=""):
    """The ЖильеGO bot's answer to a command, a button press (callback_id, data) or typed dates."""
    message = Message.objects.filter(pk=message_id, role="customer", handled=False).first()
    if message is not None:
        dialogue.handle(message, callback_id, data)
