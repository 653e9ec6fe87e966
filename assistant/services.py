"""Conversations: the only writer of their state and messages. Channels (web, Telegram, WhatsApp) call
`receive()` with what came in and `respond()` to answer it; the inbox calls `staff_reply()`, `assign()`,
`set_state()` and `create_lead()`.

A message the channel delivers twice (a redelivered webhook) is stored once: the (channel, external id)
constraint decides, and the second delivery gets no answer."""

import hashlib
import re
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from assistant import engine
from assistant.models import TRANSITIONS, AnswerTemplate, Conversation, Delivery, Message, Role, State, TemplatePurpose
from assistant.notify import notify_handoff
from assistant.texts import THANKS_FOR_RATING, template_text
from core.phones import to_e164
from leads.models import ManagerProfile

HANDOFF_PHRASES = ("менеджер", "оператор", "живой человек", "позовите человека", "manager", "human", "operator")
PHONE = re.compile(r"(?:\+?\d[\d\s\-()]{9,16}\d)")
CALLBACK_WORDS = ("перезвон", "позвон", "звонок", "свяжитесь", "call me", "callback")


class TransitionError(ValidationError):
    pass


def current_conversation(bot, channel, chat_id):
    return (
        Conversation.objects.filter(bot=bot, channel=channel, external_chat_id=chat_id)
        .exclude(state=State.RESOLVED)
        .order_by("-started_at", "-pk")
        .first()
    )


def last_unrated(bot, channel, chat_id):
    return (
        Conversation.objects.filter(
            bot=bot, channel=channel, external_chat_id=chat_id, state=State.RESOLVED, csat_asked=True, csat=None
        )
        .order_by("-resolved_at", "-pk")
        .first()
    )


def receive(bot, channel, chat_id, text, *, external_id="", name="", language="", user=None, media=False, now=None):
    """Store the customer's message in their open conversation (or a new one). None: seen before."""
    now = now or timezone.now()
    chat_id = str(chat_id)
    with transaction.atomic():
        conversation = current_conversation(bot, channel, chat_id)
        rating = text.strip()
        if conversation is None and rating in {"1", "2", "3", "4", "5"}:
            rated = last_unrated(bot, channel, chat_id)
            if rated is not None:
                conversation = rated
        if conversation is None:
            conversation = Conversation.objects.create(
                bot=bot,
                channel=channel,
                external_chat_id=chat_id,
                customer_name=name[:150],
                language=pick_language(bot, language),
                variant=ab_variant(bot, chat_id),
                template_variant=template_ab_variant(bot, chat_id),
                user=user,
                started_at=now,
                updated_at=now,
            )
        fields = {
            "conversation": conversation,
            "channel": channel,
            "external_id": external_id,
            "role": Role.CUSTOMER,
            "text": text or "[вложение]",
            "created_at": now,
            "is_media": media,
            "answered": not media,
        }
        if external_id:  # a channel's message id: a redelivery hits the unique constraint
            try:
                with transaction.atomic():
                    message = Message.objects.create(**fields)
            except IntegrityError:
                return None
        else:
            message = Message.objects.create(**fields)
        updates = {"updated_at": now}
        if user is not None and conversation.user_id is None:
            updates["user"] = user
        if name and not conversation.customer_name:
            updates["customer_name"] = name[:150]
        Conversation.objects.filter(pk=conversation.pk).update(**updates)
        for name, value in updates.items():
            setattr(conversation, name, value)
        conversation.bot = bot  # already loaded, with its site
        return message


def ab_variant(bot, chat_id):
    """With a persona B, half of the chats (stable per chat) get it."""
    if not bot.persona_b:
        return ""
    return "ab"[int(hashlib.sha256(f"{bot.pk}:{chat_id}".encode()).hexdigest(), 16) % 2]


def template_ab_variant(bot, chat_id):
    """While one of the bot's templates is marked variant B, half of the chats (stable per chat, split apart from
    the persona test's halves) get the B templates."""
    if not AnswerTemplate.objects.filter(bot=bot, test_variant=True).exists():  # once per new conversation
        return ""
    return "ab"[int(hashlib.sha256(f"{bot.pk}:{chat_id}:templates".encode()).hexdigest(), 16) % 2]


def pick_language(bot, language):
    language = (language or "")[:2].lower()
    return language if language in bot.language_codes else bot.language_codes[0]


def bot_says(conversation, text, *, now=None, reply=None, role=Role.BOT, author=None):
    now = now or timezone.now()
    message = Message.objects.create(
        conversation=conversation,
        channel=conversation.channel,
        role=role,
        author=author,
        text=text,
        created_at=now,
        sources=reply.sources if reply else [],
        confidence=reply.confidence if reply else None,
        provider=reply.provider if reply else "",
        prompt_tokens=reply.prompt_tokens if reply else 0,
        completion_tokens=reply.completion_tokens if reply else 0,
        cost=reply.cost if reply else 0,
        delivery="" if conversation.channel == "web" else Delivery.PENDING,
    )
    updates = {"updated_at": now}
    if conversation.first_answer_at is None:
        updates["first_answer_at"] = conversation.first_answer_at = now
    Conversation.objects.filter(pk=conversation.pk).update(**updates)
    schedule_delivery(message)
    return message


