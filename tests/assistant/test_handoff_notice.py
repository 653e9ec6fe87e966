"""A conversation handed to people tells the brand's staff through the outbox, like a lead does: the manager it
was assigned to, or the site's heads of sales when nobody takes requests; once per handoff, after the commit."""

import pytest
from django.core import mail
from django.urls import reverse

from assistant import services
from assistant.models import Channel, Conversation
from leads.models import ManagerProfile
from notifications.models import Notification
from tests.leads.factories import manager

pytestmark = pytest.mark.django_db


def ask(bot, text, chat="c1"):
    message = services.receive(bot, Channel.WEB, chat, text)
    services.respond(message)
    return Conversation.objects.get(pk=message.conversation_id)


def test_the_assigned_manager_is_told_with_the_question_and_a_link(
    rentals_bot, django_capture_on_commit_callbacks, settings
):
    settings.WAGTAILADMIN_BASE_URL = "https://admin.example"
    ManagerProfile.objects.filter(sites=rentals_bot.site).update(is_active=False)
    person = manager("sales@example.com", sites=[rentals_bot.site])
    with django_capture_on_commit_callbacks(execute=True):
        conversation = ask(rentals_bot, "Позовите менеджера, у меня вопрос по оплате")
    assert conversation.assignee == person
    notice = Notification.objects.get(kind="assistant.handoff")
    assert notice.recipient == person and notice.channel == "email"
    url = "https://admin.example" + reverse("assistant_inbox:conversation", args=[conversation.pk])
    assert "у меня вопрос по оплате" in notice.body and "клиент попросил менеджера" in notice.body
    assert url in notice.body and notice.link == url
    sent = [message for message in mail.outbox if message.to == ["sales@example.com"]]
    assert len(sent) == 1 and "Клиент ждёт ответа" in sent[0].subject


def test_with_nobody_taking_requests_the_heads_of_sales_hear(rentals_bot):
    ManagerProfile.objects.filter(sites=rentals_bot.site).update(is_active=False)
    head = manager("head@example.com", sites=[rentals_bot.site], head=True, is_active=False)
    rentals_bot.escalation_phrases = "жалоба"
    rentals_bot.save()
    conversation = ask(rentals_bot, "У меня жалоба")
    assert conversation.assignee is None
    assert list(Notification.objects.filter(kind="assistant.handoff").values_list("recipient", flat=True)) == [head.pk]
    assert "сработало правило передачи" in Notification.objects.get(kind="assistant.handoff").body


def test_once_per_handoff_and_not_for_other_brands_staff(rentals_bot, realty_bot):
    ManagerProfile.objects.filter(sites__in=[rentals_bot.site, realty_bot.site]).update(is_active=False)
    own = manager(sites=[rentals_bot.site])
    other = manager(sites=[realty_bot.site])
    conversation = ask(rentals_bot, "Позовите менеджера")
    ask(rentals_bot, "Ну где же менеджер?")  # still waiting: no second notice
    assert Notification.objects.filter(kind="assistant.handoff").count() == 1
    services.set_state(conversation, "open")  # back to the bot, then handed over again
    ask(rentals_bot, "Всё-таки нужен менеджер")
    recipients = list(Notification.objects.filter(kind="assistant.handoff").values_list("recipient", flat=True))
    assert recipients == [own.pk, own.pk] and other.pk not in recipients
