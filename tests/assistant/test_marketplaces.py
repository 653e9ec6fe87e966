"""Marketplace questions: the Wildberries and Ozon adapters against fakes of their APIs; fetched once per
(shop, external id), drafted by the assistant, published by themselves above the shop's threshold or after a
manager approves; a failed publish is retried with backoff and recorded; each brand sees only its shops."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from assistant import marketplaces, tasks
from assistant.models import MarketplaceQuestion, MarketplaceShop, QuestionKind, QuestionState
from core import crypto
from integrations.marketplaces import QUESTION, REVIEW, MarketplaceError, ozon, wildberries
from tests.assistant.conftest import add_provider
from tests.fakes.marketplaces import fake_ozon, fake_wildberries
from tests.leads.factories import manager

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TOKEN = "wb-token-1"
WB_QUESTIONS = [
    {"id": "wbq1", "text": "Как отменить бронирование?", "createdDate": "2026-03-01T10:00:00Z",
     "productDetails": {"nmId": 111, "productName": "Квартира на Левом берегу"}, "ts": 1772359200},
]  # fmt: skip
WB_FEEDBACKS = [
    {"id": "wbf1", "text": "Всё понравилось", "productValuation": 5, "createdDate": "2026-03-01T11:00:00Z",
     "productDetails": {"nmId": 111, "productName": "Квартира на Левом берегу"}, "ts": 1772362800},
]  # fmt: skip


def wb_api(**kwargs):
    return fake_wildberries(token=TOKEN, questions=WB_QUESTIONS, feedbacks=WB_FEEDBACKS, **kwargs)


def test_the_wildberries_adapter_speaks_its_protocol():
    with wb_api() as api, override_settings(WILDBERRIES_FEEDBACKS_API_URL=api.url):
        items = wildberries.Client(TOKEN).fetch(datetime.fromtimestamp(1772359200, UTC))
        wildberries.Client(TOKEN).publish(QUESTION, "q:wbq1", "Ответ на вопрос")
        wildberries.Client(TOKEN).publish(REVIEW, "r:wbf1", "Спасибо за отзыв")
    assert [(i.external_id, i.kind, i.sku, i.rating) for i in items] == [
        ("q:wbq1", QUESTION, "111", None),
        ("r:wbf1", REVIEW, "111", 5),
    ]
    assert items[0].product == "Квартира на Левом берегу" and items[0].created_at.year == 2026
    first = api.requests[0]
    assert first.headers["Authorization"] == TOKEN
    assert first.query == {
        "isAnswered": "false",
        "take": "100",
        "skip": "0",
        "order": "dateAsc",
        "dateFrom": "1772359200",
    }
    patch, post = api.requests[-2:]
    assert (patch.method, patch.path, patch.json) == (
        "PATCH",
        "/api/v1/questions",
        {"id": "wbq1", "answer": {"text": "Ответ на вопрос"}, "state": "wbRu"},
    )
    assert (post.method, post.path, post.json) == (
        "POST",
        "/api/v1/feedbacks/answer",
        {"id": "wbf1", "text": "Спасибо за отзыв"},
    )
    assert api.answers == {"wbq1": "Ответ на вопрос", "wbf1": "Спасибо за отзыв"}


def test_the_ozon_adapter_pages_and_answers():
    questions = [
        {"id": f"oq{n}", "text": f"Вопрос {n}", "sku": 500 + n, "product_url": "https://ozon.ru/p/1",
         "published_at": "2026-03-01T10:00:00Z", "status": "NEW"}
        for n in range(3)
    ]  # fmt: skip
    reviews = [{"id": "or1", "text": "Плохо", "rating": 2, "sku": 501, "published_at": "2026-03-01T12:00:00Z"}]
    ozon_api = fake_ozon(client_id="42", api_key="oz-key", questions=questions, reviews=reviews)
    with ozon_api as api, override_settings(OZON_SELLER_API_URL=ozon_api.url):
        client = ozon.Client("42", "oz-key")
        items = client.fetch()
        client.publish(QUESTION, "q:oq1", "Да, подходит", sku="501")
        client.publish(REVIEW, "r:or1", "Жаль, разберёмся")
    assert [i.external_id for i in items] == ["q:oq0", "q:oq1", "q:oq2", "r:or1"]  # two pages of questions
    assert items[-1].rating == 2 and items[1].sku == "501"
    assert all(r.headers["Client-Id"] == "42" and r.headers["Api-Key"] == "oz-key" for r in api.requests)
    answer, comment = api.requests[-2].json, api.requests[-1].json
    assert answer == {"question_id": "oq1", "sku": 501, "text": "Да, подходит"}
    assert comment == {"review_id": "or1", "text": "Жаль, разберёмся", "mark_review_as_processed": True}


def test_a_refetch_never_duplicates_and_without_a_model_drafts_at_low_confidence(rentals_bot):
    with wb_api() as api, override_settings(WILDBERRIES_FEEDBACKS_API_URL=api.url):
        shop = MarketplaceShop.objects.create(
            bot=rentals_bot, name="WB", platform="wildberries", api_key=crypto.encrypt(TOKEN)
        )
        marketplaces.sync_shop(shop, now=NOW)
        marketplaces.sync_shop(MarketplaceShop.objects.get(pk=shop.pk), now=NOW + timedelta(minutes=15))
    rows = {q.external_id: q for q in MarketplaceQuestion.objects.filter(shop=shop)}
    assert set(rows) == {"q:wbq1", "r:wbf1"}
    question = rows["q:wbq1"]
    assert question.state == QuestionState.DRAFTED and question.kind == QuestionKind.QUESTION
    assert "личном кабинете" in question.answer  # the FAQ's answer
    assert question.confidence <= 0.5 < float(shop.auto_publish_confidence)
    assert rows["r:wbf1"].rating == 5 and rows["r:wbf1"].answer.startswith("Спасибо за отзыв!")
    assert api.answers == {}  # nothing published without a manager
    assert MarketplaceShop.objects.get(pk=shop.pk).fetched_until == NOW + timedelta(minutes=5)


def test_a_draft_above_the_threshold_is_published_by_itself(rentals_bot, openai_api):
    with openai_api(replies=["Отменить бронь можно в личном кабинете [1]."]) as llm, wb_api() as api:
        add_provider(rentals_bot, llm)
        with override_settings(WILDBERRIES_FEEDBACKS_API_URL=api.url):
            shop = MarketplaceShop.objects.create(
                bot=rentals_bot, name="WB", platform="wildberries", api_key=crypto.encrypt(TOKEN),
                auto_publish_confidence=Decimal("0.50"),
            )  # fmt: skip
            marketplaces.sync_shop(shop, now=NOW)
    question = MarketplaceQuestion.objects.get(shop=shop, external_id="q:wbq1")
    assert question.state == QuestionState.PUBLISHED and question.published_at == NOW
    assert question.approved_by is None and question.confidence >= 0.5
    assert api.answers["wbq1"].startswith("Отменить бронь можно в личном кабинете")


def test_a_manager_approves_an_edited_answer_and_it_is_published(
    client, rentals_bot, django_capture_on_commit_callbacks
):
    with wb_api() as api, override_settings(WILDBERRIES_FEEDBACKS_API_URL=api.url):
        shop = MarketplaceShop.objects.create(
            bot=rentals_bot, name="WB", platform="wildberries", api_key=crypto.encrypt(TOKEN)
        )
        marketplaces.sync_shop(shop, now=NOW)
        review = MarketplaceQuestion.objects.get(shop=shop, external_id="r:wbf1")
        person = manager(sites=[rentals_bot.site])
        client.force_login(person)
        listing = client.get(reverse("wagtailsnippets_assistant_marketplacequestion:list"))
        assert "Всё понравилось" in listing.content.decode()
        url = reverse("assistant_inbox:marketplace_approve", args=[review.pk])
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"answer": "Спасибо, ждём вас снова!"})
        assert response.status_code == 302
    review.refresh_from_db()
    assert (review.state, review.approved_by, review.answer) == (
        QuestionState.PUBLISHED,
        person,
        "Спасибо, ждём вас снова!",
    )
    assert api.answers == {"wbf1": "Спасибо, ждём вас снова!"}
    again = client.post(url, {"answer": "ещё раз"}, follow=True)
    assert "уже одобрен" in again.content.decode()


def test_a_failing_publish_is_retried_with_backoff_and_recorded(rentals_bot):
    with wb_api(fail_times=5) as api, override_settings(WILDBERRIES_FEEDBACKS_API_URL=api.url):
        shop = MarketplaceShop.objects.create(
            bot=rentals_bot, name="WB", platform="wildberries", api_key=crypto.encrypt(TOKEN)
        )
        marketplaces.sync_shop(shop, now=NOW)
        question = MarketplaceQuestion.objects.get(shop=shop, external_id="q:wbq1")
        question = marketplaces.approve(question, None, now=NOW)
        assert marketplaces.publish(question, now=NOW) is False
        question.refresh_from_db()
        assert (question.state, question.attempts) == (QuestionState.APPROVED, 1)
        assert "503" in question.last_error and question.retry_at == NOW + timedelta(seconds=60)
        sent = len(api.requests)
        marketplaces.publish_due(now=NOW + timedelta(seconds=30))  # not due yet
        assert len(api.requests) == sent
        for minutes in (2, 5, 10):
            marketplaces.publish_due(now=NOW + timedelta(minutes=minutes))
    question.refresh_from_db()
    assert (question.state, question.attempts) == (QuestionState.FAILED, marketplaces.PUBLISH_ATTEMPTS)
    assert question.retry_at is None and "503" in question.last_error
    assert api.answers == {}


def test_a_publish_that_fails_once_gets_through_on_the_retry(rentals_bot):
    with wb_api(fail_times=1) as api, override_settings(WILDBERRIES_FEEDBACKS_API_URL=api.url):
        shop = MarketplaceShop.objects.create(
            bot=rentals_bot, name="WB", platform="wildberries", api_key=crypto.encrypt(TOKEN)
        )
        marketplaces.sync_shop(shop, now=NOW)
        question = marketplaces.approve(MarketplaceQuestion.objects.get(external_id="q:wbq1"), None, now=NOW)
        marketplaces.publish(question, now=NOW)
        marketplaces.publish_due(now=NOW + timedelta(minutes=2))
    question.refresh_from_db()
    assert (question.state, question.attempts) == (QuestionState.PUBLISHED, 1)
    assert "wbq1" in api.answers


def test_bad_credentials_give_a_clear_error_and_the_other_shops_go_on(rentals_bot, realty_bot):
    with wb_api() as api, override_settings(WILDBERRIES_FEEDBACKS_API_URL=api.url):
        wrong = MarketplaceShop.objects.create(
            bot=rentals_bot, name="WB", platform="wildberries", api_key=crypto.encrypt("wrong")
        )
        good = MarketplaceShop.objects.create(
            bot=realty_bot, name="WB", platform="wildberries", api_key=crypto.encrypt(TOKEN)
        )
        with pytest.raises(MarketplaceError) as error:
            marketplaces.sync_shop(wrong, now=NOW)
        tasks.sync_marketplaces.delay()
    assert error.value.auth and "ключ API не принят" in str(error.value)
    assert "ключ API не принят (401)" in MarketplaceShop.objects.get(pk=wrong.pk).last_error
    assert not wrong.questions.exists()
    assert good.questions.count() == 2
    assert settings.CELERY_BEAT_SCHEDULE["assistant-sync-marketplaces"]["task"] == tasks.sync_marketplaces.name
    with pytest.raises(MarketplaceError, match="не заданы Client-Id и Api-Key"):
        ozon.Client("", "")


def test_each_brand_sees_and_approves_only_its_own_questions(client, rentals_bot, realty_bot):
    own = MarketplaceShop.objects.create(bot=rentals_bot, name="Свой", platform="ozon", client_id="1", api_key="")
    other = MarketplaceShop.objects.create(bot=realty_bot, name="Чужой", platform="ozon", client_id="2", api_key="")
    mine = MarketplaceQuestion.objects.create(shop=own, external_id="q:1", kind="question", text="Свой вопрос")
    theirs = MarketplaceQuestion.objects.create(shop=other, external_id="q:1", kind="question", text="Чужой вопрос")
    client.force_login(manager(sites=[rentals_bot.site]))
    listing = client.get(reverse("wagtailsnippets_assistant_marketplacequestion:list")).content.decode()
    assert "Свой вопрос" in listing and "Чужой вопрос" not in listing
    edit = reverse("wagtailsnippets_assistant_marketplacequestion:edit", args=[theirs.pk])
    assert client.get(edit).status_code == 404
    approve = reverse("assistant_inbox:marketplace_approve", args=[theirs.pk])
    assert client.post(approve, {"answer": "x"}).status_code == 404
    own_edit = reverse("wagtailsnippets_assistant_marketplacequestion:edit", args=[mine.pk])
    assert client.post(own_edit, {"answer": "Исправленный ответ"}).status_code == 302
    assert MarketplaceQuestion.objects.get(pk=mine.pk).answer == "Исправленный ответ"
    # shops hold keys: the head of sales only, the key never shown back
    assert client.get(reverse("wagtailsnippets_assistant_marketplaceshop:list")).status_code in (302, 403)
    client.force_login(manager(sites=[rentals_bot.site], head=True))
    url = reverse("wagtailsnippets_assistant_marketplaceshop:edit", args=[own.pk])
    data = {"bot": rentals_bot.pk, "name": "Свой", "platform": "ozon", "client_id": "1", "is_enabled": "on",
            "auto_publish_confidence": "0.9", "new_api_key": "OZ-SECRET"}  # fmt: skip
    assert client.post(url, data).status_code == 302
    assert crypto.decrypt(MarketplaceShop.objects.get(pk=own.pk).api_key) == "OZ-SECRET"
    assert "OZ-SECRET" not in client.get(url).content.decode()
    other_url = reverse("wagtailsnippets_assistant_marketplaceshop:edit", args=[other.pk])
    assert client.get(other_url).status_code == 404


def test_the_list_does_not_grow_its_queries_with_rows(client, rentals_bot, django_assert_max_num_queries):
    shop = MarketplaceShop.objects.create(bot=rentals_bot, name="WB", platform="wildberries")
    MarketplaceQuestion.objects.bulk_create(
        MarketplaceQuestion(shop=shop, external_id=f"q:{n}", kind="question", text=f"Вопрос {n}", answer="Ответ",
                            state=QuestionState.DRAFTED)
        for n in range(30)
    )  # fmt: skip
    client.force_login(manager(sites=[rentals_bot.site]))
    url = reverse("wagtailsnippets_assistant_marketplacequestion:list")
    client.get(url)
    with django_assert_max_num_queries(30):
        response = client.get(url)
    assert response.content.decode().count("Одобрить и опубликовать") == 20  # a page of the list


def test_the_beat_publishes_an_approval_whose_task_got_lost(rentals_bot):
    with wb_api() as api, override_settings(WILDBERRIES_FEEDBACKS_API_URL=api.url):
        shop = MarketplaceShop.objects.create(
            bot=rentals_bot, name="WB", platform="wildberries", api_key=crypto.encrypt(TOKEN)
        )
        marketplaces.sync_shop(shop, now=NOW)
        question = marketplaces.approve(MarketplaceQuestion.objects.get(external_id="q:wbq1"), None, now=NOW)
        marketplaces.publish_due(now=NOW + timedelta(minutes=1))  # its own task is still on the way
        assert api.answers == {}
        marketplaces.publish_due(now=NOW + timedelta(minutes=6))
    question.refresh_from_db()
    assert question.state == QuestionState.PUBLISHED and "wbq1" in api.answers
