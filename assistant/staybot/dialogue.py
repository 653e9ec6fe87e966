"""The bot's answers: one customer message (a command, a button press, typed dates) in, messages out.

Every answer is sent at once through the bot's own token and kept in the conversation's history."""

import logging
import re
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as _noop

from accounts.models import Favorite
from accounts.roles import AGENCY_ADMIN, REALTOR, has_role
from assistant.models import Conversation, Delivery, Message, Role
from bookings.analytics import analytics_rentals
from bookings.availability import busy_nights, exclude_busy, stay_conflict
from bookings.lifecycle import booking_zone
from bookings.models import Booking, BookingStatus
from bookings.pricing import quote
from bookings.services import GuestDetails, create_hold
from catalog.models import City, District, HousingClass, PropertyType, RentalPropertyPage
from core.money import format_tenge
from integrations import telegram
from notifications.models import TelegramLink
from notifications.services import link_telegram
from notifications.telegram_link import user_from_payload

logger = logging.getLogger(__name__)

PAGE_SIZE = 3
MAX_GUESTS = 6
DATE_CHOICES = ((1, 1), (1, 3), (7, 2))  # (days from today, nights) offered as buttons
DATES = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})(?:\.(\d{4}))?\s*[-–—]\s*(\d{1,2})\.(\d{1,2})(?:\.(\d{4}))?\s*$")
PAID_STATUSES = (BookingStatus.CONFIRMED, BookingStatus.CHECKED_IN, BookingStatus.COMPLETED)


class Chat:
    """Where the answers go: the conversation's Telegram chat, through the bot's token."""

    def __init__(self, conversation: Conversation):
        self.conversation = conversation
        self.bot = conversation.bot
        self.token = self.bot.secret("telegram_token")
        link = TelegramLink.objects.filter(chat_id=int(conversation.external_chat_id)).select_related("user").first()
        self.user = link.user if link else None

    @property
    def state(self):
        return self.conversation.bot_state

    def saved_search(self):
        """The last search's city, district, class, type, rooms and guests: this chat's preferences, kept across
        conversations."""
        saved = self.state.get("saved")
        if saved is None:
            earlier = (
                Conversation.objects.filter(
                    bot=self.bot, channel=self.conversation.channel, external_chat_id=self.conversation.external_chat_id
                )
                .exclude(pk=self.conversation.pk)
                .order_by("-updated_at", "-pk")
                .values_list("bot_state", flat=True)
                .first()
            )
            saved = (earlier or {}).get("saved")
        return saved or {}

    def save_state(self, **values):
        saved = values.pop("saved", None) or self.saved_search()
        if saved:
            values["saved"] = saved
        self.conversation.bot_state = values
        Conversation.objects.filter(pk=self.conversation.pk).update(bot_state=values, updated_at=timezone.now())

    def say(self, text, buttons=None, photo=None):
        """buttons: rows of (label, callback data) or (label, {"url": ...})."""
        markup = keyboard(buttons) if buttons else None
        delivery = Delivery.SENT
        try:
            if photo:
                telegram.send_photo(
                    self.conversation.external_chat_id, photo, caption=text, token=self.token, reply_markup=markup
                )
            else:
                telegram.send_message(self.conversation.external_chat_id, text, token=self.token, reply_markup=markup)
        except telegram.TelegramError as error:
            logger.warning("staybot: a message to chat %s failed: %s", self.conversation.pk, error)
            delivery = Delivery.FAILED
        Message.objects.create(
            conversation=self.conversation,
            channel=self.conversation.channel,
            role=Role.BOT,
            text=text,
            delivery=delivery,
        )

    def site_url(self, path):
        return self.bot.site.root_url + path


def keyboard(rows):
    def button(label, action):
        return {"text": str(label), **(action if isinstance(action, dict) else {"callback_data": action})}

    return {"inline_keyboard": [[button(label, action) for label, action in row] for row in rows]}


