"""Marketplace questions and reviews (and, from the Avito messenger and Bitrix24's open lines, a customer's turn
in a chat): the only writer of MarketplaceQuestion. The beat task calls `sync_shop()`
for each enabled shop (fetch, store once, draft) and `publish_due()`; the admin calls `approve()`.

States: new → drafted (waits for a manager) → approved → published, or failed after the last attempt. A draft
at or above the shop's threshold is approved by the bot itself. A failed publish is tried again after
BACKOFF_SECONDS, twice that, four times… up to PUBLISH_ATTEMPTS; refused credentials fail at once."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from assistant import engine
from assistant.models import MarketplaceQuestion, MarketplaceShop, QuestionKind, QuestionState
from integrations.marketplaces import MarketplaceError, client_for

PUBLISH_ATTEMPTS = 4
BACKOFF_SECONDS = 60
LOST_TASK_AFTER = timedelta(minutes=5)
FETCH_OVERLAP = timedelta(minutes=10)  # a question dated a little before the last fetch is not missed
APPROVABLE = {QuestionState.NEW, QuestionState.DRAFTED, QuestionState.FAILED}


def sync_shop(shop, now=None):
    """Fetch the shop's new questions and reviews, store each once and draft an answer; returns the new rows.
    A refused key or an unreachable API is written to the shop's `last_error` and raised."""
    now = now or timezone.now()
    try:
        items = client_for(shop.platform, shop.credentials()).fetch(shop.fetched_until)
    except MarketplaceError as error:
        MarketplaceShop.objects.filter(pk=shop.pk).update(last_error=str(error))
        raise
    rows = [
        MarketplaceQuestion(
            shop=shop, external_id=item.external_id, kind=item.kind, text=item.text, product=item.product[:255],
            sku=item.sku[:40], rating=item.rating, asked_at=item.created_at, created_at=now,
        )
        for item in items
    ]  # fmt: skip
    with transaction.atomic():
        # the (shop, external id) constraint keeps a question fetched twice a single row
        MarketplaceQuestion.objects.bulk_create(rows, ignore_conflicts=True)
        MarketplaceShop.objects.filter(pk=shop.pk).update(fetched_until=now - FETCH_OVERLAP, last_error="")
    new = list(MarketplaceQuestion.objects.filter(shop=shop, state=QuestionState.NEW).select_related("shop__bot"))
    for question in new:
        draft(question, now)
    return new


def prompt_of(question):
    if question.kind == QuestionKind.REVIEW:
        stars = f" ({question.rating}/5)" if question.rating else ""
        return f"{question.text or _('Отзыв без текста')}{stars}"
    return question.text


def draft(question, now=None):
    reply = engine.draft(question.shop.bot, prompt_of(question))
    question.answer = reply.text if reply.answered else courtesy(question)
    question.confidence = reply.confidence
    question.state = QuestionState.DRAFTED
    sure = reply.answered and question.answer and reply.confidence >= float(question.shop.auto_publish_confidence)
    if sure:
        question.state, question.approved_at = QuestionState.APPROVED, now or timezone.now()
    question.save(update_fields=["answer", "confidence", "state", "approved_at"])
    if sure:
        publish(question, now)


def courtesy(question):
    """A review the knowledge does not cover gets a polite draft (never published by itself: it is not answered)."""
    if question.kind != QuestionKind.REVIEW:
        return ""
    if question.rating and question.rating >= 4:
        return _("Спасибо за отзыв! Рады, что вам понравилось, ждём вас снова.")
    return _("Спасибо за отзыв. Жаль, что не всё прошло хорошо: мы разберёмся и свяжемся с вами.")


def approve(question, user, text=None, now=None):
    """A manager approves the draft (edited or not); the caller publishes it after the commit."""
    with transaction.atomic():
        question = MarketplaceQuestion.objects.select_for_update().get(pk=question.pk)
        if question.state not in APPROVABLE:
            raise ValidationError(_("Этот ответ уже одобрен или опубликован."))
        answer = (question.answer if text is None else text).strip()
        if not answer:
            raise ValidationError(_("Напишите ответ перед публикацией."))
        question.answer, question.state = answer, QuestionState.APPROVED
        question.approved_by, question.approved_at = user, now or timezone.now()
        question.attempts, question.retry_at, question.last_error = 0, None, ""
        question.save()
    return question


def publish(question, now=None):
    """One attempt to publish an approved answer; a failure is recorded and scheduled again (or final)."""
    now = now or timezone.now()
    shop = question.shop
    try:
        client_for(shop.platform, shop.credentials()).publish(
            question.kind, question.external_id, question.answer, question.sku
        )
    except MarketplaceError as error:
        question.attempts += 1
        question.last_error = str(error)
        if error.permanent or question.attempts >= PUBLISH_ATTEMPTS:
            question.state, question.retry_at = QuestionState.FAILED, None
        else:
            question.retry_at = now + timedelta(seconds=BACKOFF_SECONDS * 2 ** (question.attempts - 1))
        question.save(update_fields=["attempts", "last_error", "state", "retry_at"])
        return False
    question.state, question.published_at, question.retry_at = QuestionState.PUBLISHED, now, None
    question.save(update_fields=["state", "published_at", "retry_at"])
    return True


def publish_due(now=None):
    now = now or timezone.now()
    # a fresh approval is published by its own task; the beat picks it up only if that task got lost
    fresh = Q(retry_at=None, approved_at__gt=now - LOST_TASK_AFTER)
    due = MarketplaceQuestion.objects.filter(state=QuestionState.APPROVED, shop__is_enabled=True).exclude(
        Q(retry_at__gt=now) | fresh
    )
    for question in due.select_related("shop"):
        publish(question, now)