def respond(message, *, request=None, now=None):
    """The bot's answer to a stored customer message, or None when people answer (a pending conversation)."""
    now = now or timezone.now()
    if not Message.objects.filter(pk=message.pk, handled=False).update(handled=True):
        return None  # another run took it up
    conversation = message.conversation
    if conversation.bot_id and "bot" not in conversation._state.fields_cache:
        conversation = Conversation.objects.select_related("bot__site").get(pk=message.conversation_id)
    bot = conversation.bot
    text = message.text.strip()
    lowered = text.lower()
    with transaction.atomic():
        if conversation.state == State.RESOLVED:
            if text in {"1", "2", "3", "4", "5"} and conversation.csat is None:
                Conversation.objects.filter(pk=conversation.pk).update(csat=int(text))
                return bot_says(conversation, str(THANKS_FOR_RATING), now=now)
            return None
        if message.is_media:
            return bot_says(conversation, template_text(bot, TemplatePurpose.MEDIA, conversation), now=now)
        if conversation.state == State.PENDING or not bot.is_active:
            return None  # a person answers now
        if any(phrase in lowered for phrase in (*HANDOFF_PHRASES, *bot.escalation_list)):
            reason = "asked" if any(phrase in lowered for phrase in HANDOFF_PHRASES) else "rule"
            return handoff(conversation, reason, now=now, question=text)
        phone = PHONE.search(text)
        if phone and any(word in lowered for word in CALLBACK_WORDS):
            lead = lead_from_chat(conversation, phone.group(0), text)
            if lead is not None:
                reply = template_text(bot, TemplatePurpose.LEAD_CREATED, conversation, name=lead.name)
                return bot_says(conversation, reply, now=now)
    reply = engine.answer(conversation, text, request)  # outside the transaction: it may wait for a model
    with transaction.atomic():
        Conversation.objects.filter(pk=conversation.pk).update(last_topic=text[:255])
        if not reply.answered:
            Message.objects.filter(pk=message.pk).update(answered=False)
        if reply.handoff:
            return handoff(conversation, reply.handoff, now=now, text=reply.text, reply=reply, question=text)
        return bot_says(conversation, reply.text, now=now, reply=reply)


def in_working_hours(bot, now):
    local = now.astimezone(ZoneInfo(settings.TIME_ZONE)).time()
    return bot.work_starts <= local < bot.work_ends


def handoff(conversation, reason, *, now=None, text="", reply=None, question=""):
    """Hand the conversation to the brand's staff inbox, tell the customer, and tell the staff (the assignee, or
    the heads of sales when nobody takes requests) through the outbox."""
    now = now or timezone.now()
    waiting_already = conversation.state == State.PENDING
    set_state(conversation, State.PENDING, note=f"handoff:{reason}", now=now)
    updates = {"handoff_reason": reason}
    if conversation.assignee_id is None:
        updates["assignee_id"] = conversation.assignee_id = pick_assignee(conversation.bot)
    Conversation.objects.filter(pk=conversation.pk).update(**updates)
    if not waiting_already:
        notify_handoff(conversation, reason, question)
    if not text:
        purpose = TemplatePurpose.HANDOFF if in_working_hours(conversation.bot, now) else TemplatePurpose.AFTER_HOURS
        text = template_text(conversation.bot, purpose, conversation)
    return bot_says(conversation, text, now=now, reply=reply)


def pick_assignee(bot):
    """The site's manager taking requests with the fewest conversations waiting for them (None: nobody)."""
    staff = list(
        ManagerProfile.objects.filter(sites=bot.site_id, is_active=True, user__is_active=True)
        .order_by("user_id")
        .values_list("user_id", flat=True)
    )
    if not staff:
        return None
    waiting = dict(
        Conversation.objects.filter(assignee_id__in=staff, state=State.PENDING)
        .values_list("assignee_id")
        .annotate(n=Count("pk"))
    )
    return min(staff, key=lambda user_id: (waiting.get(user_id, 0), user_id))


def set_state(conversation, state, *, by=None, note="", now=None):
    """Move the conversation along TRANSITIONS and write the move into its history."""
    now = now or timezone.now()
    with transaction.atomic():
        current = Conversation.objects.select_for_update().get(pk=conversation.pk)
        if state == current.state:
            return current
        if state not in TRANSITIONS[current.state]:
            raise TransitionError(f"{current.state} → {state}")
        updates = {"state": state, "updated_at": now}
        if state == State.RESOLVED:
            updates["resolved_at"] = now
        Conversation.objects.filter(pk=current.pk).update(**updates)
        Message.objects.create(
            conversation=current,
            channel=current.channel,
            role=Role.SYSTEM,
            author=by,
            text=f"{current.state} → {state}" + (f" ({note})" if note else ""),
            created_at=now,
        )
        conversation.state = state
        if state == State.RESOLVED:
            conversation.csat_asked = True
            Conversation.objects.filter(pk=current.pk).update(csat_asked=True)
            bot_says(conversation, template_text(conversation.bot, TemplatePurpose.CSAT, conversation), now=now)
    return conversation


def assign(conversation, user, *, by=None):
    with transaction.atomic():
        Conversation.objects.filter(pk=conversation.pk).update(assignee=user, updated_at=timezone.now())
        Message.objects.create(
            conversation=conversation,
            channel=conversation.channel,
            role=Role.SYSTEM,
            author=by,
            text=f"assigned: {user}",
        )
        conversation.assignee = user


def staff_reply(conversation, user, text, *, now=None):
    """A manager's answer, sent back through the conversation's channel (after the commit)."""
    now = now or timezone.now()
    with transaction.atomic():
        message = bot_says(conversation, text, now=now, role=Role.STAFF, author=user)
        updates = {"staff_replied": True}
        if conversation.assignee_id is None:
            updates["assignee"] = user
        Conversation.objects.filter(pk=conversation.pk).update(**updates)
    return message


def schedule_delivery(message):
    if message.delivery == Delivery.PENDING:
        from assistant import tasks

        transaction.on_commit(lambda: tasks.deliver_message.delay(message.pk))


def lead_from_chat(conversation, phone, text, name=""):
    from assistant import tools

    try:
        to_e164(phone)
    except ValidationError:
        return None
    return tools.create_lead(conversation, name=name, phone=phone, message=text).lead