def handle(message: Message, callback_id: str = "", data: str = ""):
    """Answer one stored customer message once (a task run twice finds it handled)."""
    with transaction.atomic():
        taken = Message.objects.filter(pk=message.pk, handled=False).update(handled=True)
    if not taken:
        return
    conversation = Conversation.objects.select_related("bot__site").get(pk=message.conversation_id)
    chat = Chat(conversation)
    with translation.override(conversation.language or "ru"):
        if callback_id:
            try:
                telegram.answer_callback_query(callback_id, token=chat.token)
            except telegram.TelegramError as error:
                logger.warning("staybot: answerCallbackQuery failed: %s", error)
            on_button(chat, data)
        else:
            on_text(chat, message.text.strip())


# -- commands ---------------------------------------------------------------------------------------------------


def on_text(chat, text):
    command, _sep, argument = text.partition(" ")
    command = command.split("@")[0].lower()
    if command == "/start":
        start(chat, argument.strip())
    elif command == "/search":
        ask_city(chat)
    elif command == "/mybookings":
        my_bookings(chat)
    elif command == "/favorites":
        favorites(chat)
    elif command in {"/stats", "/bookings", "/properties"}:
        realtor_command(chat, command)
    elif not command.startswith("/") and chat.state.get("step") == "dates":
        typed_dates(chat, text)
    else:
        send_help(chat)


def command_list(chat):
    lines = [
        _("/search — найти жильё по городу, датам и числу гостей"),
        _("/mybookings — мои бронирования"),
        _("/favorites — избранное"),
        _("/help — список команд"),
    ]
    if is_realtor(chat.user):
        lines += [
            _("/stats — бронирования и выручка за месяц"),
            _("/bookings — ближайшие бронирования ваших объектов"),
            _("/properties — ваши объекты"),
        ]
    return "\n".join(lines)


def send_help(chat):
    chat.say(_("Я бот ЖильеGO: помогу найти и забронировать жильё.") + "\n\n" + command_list(chat))


def start(chat, payload):
    if payload:
        user = user_from_payload(payload)
        if user is None:
            chat.say(_("Ссылка для привязки устарела. Откройте её заново в настройках уведомлений на сайте."))
        else:
            link_telegram(user, int(chat.conversation.external_chat_id))
            Conversation.objects.filter(pk=chat.conversation.pk).update(user=user)
            chat.user = user
            chat.say(_("Готово: этот чат привязан к вашему аккаунту %(account)s.") % {"account": user})
    send_help(chat)


def link_instructions(chat):
    chat.say(
        _(
            "Чтобы бронировать и видеть свои бронирования, привяжите Telegram к аккаунту: войдите на сайте, "
            "откройте настройки уведомлений и нажмите «Подключить Telegram»: %(url)s"
        )
        % {"url": chat.site_url(reverse("notifications:preferences"))}
    )


def is_realtor(user):
    return user is not None and (user.is_superuser or has_role(user, REALTOR) or has_role(user, AGENCY_ADMIN))


# -- search -----------------------------------------------------------------------------------------------------


def site_rentals(chat):
    return RentalPropertyPage.objects.live().descendant_of(chat.bot.site.root_page)


# The search's filters after the city, asked in this order with inline buttons and a «любой» button each; a step
# whose answer could not narrow anything (fewer than two choices among the listings left) is not asked.
# In the state a step answered «любой» is 0 (so it is not asked again); the filters and the saved preferences
# keep only real choices.
FILTERS = ("city", "district", "housing_class", "property_type", "rooms")
STEPS = {
    # step: (callback prefix, question, «любой» label)
    "district": ("r", _noop("Какой район?"), _noop("Любой район")),
    "housing_class": ("k", _noop("Какой класс жилья?"), _noop("Любой класс")),
    "property_type": ("t", _noop("Какой тип жилья?"), _noop("Любой тип")),
    "rooms": ("n", _noop("Сколько комнат?"), _noop("Сколько угодно")),
}
BY_PREFIX = {prefix: step for step, (prefix, _question, _any) in STEPS.items()}
ROOMS_CHOICES = (1, 2, 3, 4)  # 4: four and more


