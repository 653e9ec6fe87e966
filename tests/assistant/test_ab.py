"""A/B test of two personas: half of the chats (stable per chat) get persona B in the model's prompt; the
analytics compares the share resolved without a person and says whether the difference is significant."""

from datetime import timedelta

import pytest
from django.utils import timezone

from assistant import analytics, services
from assistant.models import Channel, Conversation
from tests.assistant.conftest import add_provider

pytestmark = pytest.mark.django_db


def test_without_persona_b_there_is_no_test(rentals_bot):
    message = services.receive(rentals_bot, Channel.WEB, "x", "Привет")
    assert message.conversation.variant == ""


def test_chats_split_stably_and_b_gets_its_persona(rentals_bot, openai_api):
    rentals_bot.persona = "Персона А."
    rentals_bot.persona_b = "Персона Б."
    rentals_bot.save()
    variants = {
        services.receive(rentals_bot, Channel.WEB, f"chat-{n}", "Привет").conversation.variant for n in range(20)
    }
    assert variants == {"a", "b"}
    again = services.receive(rentals_bot, Channel.WEB, "chat-0", "Ещё вопрос").conversation
    assert again.variant == Conversation.objects.filter(external_chat_id="chat-0").first().variant
    b_chat = Conversation.objects.filter(bot=rentals_bot, variant="b").first()
    with openai_api(replies=["Ответ [1]."]) as api:
        add_provider(rentals_bot, api)
        services.respond(services.receive(rentals_bot, Channel.WEB, b_chat.external_chat_id, "Как отменить бронь?"))
    assert "Персона Б." in api.requests[0].json["messages"][0]["content"]


def test_the_result_and_its_significance():
    assert analytics.two_proportion_p_value(80, 100, 50, 100) < 0.001
    assert analytics.two_proportion_p_value(51, 100, 50, 100) > 0.5
    assert analytics.two_proportion_p_value(0, 0, 1, 1) is None


def test_ab_figures_come_from_the_conversations(rentals_bot):
    now = timezone.now()
    for n in range(4):
        Conversation.objects.create(bot=rentals_bot, channel="web", external_chat_id=f"a{n}", variant="a")
        Conversation.objects.create(
            bot=rentals_bot, channel="web", external_chat_id=f"b{n}", variant="b", handoff_reason="asked" if n else ""
        )
    result = analytics.ab_test(Conversation.objects.all(), now - timedelta(hours=1), now + timedelta(hours=1))
    assert (result.a.conversations, result.a.rate, result.b.rate) == (4, 100.0, 25.0)
    assert result.p_value is not None
