"""The ЖильеGO Telegram bot end to end through the assistant's webhook and a fake Bot API: linking the chat,
the search dialogue with inline buttons, listing cards with a photo, holding through create_hold, paying in the
sandbox and the confirmation in Telegram; the guest's and the realtor's lists."""

import json
from datetime import date, timedelta

import pytest
import wagtail_factories
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from accounts.models import Favorite
from accounts.roles import REALTOR
from assistant.models import Bot, Conversation
from assistant.staybot.dialogue import parse_dates
from bookings.models import Booking, BookingStatus
from catalog.models import HousingClass, PropertyType, RentalPhoto
from notifications.models import TelegramLink
from notifications.telegram_link import start_payload
from tests.bookings.conftest import let_add_pages_under
from tests.bookings.factories import AgencyFactory, BookingFactory, RentalFactory, UserFactory, far_ahead
from tests.bookings.payments.conftest import pay_in_sandbox
from tests.fakes.telegram import sent_messages

pytestmark = pytest.mark.django_db

CHAT = 7001
TOKEN = "test-bot-token"  # the outbox's bot and the ЖильеGO bot are one bot here, as in production


@pytest.fixture
def rental():
    page = RentalFactory(title="Студия у Байтерека", main_image=wagtail_factories.ImageFactory())
    return page


@pytest.fixture
def staybot(rental):
    bot = Bot.objects.create(site=rental.get_site(), name="ЖильеGO")
    bot.set_secret("telegram_token", TOKEN)
    bot.save()
    return bot


@pytest.fixture
def guest():
    return UserFactory(email="guest@example.com", first_name="Айгерим", phone="+77011234567")


class Telegram:
    """Sends updates to the bot's webhook as Telegram does, running what they schedule."""

    def __init__(self, client, bot, capture):
        self.client, self.bot, self.capture, self.update_id = client, bot, capture, 0

    def post(self, update):
        self.update_id += 1
        with self.capture(execute=True):
            response = self.client.post(
                reverse("assistant:telegram_webhook", args=[self.bot.webhook_key]),
                json.dumps({"update_id": self.update_id, **update}),
                content_type="application/json",
                HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN=self.bot.telegram_secret,
            )
        assert response.status_code == 200

    def write(self, text, language="ru"):
        chat, sender = {"id": CHAT, "type": "private"}, {"id": CHAT, "language_code": language}
        self.post({"message": {"message_id": self.update_id, "chat": chat, "from": sender, "text": text}})

    def press(self, data):
        message = {"message_id": 1, "chat": {"id": CHAT, "type": "private"}}
        self.post(
            {"callback_query": {"id": f"q{self.update_id}", "from": {"id": CHAT}, "message": message, "data": data}}
        )


@pytest.fixture
def tg(client, staybot, django_capture_on_commit_callbacks):
    return Telegram(client, staybot, django_capture_on_commit_callbacks)


def last_text(api):
    return sent_messages(api)[-1][1]


def buttons(api, method="sendMessage"):
    request = [r for r in api.requests if r.path.endswith(f"/{method}")][-1]
    markup = request.data.get("reply_markup")
    markup = json.loads(markup) if isinstance(markup, str) else markup
    return [button for row in markup["inline_keyboard"] for button in row]


def test_start_and_help_list_the_commands(tg, telegram_api):
    with telegram_api(token=TOKEN) as api:
        tg.write("/start")
        tg.write("/help")
    for _chat, text in sent_messages(api):
        assert "/search" in text and "/mybookings" in text and "/favorites" in text
        assert "/stats" not in text


def test_start_with_the_link_token_links_the_chat(tg, telegram_api, guest):
    with telegram_api(token=TOKEN) as api:
        tg.write(f"/start {start_payload(guest)}")
    assert TelegramLink.objects.get(chat_id=CHAT).user == guest
    assert "привязан" in sent_messages(api)[0][1]
    assert Conversation.objects.get(external_chat_id=str(CHAT)).user == guest