def place_of(state):
    """The filters the dialogue has so far, «любой» (0) included."""
    return {key: state[key] for key in FILTERS if key in state}


def chosen(place):
    """Only the real choices: what filters the listings and what is saved as the chat's preferences."""
    return {key: value for key, value in place.items() if value}


def filtered(chat, place):
    wanted = site_rentals(chat)
    for key, value in chosen(place).items():
        if key == "rooms":
            wanted = wanted.filter(rooms__gte=value) if value >= ROOMS_CHOICES[-1] else wanted.filter(rooms=value)
        else:
            wanted = wanted.filter(**{f"{key}_id": value})
    return wanted


def step_options(chat, step, place):
    """[(value, label)] of a step among the listings that the choices so far leave."""
    listings = filtered(chat, place)
    if step == "rooms":
        kind = place.get("property_type")
        if kind and not PropertyType.objects.filter(pk=kind, has_rooms=True).exists():
            return []
        rooms = listings.exclude(rooms=None).values_list("rooms", flat=True)
        counts = {min(count, ROOMS_CHOICES[-1]) for count in rooms}
        return [(count, f"{count}+" if count == ROOMS_CHOICES[-1] else str(count)) for count in sorted(counts)]
    model = {"district": District, "housing_class": HousingClass, "property_type": PropertyType}[step]
    rows = model.objects.filter(pk__in=listings.values(f"{step}_id"))
    return [(row.pk, row.name) for row in rows.order_by("sort_order", "name")]


def ask_city(chat):
    cities = City.objects.filter(pk__in=site_rentals(chat).values("city_id")).order_by("name")
    chat.save_state(step="city")
    rows = [[(city.name, f"c:{city.pk}")] for city in cities]
    saved = chat.saved_search()
    last_city = next((city for city in cities if city.pk == saved.get("city")), None)
    if last_city is not None:
        label = _("Как в прошлый раз: %(search)s, гостей: %(guests)d") % {
            "search": ", ".join([last_city.name, *saved_labels(saved)]),
            "guests": saved["guests"],
        }
        rows.insert(0, [(label, "l:")])
    chat.say(_("В каком городе ищете жильё?"), rows)


def saved_labels(saved):
    """The saved district, class, type and rooms as words, for the «как в прошлый раз» button."""
    labels = []
    for key, model in (("district", District), ("housing_class", HousingClass), ("property_type", PropertyType)):
        if saved.get(key):
            row = model.objects.filter(pk=saved[key]).first()
            if row is not None:
                labels.append(row.name)
    if saved.get("rooms"):
        rooms = saved["rooms"]
        labels.append(_("комнат: %(rooms)s") % {"rooms": f"{rooms}+" if rooms >= ROOMS_CHOICES[-1] else rooms})
    return labels


def ask_next(chat, place):
    """The next filter worth asking (district, class, type, rooms), or the dates when none is left."""
    saved = chat.saved_search()
    for step, (prefix, question, anything) in STEPS.items():
        if step in place:
            continue
        options = step_options(chat, step, place)
        if len(options) < 2:
            continue
        chat.save_state(step=step, **place)
        # the chat's last choice of this step is marked: the saved preferences at hand
        rows = [
            [(f"✓ {label}" if saved.get(step) == value else label, f"{prefix}:{value}")] for value, label in options
        ]
        chat.say(_(question), [*rows, [(_(anything), f"{prefix}:0")]])
        return
    ask_dates(chat, place)


