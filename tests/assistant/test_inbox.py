"""Handoff and the staff inbox: «позвать менеджера» and the bot's rules hand a conversation to the brand's staff,
who see only their brand's conversations, answer through the same channel, resolve (CSAT is asked) and turn a
conversation into a lead. Bot settings: per brand, secrets encrypted and never shown back."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from assistant import analytics, services
from assistant.models import Bot, Channel, Conversation, State
from assistant.permissions import conversations_visible_to
from leads.models import Lead
from tests.accounts.factories import staff
from tests.fakes.telegram import sent_messages
from tests.leads.factories import manager

pytestmark = pytest.mark.django_db


def start(bot, text, chat="c1", channel=Channel.WEB):
    message = services.receive(bot, channel, chat, text)
    return services.respond(message), Conversation.objects.get(pk=message.conversation_id)


def test_asking_for_a_manager_hands_over_and_the_bot_goes_quiet(rentals_bot):
    reply, conversation = start(rentals_bot, "Позовите менеджера, пожалуйста")
    assert conversation.state == State.PENDING and conversation.handoff_reason == "asked"
    assert "менеджер" in reply.text
    second = services.receive(rentals_bot, Channel.WEB, "c1", "Как отменить бронирование?")
    assert services.respond(second) is None


def test_a_bots_own_rule_hands_over(rentals_bot):
    rentals_bot.escalation_phrases = "жалоба\nсуд"
    rentals_bot.save()
    _reply, conversation = start(rentals_bot, "У меня жалоба на хозяина")
    assert (conversation.state, conversation.handoff_reason) == (State.PENDING, "rule")


def test_staff_see_only_their_brands_conversations(client, rentals_bot, realty_bot):
    _r, own = start(rentals_bot, "позовите менеджера", chat="own")
    _r, other = start(realty_bot, "позовите менеджера", chat="other")
    client.force_login(manager(sites=[rentals_bot.site]))
    listing = client.get(reverse("assistant_inbox:list")).content.decode()
    assert reverse("assistant_inbox:conversation", args=[own.pk]) in listing
    assert reverse("assistant_inbox:conversation", args=[other.pk]) not in listing
    assert client.get(reverse("assistant_inbox:conversation", args=[other.pk])).status_code == 404


def test_people_without_a_brand_have_no_inbox(client, rentals_bot):
    client.force_login(staff(roles.EDITOR))
    for name in ("assistant_inbox:list", "assistant_inbox:analytics"):
        response = client.get(reverse(name))  # Wagtail turns PermissionDenied into a redirect to the dashboard
        assert (response.status_code, response.url) == (302, "/admin/")


def queries_of(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_inbox_lists_without_a_query_per_row(client, rentals_bot):
    staff_user = manager(sites=[rentals_bot.site])
    start(rentals_bot, "позовите менеджера", chat="first")
    client.force_login(staff_user)
    url = reverse("assistant_inbox:list")
    queries_of(client, url)  # warm the per-process caches (menus, content types)
    one = queries_of(client, url)
    for n in range(6):
        _reply, conversation = start(rentals_bot, "позовите менеджера", chat=f"c{n}")
        services.assign(conversation, staff_user)
    assert queries_of(client, url) == one


def test_a_managers_answer_goes_back_through_telegram_then_resolve_asks_for_a_rating(
    client, rentals_bot, telegram_api, django_capture_on_commit_callbacks
):
    rentals_bot.set_secret("telegram_token", "assistant-bot-token")
    rentals_bot.save()
    _reply, conversation = start(rentals_bot, "позовите менеджера", chat="5001", channel=Channel.TELEGRAM)
    staff = manager(sites=[rentals_bot.site])
    client.force_login(staff)
    url = reverse("assistant_inbox:conversation", args=[conversation.pk])
    page = client.get(url).content.decode()
    assert "позовите менеджера" in page and "Уточнить телефон" in page  # history and templates at hand
    with telegram_api(token="assistant-bot-token") as api, django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "reply", "text": "Здравствуйте, я помогу."})
        client.post(url, {"action": "resolved"})
    texts = [text for _chat, text in sent_messages(api)]
    assert "Здравствуйте, я помогу." in texts
    assert any("от 1 до 5" in text for text in texts)
    conversation.refresh_from_db()
    assert (conversation.state, conversation.assignee, conversation.staff_replied) == (State.RESOLVED, staff, True)
    rating = services.receive(rentals_bot, Channel.TELEGRAM, "5001", "5", external_id="r1")
    services.respond(rating)
    conversation.refresh_from_db()
    assert conversation.csat == 5


def test_a_conversation_becomes_a_lead_through_the_intake(client, rentals_bot):
    _reply, conversation = start(rentals_bot, "позовите менеджера")
    client.force_login(manager(sites=[rentals_bot.site]))
    url = reverse("assistant_inbox:conversation", args=[conversation.pk])
    client.post(url, {"action": "lead", "name": "Асель", "phone": "8 701 555 44 33"})
    lead = Lead.objects.get(phone="+77015554433")
    conversation.refresh_from_db()
    assert conversation.lead == lead and lead.site_id == rentals_bot.site_id


def test_a_resolved_conversation_cannot_be_reopened(rentals_bot):
    _reply, conversation = start(rentals_bot, "позовите менеджера")
    services.set_state(conversation, State.RESOLVED)
    with pytest.raises(services.TransitionError):
        services.set_state(conversation, State.OPEN)


def test_secrets_are_stored_encrypted_and_never_shown_back(client, rentals_bot):
    head = manager(sites=[rentals_bot.site], head=True)
    client.force_login(head)
    url = reverse("wagtailsnippets_assistant_bot:edit", args=[rentals_bot.pk])
    form = client.get(url)
    assert form.status_code == 200
    data = {
        "site": rentals_bot.site_id,
        "name": rentals_bot.name,
        "is_active": "on",
        "greeting": "",
        "persona": "",
        "tone": "friendly",
        "languages": "ru",
        "work_starts": "09:00",
        "work_ends": "19:00",
        "escalation_phrases": "",
        "min_confidence": "0.35",
        "use_pages": "on",
        "use_faq": "on",
        "use_listings": "on",
        "new_telegram_token": "123:SECRET-TOKEN",
        "whatsapp_phone_number_id": "",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    bot = Bot.objects.get(pk=rentals_bot.pk)
    assert bot.telegram_token and "SECRET-TOKEN" not in bot.telegram_token
    assert bot.secret("telegram_token") == "123:SECRET-TOKEN"
    assert "SECRET-TOKEN" not in client.get(url).content.decode()
    client.post(url, {**data, "new_telegram_token": ""})  # empty keeps it
    assert Bot.objects.get(pk=rentals_bot.pk).secret("telegram_token") == "123:SECRET-TOKEN"


def test_bot_settings_are_scoped_per_brand(client, rentals_bot, realty_bot):
    client.force_login(manager(sites=[rentals_bot.site]))
    listing = client.get(reverse("wagtailsnippets_assistant_bot:list")).content.decode()
    assert rentals_bot.name in listing and realty_bot.name not in listing
    # a manager reads, only the head of sales changes
    edit = client.get(reverse("wagtailsnippets_assistant_bot:edit", args=[rentals_bot.pk]))
    assert edit.status_code in (302, 403)
    client.force_login(manager(sites=[rentals_bot.site], head=True))
    assert client.get(reverse("wagtailsnippets_assistant_bot:edit", args=[realty_bot.pk])).status_code == 404


def test_the_analytics_page_counts_and_says_when_a_bot_has_no_model(client, rentals_bot):
    start(rentals_bot, "Как отменить бронирование?", chat="a")
    start(rentals_bot, "позовите менеджера", chat="b")
    start(rentals_bot, "Квантовая хромодинамика", chat="c")
    client.force_login(manager(sites=[rentals_bot.site]))
    page = client.get(reverse("assistant_inbox:analytics")).content.decode()
    assert "без языковой модели" in page
    assert "хромодинамика" in page  # an unanswered question, a FAQ candidate
    now = timezone.now()
    figures = analytics.figures(Conversation.objects.all(), now - timedelta(days=1), now + timedelta(days=1))
    assert (figures.conversations, figures.handed_off, figures.without_person) == (3, 2, 1)
    assert figures.first_answer_seconds is not None
    assert conversations_visible_to(AnonymousUser()).count() == 0


@pytest.mark.parametrize(("hour", "expected"), [(12, "Передаю разговор менеджеру"), (23, "ответим с 09:00")])
def test_the_handoff_message_follows_the_working_hours(rentals_bot, settings, hour, expected):
    moment = datetime(2026, 12, 7, hour, 0, tzinfo=ZoneInfo(settings.TIME_ZONE))
    message = services.receive(rentals_bot, Channel.WEB, "hours", "позовите менеджера", now=moment)
    reply = services.respond(message, now=moment)
    assert expected in reply.text


def test_a_handoff_goes_to_the_brands_manager_with_the_fewest_waiting(rentals_bot, realty_bot):
    first, second = manager(sites=[rentals_bot.site]), manager(sites=[rentals_bot.site])
    manager(sites=[realty_bot.site])  # another brand's
    assignees = [start(rentals_bot, "позовите менеджера", chat=f"h{n}")[1].assignee for n in range(4)]
    assert sorted(user.pk for user in assignees) == sorted([first.pk, second.pk] * 2)
