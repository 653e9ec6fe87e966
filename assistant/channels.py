"""Sending a bot's or a manager's message back through its channel. The web chat reads from the database;
Telegram and WhatsApp are called with the bot's own (decrypted) token."""

from assistant.models import Channel
from integrations import telegram, whatsapp


class DeliveryError(Exception):
    def __init__(self, message, permanent=False):
        super().__init__(message)
        self.permanent = permanent


def send(message):
    conversation = message.conversation
    bot = conversation.bot
    if conversation.channel == Channel.TELEGRAM:
        token = bot.secret("telegram_token")
        if not token:
            raise DeliveryError("the bot has no Telegram token", permanent=True)
        try:
            telegram.send_message(conversation.external_chat_id, message.text, token=token)
        except telegram.TelegramError as error:
            raise DeliveryError(str(error), permanent=error.permanent) from error
    elif conversation.channel == Channel.WHATSAPP:
        token = bot.secret("whatsapp_token")
        if not token or not bot.whatsapp_phone_number_id:
            raise DeliveryError("the bot has no WhatsApp token or phone number id", permanent=True)
        try:
            whatsapp.send_text(
                phone_number_id=bot.whatsapp_phone_number_id,
                token=token,
                to=conversation.external_chat_id,
                text=message.text,
            )
        except whatsapp.WhatsAppError as error:
            raise DeliveryError(str(error)) from error