def test_a_linked_guest_searches_holds_pays_and_gets_the_confirmation(tg, telegram_api, guest, rental):
    check_in, check_out = far_ahead(0), far_ahead(3)
    with telegram_api(token=TOKEN) as api:
        tg.write(f"/start {start_payload(guest)}")
        tg.write("/search")
        city = buttons(api)[0]
        assert city["text"] == rental.city.name
        tg.press(city["callback_data"])
        assert "12.01–15.01" in last_text(api)
        tg.write(f"{check_in:%d.%m.%Y}–{check_out:%d.%m.%Y}")
        assert [b["text"] for b in buttons(api)][:2] == ["1", "2"]
        tg.press("g:2")

        photo = [r for r in api.requests if r.path.endswith("/sendPhoto")][-1]
        caption = photo.data["caption"]
        assert "Студия у Байтерека" in caption and "20\u00a0000 ₸ за ночь" in caption and "60\u00a0000" in caption
        assert "Свободно" in caption and rental.full_url in caption
        assert photo.parts["photo"][1]  # the listing's first photo, uploaded
        book = buttons(api, "sendPhoto")[0]
        assert book["text"] == "Забронировать"
        assert all(call["callback_query_id"] for call in api.callbacks) and len(api.callbacks) == 2

        tg.press(book["callback_data"])
        booking = Booking.objects.get(guest=guest)
        assert (booking.status, booking.check_in, booking.check_out) == (BookingStatus.HOLD, check_in, check_out)
        assert booking.guests_count == 2 and booking.total == 60000
        pay_url = "http://" + rental.get_site().hostname + reverse("bookings:pay", args=[booking.number])
        assert pay_url in last_text(api)
        assert buttons(api)[0]["url"] == pay_url

        with tg.capture(execute=True):  # the outbox sends after the commit
            pay_in_sandbox(booking)
        assert booking.status == BookingStatus.CONFIRMED
    confirmation = [text for chat, text in sent_messages(api) if "Итого оплачено" in text]
    assert len(confirmation) == 1 and "Студия у Байтерека" in confirmation[0] and "60\u00a0000 ₸" in confirmation[0]
    assert sent_messages(api)[-1] == (str(CHAT), confirmation[0])  # the outbox's address is the linked chat


def test_an_unlinked_chat_is_told_how_to_link_before_booking(tg, telegram_api, rental):
    with telegram_api(token=TOKEN) as api:
        tg.write("/search")
        tg.press(f"c:{rental.city_id}")
        tg.press(f"d:{far_ahead(0):%Y%m%d}:{far_ahead(2):%Y%m%d}")
        tg.press("g:1")
        tg.press(f"b:{rental.pk}")
        tg.write("/mybookings")
    assert not Booking.objects.exists()
    assert "Подключить Telegram" in sent_messages(api)[-1][1] and "Подключить Telegram" in sent_messages(api)[-2][1]


def test_results_page_with_more(tg, telegram_api, rental):
    for number in range(3):
        RentalFactory(title=f"Квартира {number}")
    with telegram_api(token=TOKEN) as api:
        tg.write("/search")
        tg.press(f"c:{rental.city_id}")
        tg.press(f"d:{far_ahead(0):%Y%m%d}:{far_ahead(2):%Y%m%d}")
        tg.press("g:1")
        assert len([r for r in api.requests if r.path.endswith(("/sendPhoto",))]) == 1
        more = buttons(api)[0]
        assert more["text"] == "Ещё"
        tg.press(more["callback_data"])
    cards = [r.data.get("text") or r.data.get("caption") for r in api.requests if "Квартира" in str(r.data)]
    assert len(cards) == 3 and "Квартира 2" in cards[-1]


def test_a_card_opens_the_listings_photo_album(tg, telegram_api, rental):
    for image in wagtail_factories.ImageFactory.create_batch(3):
        RentalPhoto.objects.create(page=rental, image=image)
    with telegram_api(token=TOKEN) as api:
        tg.write("/search")
        tg.press(f"c:{rental.city_id}")
        tg.press(f"d:{far_ahead(0):%Y%m%d}:{far_ahead(2):%Y%m%d}")
        tg.press("g:1")
        album = buttons(api, "sendPhoto")[1]
        assert album["text"] == "Все фото"
        tg.press(album["callback_data"])
    sent = [r for r in api.requests if r.path.endswith("/sendMediaGroup")]
    assert len(sent) == 1 and len(json.loads(sent[0].data["media"])) == 3
    assert api.channel[max(api.channel)]["photo"][0]["size"] > 0