def ask_dates(chat, place, guests=0):
    chat.save_state(step="dates", **place, **({"guests": guests} if guests else {}))
    today = timezone.localdate()
    rows = []
    for offset, nights in DATE_CHOICES:
        check_in = today + timedelta(days=offset)
        check_out = check_in + timedelta(days=nights)
        rows.append([(f"{check_in:%d.%m}–{check_out:%d.%m}", f"d:{check_in:%Y%m%d}:{check_out:%Y%m%d}")])
    chat.say(_("Напишите даты заезда и выезда, например «12.01–15.01», или выберите:"), rows)


def parse_dates(text, today):
    """«12.01–15.01» (or with years, «12.01.2027-15.01.2027») -> (check_in, check_out); None if not dates.
    Without a year the stay is the next one to come."""
    found = DATES.match(text)
    if not found:
        return None
    day_in, month_in, year_in, day_out, month_out, year_out = found.groups()
    try:
        check_in = date(int(year_in or today.year), int(month_in), int(day_in))
        if not year_in and check_in < today:
            check_in = check_in.replace(year=check_in.year + 1)
        check_out = date(int(year_out or check_in.year), int(month_out), int(day_out))
        if not year_out and check_out <= check_in:
            check_out = check_out.replace(year=check_out.year + 1)
    except ValueError:
        return None
    return check_in, check_out


def typed_dates(chat, text):
    today = timezone.localdate()
    dates = parse_dates(text, today)
    if dates is None:
        chat.say(_("Не понял даты. Напишите их так: «12.01–15.01»."))
        return
    check_in, check_out = dates
    if check_in < today or check_out <= check_in:
        chat.say(_("Дата заезда должна быть не раньше сегодняшней, а выезд — позже заезда."))
        return
    ask_guests(chat, check_in, check_out)


def ask_guests(chat, check_in, check_out):
    place = place_of(chat.state)
    if chat.state.get("guests"):  # «как в прошлый раз»: the guests are known
        return search(chat, place, str(check_in), str(check_out), chat.state["guests"])
    chat.save_state(step="guests", **place, check_in=str(check_in), check_out=str(check_out))
    row = [(str(count), f"g:{count}") for count in range(1, MAX_GUESTS + 1)]
    chat.say(_("Сколько гостей?"), [row])


def stay_of(state):
    try:
        return date.fromisoformat(state["check_in"]), date.fromisoformat(state["check_out"])
    except (KeyError, TypeError, ValueError):
        return None


def on_button(chat, data):
    kind, _sep, value = data.partition(":")
    if kind == "c" and value.isdigit():
        ask_next(chat, {"city": int(value)})
    elif kind in BY_PREFIX and value.isdigit() and chat.state.get("city"):
        ask_next(chat, {**place_of(chat.state), BY_PREFIX[kind]: int(value)})
    elif kind == "d":
        first, _sep, last = value.partition(":")
        try:
            check_in, check_out = date(*strptime(first)), date(*strptime(last))
        except ValueError:
            return ask_city(chat)
        ask_guests(chat, check_in, check_out)
    elif kind == "l":
        saved = chat.saved_search()
        if not saved.get("city"):
            return ask_city(chat)
        ask_dates(chat, place_of(saved), saved.get("guests", 1))
    elif kind == "g" and value.isdigit():
        state = chat.state
        search(chat, place_of(state), state.get("check_in"), state.get("check_out"), int(value))
    elif kind == "p" and value.isdigit():
        chat.save_state(**{**chat.state, "page": int(value)})  # keeps "saved"
        show_results(chat)
    elif kind == "a" and value.isdigit():
        send_album(chat, int(value))
    elif kind == "b" and value.isdigit():
        book(chat, int(value))
    else:
        send_help(chat)


def search(chat, place, check_in, check_out, guests):
    stay = {"check_in": check_in, "check_out": check_out, "guests": guests}
    chat.save_state(step="results", **place, **stay, page=0, saved={**chosen(place), "guests": guests})
    show_results(chat)


def strptime(text):
    if len(text) != 8 or not text.isdigit():
        raise ValueError(text)
    return int(text[:4]), int(text[4:6]), int(text[6:])


