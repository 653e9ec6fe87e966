"""Grounded answers: from the FAQ and the site's listings without a model (the demo), through a model with
tools when a key is set; prices come from the data; nothing found goes to people; cost is accounted."""

from decimal import Decimal

import pytest

from assistant import services
from assistant.models import Channel, LLMProvider, Message, ProviderKind, State
from catalog.models import RentalPropertyPage
from leads.models import Lead
from tests.accounts.factories import UserFactory
from tests.assistant.conftest import add_provider
from tests.bookings.factories import BookingFactory
from tests.leads.factories import LeadFactory

pytestmark = pytest.mark.django_db


def ask(bot, text, chat="chat-1", channel=Channel.WEB, **kwargs):
    message = services.receive(bot, channel, chat, text, **kwargs)
    return services.respond(message)


def rental_of(bot):
    return RentalPropertyPage.objects.live().descendant_of(bot.site.root_page).filter(is_active=True).first()


def test_without_a_model_the_faq_answers_and_cites_its_page(rentals_bot):
    assert not rentals_bot.uses_llm
    reply = ask(rentals_bot, "Как отменить бронирование?")
    assert "личном кабинете" in reply.text
    assert reply.confidence >= float(rentals_bot.min_confidence)
    assert reply.conversation.state == State.OPEN


def test_a_listing_answer_takes_its_price_from_the_data(rentals_bot):
    rental = rental_of(rentals_bot)
    RentalPropertyPage.objects.filter(pk=rental.pk).update(price_per_night=Decimal("12345"))
    reply = ask(rentals_bot, rental.title)
    assert rental.title in reply.text
    assert "12\u00a0345" in reply.text
    assert any(rental.url_path.rstrip("/").rsplit("/", 1)[-1] in source["url"] for source in reply.sources)


def test_nothing_found_says_so_and_hands_over_to_people(rentals_bot):
    reply = ask(rentals_bot, "Квантовая хромодинамика глюонов")
    conversation = reply.conversation
    conversation.refresh_from_db()
    assert "не нашёл" in reply.text
    assert conversation.state == State.PENDING
    assert conversation.handoff_reason == "low_confidence"
    assert conversation.messages.get(role="customer").answered is False


def test_a_model_answers_with_citations_and_its_cost_is_counted(rentals_bot, openai_api):
    with openai_api(replies=["Отменить бронь можно в кабинете [1]."]) as api:
        provider = add_provider(rentals_bot, api, price_input=Decimal("1.0"), price_output=Decimal("2.0"))
        reply = ask(rentals_bot, "Как отменить бронирование?")
    assert reply.text.startswith("Отменить бронь можно в кабинете.")
    assert reply.sources
    assert (reply.prompt_tokens, reply.completion_tokens) == (100, 20)
    assert reply.cost == Decimal("0.14")  # 100/1000 × 1 + 20/1000 × 2
    provider.refresh_from_db()
    assert (provider.prompt_tokens, provider.cost) == (100, Decimal("0.14"))
    prompt = api.requests[0].json["messages"][0]["content"]
    assert "личном кабинете" in prompt  # the FAQ went to the model as a fact


def test_a_price_the_sources_do_not_have_is_thrown_away(rentals_bot, openai_api):
    with openai_api(replies=["Отмена стоит 5000 ₸."]) as api:
        add_provider(rentals_bot, api)
        reply = ask(rentals_bot, "Как отменить бронирование?")
    assert "5000" not in reply.text
    assert "не нашёл" in reply.text


def test_the_model_creates_a_lead_through_the_intake(rentals_bot, openai_api):
    replies = [{"tool": "create_lead", "arguments": {"name": "Ерлан", "phone": "+7 701 555 12 34"}}, "Заявка принята."]
    with openai_api(replies=replies) as api:
        add_provider(rentals_bot, api)
        reply = ask(rentals_bot, "Перезвоните мне")
    lead = Lead.objects.get(phone="+77015551234")
    assert (lead.site_id, lead.name) == (rentals_bot.site_id, "Ерлан")
    reply.conversation.refresh_from_db()
    assert reply.conversation.lead == lead
    assert api.requests[1].json["messages"][-1]["role"] == "tool"


def test_my_bookings_shows_only_the_identified_customers_own(rentals_bot, openai_api):
    booking = BookingFactory(rental=rental_of(rentals_bot))
    replies = [{"tool": "my_bookings", "arguments": {}}, "NO_ANSWER"] * 3
    with openai_api(replies=replies) as api:
        add_provider(rentals_bot, api)
        ask(rentals_bot, "мои брони", chat="stranger")
        ask(rentals_bot, "мои брони", chat="guest", user=booking.guest)
        ask(rentals_bot, "мои брони", chat="other", user=UserFactory())
    tool_answers = [r.json["messages"][-1]["content"] for r in api.requests if r.json["messages"][-1]["role"] == "tool"]
    assert "не вошёл" in tool_answers[0]
    assert booking.rental.title in tool_answers[1]
    assert tool_answers[2] == "Бронирований нет."


def test_with_every_provider_down_the_bot_answers_from_the_faq(rentals_bot, openai_api, yandex_api):
    with openai_api(fail_times=100) as first, yandex_api(fail_times=100) as second:
        add_provider(rentals_bot, first)
        add_provider(rentals_bot, second, kind=ProviderKind.YANDEXGPT, key="test-yandex-key", priority=2,
                     folder_id="b1gtest")  # fmt: skip
        reply = ask(rentals_bot, "Как отменить бронирование?")
    assert "личном кабинете" in reply.text
    assert len(first.requests) >= 1 and len(second.requests) >= 1
    assert LLMProvider.objects.filter(bot=rentals_bot).count() == 2


def test_a_phone_with_a_callback_request_becomes_a_lead_without_a_model(realty_bot):
    reply = ask(realty_bot, "Перезвоните мне пожалуйста +7 701 555 77 88")
    assert Lead.objects.filter(site=realty_bot.site, phone="+77015557788").exists()
    assert "Заявка принята" in reply.text


def test_my_requests_shows_the_identified_customers_own_on_this_site(realty_bot, openai_api):
    customer = UserFactory()
    LeadFactory(site=realty_bot.site, user=customer, phone="+77015550101")
    LeadFactory(site=realty_bot.site, phone="+77015550102")  # someone else's
    replies = [{"tool": "my_requests", "arguments": {}}, "NO_ANSWER"]
    with openai_api(replies=replies) as api:
        add_provider(realty_bot, api)
        ask(realty_bot, "что с моей заявкой", chat="me", user=customer)
    answer = api.requests[1].json["messages"][-1]["content"]
    assert answer.count("№") == 1


def test_a_task_run_twice_answers_once(rentals_bot):
    from assistant import tasks

    message = services.receive(rentals_bot, Channel.TELEGRAM, "9001", "Как отменить бронирование?", external_id="t1")
    second = services.receive(rentals_bot, Channel.TELEGRAM, "9001", "И ещё вопрос", external_id="t2")
    tasks.answer_inbound(message.pk)
    tasks.answer_inbound(message.pk)
    assert message.conversation.messages.filter(role="bot").count() == 1
    tasks.answer_inbound(second.pk)  # the later message is still answered
    assert message.conversation.messages.filter(role="bot").count() == 2


def test_a_reply_without_a_channel_token_is_marked_undelivered(rentals_bot, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ask(rentals_bot, "Как отменить бронирование?", chat="wa", channel=Channel.WHATSAPP, external_id="w1")
    assert Message.objects.get(conversation__channel=Channel.WHATSAPP, role="bot").delivery == "failed"