def test_the_last_search_is_offered_again_in_a_later_conversation(tg, telegram_api, rental):
    with telegram_api(token=TOKEN) as api:
        tg.write("/search")
        tg.press(f"c:{rental.city_id}")
        tg.press(f"d:{far_ahead(0):%Y%m%d}:{far_ahead(2):%Y%m%d}")
        tg.press("g:2")
        Conversation.objects.update(state="resolved")
        tg.write("/search")
        again = buttons(api)[0]
        assert again == {"text": f"Как в прошлый раз: {rental.city.name}, гостей: 2", "callback_data": "l:"}
        tg.press("l:")
        tg.write(f"{far_ahead(10):%d.%m.%Y}–{far_ahead(12):%d.%m.%Y}")  # no guests question: straight to results
    assert Conversation.objects.count() == 2
    caption = [r for r in api.requests if r.path.endswith("/sendPhoto")][-1].data["caption"]
    assert f"{far_ahead(10):%d.%m}–{far_ahead(12):%d.%m}" in caption
    state = Conversation.objects.exclude(state="resolved").get().bot_state
    assert state["guests"] == 2 and state["saved"] == {"city": rental.city_id, "guests": 2}


def test_a_city_with_several_districts_asks_for_one(tg, telegram_api, rental):
    other = rental.city.districts.exclude(pk=rental.district_id).first()
    RentalFactory(title="Квартира в другом районе", district=other)
    with telegram_api(token=TOKEN) as api:
        tg.write("/search")
        tg.press(f"c:{rental.city_id}")
        assert "Какой район?" in last_text(api)
        assert {b["callback_data"] for b in buttons(api)} == {f"r:{rental.district_id}", f"r:{other.pk}", "r:0"}
        tg.press(f"r:{other.pk}")
        tg.press(f"d:{far_ahead(0):%Y%m%d}:{far_ahead(2):%Y%m%d}")
        tg.press("g:1")
    captions = [r.data["caption"] for r in api.requests if r.path.endswith("/sendPhoto")]
    texts = [text for _chat, text in sent_messages(api)]
    assert not captions and any("Квартира в другом районе" in text for text in texts)
    assert not any("Студия у Байтерека" in text for text in texts)


def test_a_results_page_costs_the_same_queries_however_many_listings_match(tg, telegram_api, rental):
    def press_guests():
        tg.write("/search")
        tg.press(f"c:{rental.city_id}")
        tg.press(f"d:{far_ahead(0):%Y%m%d}:{far_ahead(2):%Y%m%d}")
        with CaptureQueriesContext(connection) as queries:
            tg.press("g:1")
        return len(queries)

    RentalFactory.create_batch(3)
    with telegram_api(token=TOKEN):
        few = press_guests()
        RentalFactory.create_batch(6)
        many = press_guests()
    assert few == many


def test_busy_listings_are_not_offered(tg, telegram_api, rental, guest):
    BookingFactory(rental=rental, check_in=far_ahead(1), check_out=far_ahead(2), status=BookingStatus.CONFIRMED)
    with telegram_api(token=TOKEN) as api:
        tg.write("/search")
        tg.press(f"c:{rental.city_id}")
        tg.press(f"d:{far_ahead(0):%Y%m%d}:{far_ahead(3):%Y%m%d}")
        tg.press("g:1")
    assert "ничего не нашлось" in last_text(api)


def test_other_text_still_goes_to_the_assistant(tg, telegram_api):
    with telegram_api(token=TOKEN) as api:
        tg.write("Как отменить бронирование?")
    assert "/search" not in last_text(api)


