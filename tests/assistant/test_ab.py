"""A/B tests of two personas and of two answer templates: half of the chats (stable per chat) get persona B in
the model's prompt, and (split apart) half get the templates marked variant B; the analytics compares the share
resolved without a person and the CSAT of each arm and says whether each difference is significant."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assistant import analytics, services
from assistant.models import AnswerTemplate, Channel, Conversation, TemplatePurpose
from tests.assistant.conftest import add_provider
from tests.leads.factories import manager

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


# -- two answer templates ------------------------------------------------------------------------------------------


def media_reply(bot, chat):
    message = services.receive(bot, Channel.WEB, chat, "", media=True)
    return services.respond(message), Conversation.objects.get(pk=message.conversation_id)


def test_a_template_marked_b_splits_the_chats_and_each_arm_gets_its_text(rentals_bot):
    AnswerTemplate.objects.create(
        bot=rentals_bot, purpose=TemplatePurpose.MEDIA, title="A", text="Я понимаю только текст (A)."
    )
    AnswerTemplate.objects.create(
        bot=rentals_bot, purpose=TemplatePurpose.MEDIA, title="B", text="Напишите словами, {bot} (B).",
        test_variant=True,
    )  # fmt: skip
    replies = {}
    for n in range(16):
        reply, conversation = media_reply(rentals_bot, f"chat-{n}")
        replies[conversation.template_variant] = reply.text
        expected = "(B)" if conversation.template_variant == "b" else "(A)"
        assert expected in reply.text
    assert set(replies) == {"a", "b"} and rentals_bot.name in replies["b"]
    assert {c.variant for c in Conversation.objects.all()} == {""}  # the persona test is not running
    again = services.receive(rentals_bot, Channel.WEB, "chat-0", "ещё").conversation
    assert again.template_variant == Conversation.objects.filter(external_chat_id="chat-0").first().template_variant


def test_an_arm_b_without_its_own_template_of_a_purpose_gets_the_plain_one(rentals_bot):
    AnswerTemplate.objects.create(bot=rentals_bot, purpose=TemplatePurpose.MEDIA, title="A", text="Простой (A).")
    AnswerTemplate.objects.create(
        bot=rentals_bot, purpose=TemplatePurpose.CSAT, title="B", text="Оцените (B).", test_variant=True
    )
    for n in range(8):
        reply, _conversation = media_reply(rentals_bot, f"chat-{n}")
        assert reply.text == "Простой (A)."


def test_without_a_b_template_there_is_no_template_test(rentals_bot):
    assert services.receive(rentals_bot, Channel.WEB, "x", "Привет").conversation.template_variant == ""


def test_the_template_test_result_resolved_without_a_person_and_csat(client, rentals_bot):
    now = timezone.now()
    for n in range(40):
        Conversation.objects.create(
            bot=rentals_bot, channel="web", external_chat_id=f"a{n}", template_variant="a",
            handoff_reason="asked" if n % 2 else "", csat=2 if n < 20 else None,
        )  # fmt: skip
        Conversation.objects.create(
            bot=rentals_bot, channel="web", external_chat_id=f"b{n}", template_variant="b",
            handoff_reason="asked" if n % 10 == 0 else "", csat=5 if n < 20 else None,
        )  # fmt: skip
    scope = Conversation.objects.all()
    result = analytics.ab_test(scope, now - timedelta(hours=1), now + timedelta(hours=1), field="template_variant")
    assert (result.a.rate, result.b.rate) == (50.0, 90.0)
    assert (result.a.rated, result.a.satisfied, result.b.satisfied_rate) == (20, 0, 100.0)
    assert result.significant and result.csat_significant
    assert analytics.ab_test(scope, now - timedelta(hours=1), now + timedelta(hours=1)) is None  # no persona test

    client.force_login(manager(sites=[rentals_bot.site]))
    page = client.get(reverse("assistant_inbox:analytics")).content.decode()
    assert "A/B-тест шаблонов ответов" in page and "A/B-тест персоны" not in page
    assert "Разница значима" in page
