"""Which updates the ЖильеGO bot takes from the assistant's Telegram webhook."""

from assistant.models import Message
from catalog.models import RentalPropertyPage

AWAITING_TEXT = {"dates"}  # dialogue steps that wait for typed text


def serves(bot) -> bool:
    """A bot of a site that has rental listings speaks the rentals' commands."""
    return RentalPropertyPage.objects.live().descendant_of(bot.site.root_page).exists()


def takes(message: Message) -> bool:
    text = message.text.strip()
    return text.startswith("/") or message.conversation.bot_state.get("step") in AWAITING_TEXT