def test_my_bookings_and_favorites(tg, telegram_api, guest, rental):
    TelegramLink.objects.create(user=guest, chat_id=CHAT)
    BookingFactory(rental=rental, guest=guest, check_in=far_ahead(5), check_out=far_ahead(7))
    Favorite.objects.create(user=guest, page=rental)
    with telegram_api(token=TOKEN) as api:
        tg.write("/mybookings")
        tg.write("/favorites")
    mine, saved = sent_messages(api)[-2][1], sent_messages(api)[-1][1]
    assert "Студия у Байтерека" in mine and f"{far_ahead(5):%d.%m.%Y}" in mine
    assert rental.full_url in saved


def test_realtor_commands(tg, telegram_api, rental, guest):
    realtor = UserFactory(email="realtor@example.com", role=REALTOR, role__agency=AgencyFactory())
    realtor = let_add_pages_under(realtor, rental.get_parent())
    Page.objects.filter(pk=rental.pk).update(owner=realtor)
    first = timezone.localdate().replace(day=1)
    BookingFactory(rental=rental, check_in=first, check_out=first + timedelta(days=1), status=BookingStatus.CONFIRMED)
    BookingFactory(
        rental=rental, check_in=far_ahead(5), check_out=far_ahead(7), status=BookingStatus.CONFIRMED, guest_name="Ерлан"
    )
    with telegram_api(token=TOKEN) as api:
        tg.write("/stats")
        assert "Подключить Telegram" in last_text(api)
        TelegramLink.objects.create(user=guest, chat_id=CHAT)
        tg.write("/stats")
        assert "для риелторов" in last_text(api)
        TelegramLink.objects.filter(user=guest).delete()
        TelegramLink.objects.create(user=realtor, chat_id=CHAT)
        tg.write("/help")
        assert "/stats" in last_text(api)
        tg.write("/properties")
        assert "Студия у Байтерека" in last_text(api)
        tg.write("/bookings")
        assert "Ерлан" in last_text(api) and f"{far_ahead(5):%d.%m.%Y}" in last_text(api)
        tg.write("/stats")
        assert "бронирований — 1" in last_text(api) and "20\u00a0000 ₸" in last_text(api)


def test_a_redelivered_button_press_is_answered_once(tg, telegram_api, rental):
    with telegram_api(token=TOKEN) as api:
        tg.write("/search")
        tg.press(f"c:{rental.city_id}")
        tg.update_id -= 1  # Telegram sends the same update again
        tg.press(f"c:{rental.city_id}")
    assert len(api.callbacks) == 1
    assert len([text for _chat, text in sent_messages(api) if "12.01–15.01" in text]) == 1


def test_typed_dates_that_are_not_dates_are_asked_again(tg, telegram_api, rental):
    with telegram_api(token=TOKEN) as api:
        tg.write("/search")
        tg.press(f"c:{rental.city_id}")
        tg.write("на выходные")
        assert "Не понял даты" in last_text(api)
        tg.write("01.01.2020–03.01.2020")
        assert "не раньше сегодняшней" in last_text(api)
    assert Conversation.objects.get(external_chat_id=str(CHAT)).bot_state == {"step": "dates", "city": rental.city_id}


def test_the_bot_speaks_the_chats_language(tg, telegram_api, staybot):
    staybot.languages = "ru, kk, en"
    staybot.save()
    with telegram_api(token=TOKEN) as api:
        tg.write("/help", language="en")
    assert "/search — find a place by city, dates and guests" in last_text(api)


def test_the_realtor_gets_a_note_on_every_new_booking(tg, telegram_api, rental, guest):
    realtor = UserFactory(email="realtor@example.com", role=REALTOR, role__agency=AgencyFactory())
    Page.objects.filter(pk=rental.pk).update(owner=realtor)
    TelegramLink.objects.create(user=guest, chat_id=CHAT)
    TelegramLink.objects.create(user=realtor, chat_id=CHAT + 1)
    with telegram_api(token=TOKEN) as api:
        tg.write("/search")
        tg.press(f"c:{rental.city_id}")
        tg.press(f"d:{far_ahead(0):%Y%m%d}:{far_ahead(2):%Y%m%d}")
        tg.press("g:1")
        tg.press(f"b:{rental.pk}")
        with tg.capture(execute=True):
            pay_in_sandbox(Booking.objects.get(guest=guest))
    to_realtor = [text for chat, text in sent_messages(api) if chat == str(CHAT + 1)]
    assert len(to_realtor) == 1 and "Студия у Байтерека" in to_realtor[0]