def show_results(chat):
    state = chat.state
    stay = stay_of(state)
    if stay is None or not state.get("city"):
        return ask_city(chat)
    check_in, check_out = stay
    page = state.get("page", 0)
    wanted = filtered(chat, place_of(state)).filter(sleeping_places__gte=state.get("guests", 1))
    found = exclude_busy(wanted, check_in, check_out)
    rentals = list(
        found.select_related("district", "main_image")
        .prefetch_related("photos__image")
        .order_by("pk")[page * PAGE_SIZE : (page + 1) * PAGE_SIZE + 1]
    )
    if not rentals:
        chat.say(_("На эти даты ничего не нашлось. Попробуйте другие даты: /search"))
        return
    for rental in rentals[:PAGE_SIZE]:
        send_card(chat, rental, check_in, check_out)
    if len(rentals) > PAGE_SIZE:
        chat.say(_("Показать ещё варианты?"), [[(_("Ещё"), f"p:{page + 1}")]])


def photo_file(image):
    try:
        with image.file.open("rb") as file:
            return image.file.name.rsplit("/", 1)[-1], file.read()
    except OSError:
        return None


def send_album(chat, rental_id):
    """The listing's photo album (the gallery, up to 10), on the card's «Все фото»."""
    rental = site_rentals(chat).filter(pk=rental_id).prefetch_related("photos__image").first()
    photos = [photo_file(photo.image) for photo in rental.photos.all()[:10]] if rental else []
    photos = [photo for photo in photos if photo]
    if len(photos) < 2:
        chat.say(_("Других фото у этого объекта нет."))
        return
    try:
        telegram.send_media_group(chat.conversation.external_chat_id, photos, caption=rental.title, token=chat.token)
    except telegram.TelegramError as error:
        logger.warning("staybot: an album to chat %s failed: %s", chat.conversation.pk, error)


def first_photo(rental):
    image = rental.main_image or next((photo.image for photo in rental.photos.all()), None)
    return photo_file(image) if image is not None else None


def card_text(rental, check_in, check_out):
    price = quote(rental, check_in, check_out)
    per_night = price.total / price.nights
    free = stay_conflict(busy_nights(rental.pk, check_in, check_out), check_in, check_out) is None
    lines = [
        rental.title,
        ", ".join(filter(None, [rental.district.name if rental.district_id else "", rental.address])),
        _("%(price)s ₸ за ночь · %(total)s ₸ за %(nights)d ноч.")
        % {"price": format_tenge(per_night), "total": format_tenge(price.total), "nights": price.nights},
        (_("Свободно %(dates)s") if free else _("Занято %(dates)s")) % {"dates": f"{check_in:%d.%m}–{check_out:%d.%m}"},
        rental.full_url,
    ]
    return "\n".join(line for line in lines if line)


def send_card(chat, rental, check_in, check_out):
    buttons = [[(_("Забронировать"), f"b:{rental.pk}")], [(_("Открыть на сайте"), {"url": rental.full_url})]]
    if len(rental.photos.all()) > 1:
        buttons[0].append((_("Все фото"), f"a:{rental.pk}"))
    chat.say(card_text(rental, check_in, check_out), buttons, photo=first_photo(rental))


# -- booking ----------------------------------------------------------------------------------------------------