def test_dates_as_people_type_them():
    today = date(2027, 3, 10)
    assert parse_dates("12.01–15.01", today) == (date(2028, 1, 12), date(2028, 1, 15))
    assert parse_dates("28.12-02.01", date(2027, 12, 1)) == (date(2027, 12, 28), date(2028, 1, 2))
    assert parse_dates("12.03.2027 — 15.03.2027", today) == (date(2027, 3, 12), date(2027, 3, 15))
    assert parse_dates("завтра", today) is None
    assert parse_dates("31.02–03.03", today) is None


def labels(api):
    return [button["text"] for button in buttons(api)]


def test_the_search_asks_class_type_and_rooms_with_any_and_remembers_them(tg, telegram_api, rental):
    """Class, type and rooms are asked where the city's listings differ in them, each with a «любой» button;
    the choices filter the results and come back as the chat's saved preferences."""
    flat = PropertyType.objects.get(slug="kvartira")
    house = PropertyType.objects.get(slug="chastnyy-dom")
    business = HousingClass.objects.get(slug="biznes")
    RentalFactory(title="Трёшка", rooms=3)
    RentalFactory(title="Дом бизнес", housing_class=business, property_type=house, rooms=5)
    with telegram_api(token=TOKEN) as api:
        tg.write("/search")
        tg.press(f"c:{rental.city_id}")  # one district: not asked
        assert last_text(api) == "Какой класс жилья?"
        assert {b["callback_data"] for b in buttons(api)} == {f"k:{rental.housing_class_id}", f"k:{business.pk}", "k:0"}
        assert labels(api)[-1] == "Любой класс"
        tg.press("k:0")
        assert last_text(api) == "Какой тип жилья?"
        assert set(labels(api)) == {flat.name, house.name, "Любой тип"} and labels(api)[-1] == "Любой тип"
        tg.press(f"t:{flat.pk}")
        assert last_text(api) == "Сколько комнат?"
        assert [b["callback_data"] for b in buttons(api)] == ["n:2", "n:3", "n:0"]  # the flats' rooms only
        tg.press("n:3")
        assert "12.01–15.01" in last_text(api)
        tg.press(f"d:{far_ahead(0):%Y%m%d}:{far_ahead(2):%Y%m%d}")
        tg.press("g:1")
        texts = [text for _chat, text in sent_messages(api)]
        assert any("Трёшка" in text for text in texts)
        assert not any("Студия у Байтерека" in text or "Дом бизнес" in text for text in texts)

        state = Conversation.objects.get().bot_state
        assert state["saved"] == {"city": rental.city_id, "property_type": flat.pk, "rooms": 3, "guests": 1}
        Conversation.objects.update(state="resolved")
        tg.write("/search")
        assert buttons(api)[0]["text"] == f"Как в прошлый раз: {rental.city.name}, {flat.name}, комнат: 3, гостей: 1"
        tg.press(f"c:{rental.city_id}")
        tg.press("k:0")
        assert set(labels(api)) == {f"✓ {flat.name}", house.name, "Любой тип"}  # the last choice is marked


def test_rooms_are_not_asked_for_a_type_without_rooms(tg, telegram_api, rental):
    hostel = PropertyType.objects.filter(has_rooms=False).first() or PropertyType.objects.create(
        name="Хостел", slug="khostel-test", has_rooms=False
    )
    RentalFactory(title="Хостел у вокзала", property_type=hostel, rooms=None)
    RentalFactory(title="Ещё хостел", property_type=hostel, rooms=4)
    with telegram_api(token=TOKEN) as api:
        tg.write("/search")
        tg.press(f"c:{rental.city_id}")
        assert last_text(api) == "Какой тип жилья?"
        tg.press(f"t:{hostel.pk}")
        assert "12.01–15.01" in last_text(api)  # straight to the dates
    assert Conversation.objects.get().bot_state == {"step": "dates", "city": rental.city_id, "property_type": hostel.pk}