def book(chat, rental_id):
    if chat.user is None:
        return link_instructions(chat)
    stay = stay_of(chat.state)
    if stay is None:
        return ask_city(chat)
    check_in, check_out = stay
    user = chat.user
    if not site_rentals(chat).filter(pk=rental_id).exists():
        return send_help(chat)
    details = GuestDetails(
        name=user.get_full_name() or str(user),
        phone=user.phone or "",
        email=user.email or "",
        guests_count=chat.state.get("guests", 1),
        comment=_("Бронирование через Telegram"),
    )
    try:
        booking = create_hold(rental_id=rental_id, guest=user, check_in=check_in, check_out=check_out, details=details)
    except ValidationError as error:
        chat.say(" ".join(error.messages))
        return
    pay_url = chat.site_url(reverse("bookings:pay", args=[booking.number]))
    deadline = timezone.localtime(booking.hold_expires_at, booking_zone())
    chat.say(
        _(
            "Бронь №%(number)s: %(property)s, %(check_in)s–%(check_out)s, %(total)s ₸. "
            "Даты держим для вас до %(deadline)s — оплатите по ссылке: %(url)s"
        )
        % {
            "number": booking.short_number,
            "property": booking.rental.title,
            "check_in": f"{check_in:%d.%m.%Y}",
            "check_out": f"{check_out:%d.%m.%Y}",
            "total": format_tenge(booking.total),
            "deadline": f"{deadline:%H:%M}",
            "url": pay_url,
        },
        [[(_("Оплатить"), {"url": pay_url})]],
    )


# -- the guest's and the realtor's lists ----------------------------------------------------------------------


def my_bookings(chat):
    if chat.user is None:
        return link_instructions(chat)
    bookings = list(Booking.objects.filter(guest=chat.user).select_related("rental").order_by("-check_in")[:10])
    if not bookings:
        chat.say(_("У вас пока нет бронирований. Найти жильё: /search"))
        return
    chat.say("\n".join([_("Ваши бронирования:"), *(booking_line(booking) for booking in bookings)]))


def booking_line(booking):
    return (
        f"№{booking.short_number} · {booking.rental.title} · "
        f"{booking.check_in:%d.%m.%Y}–{booking.check_out:%d.%m.%Y} · {booking.get_status_display()}"
    )


def favorites(chat):
    if chat.user is None:
        return link_instructions(chat)
    saved = Favorite.objects.filter(user=chat.user).values("page_id")
    rentals = list(site_rentals(chat).filter(pk__in=saved).order_by("title")[:20])
    if not rentals:
        chat.say(_("В избранном пока пусто: отмечайте понравившееся сердечком на сайте."))
        return
    chat.say("\n".join([_("Избранное:"), *(f"{rental.title} — {rental.full_url}" for rental in rentals)]))


def realtor_command(chat, command):
    if chat.user is None:
        return link_instructions(chat)
    if not is_realtor(chat.user):
        chat.say(_("Эта команда — для риелторов и администраторов агентств."))
        return
    rentals = analytics_rentals(chat.user)
    today = timezone.localdate()
    if command == "/stats":
        first = today.replace(day=1)
        month = Booking.objects.filter(
            rental__in=rentals, status__in=PAID_STATUSES, check_in__gte=first, check_in__lt=next_month(first)
        ).aggregate(count=Count("pk"), revenue=Sum("total"))
        chat.say(
            _("За %(month)s: бронирований — %(count)d, выручка — %(revenue)s ₸.")
            % {"month": f"{first:%m.%Y}", "count": month["count"], "revenue": format_tenge(month["revenue"] or 0)}
        )
    elif command == "/bookings":
        upcoming = list(
            Booking.objects.filter(
                rental__in=rentals,
                status__in=(BookingStatus.CONFIRMED, BookingStatus.CHECKED_IN),
                check_out__gte=today,
            )
            .select_related("rental")
            .order_by("check_in", "pk")[:20]
        )
        lines = [f"{booking_line(booking)} · {booking.guest_name}" for booking in upcoming]
        chat.say("\n".join([_("Ближайшие бронирования:"), *lines]) if lines else _("Ближайших бронирований нет."))
    else:
        listed = list(rentals.live().order_by("title")[:30])
        lines = [f"{rental.title} — {rental.full_url}" for rental in listed]
        chat.say("\n".join([_("Ваши объекты:"), *lines]) if lines else _("У вас пока нет объектов."))


def next_month(first):
    return (first + timedelta(days=32)).replace(day=1)
