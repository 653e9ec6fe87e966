"""The support assistant's data: a bot per brand site, its LLM providers, FAQ and answer templates; the
conversations with customers in every channel and their messages.

Secrets (LLM keys, channel tokens) are stored encrypted with core.crypto and never rendered back: the admin
forms (assistant/forms.py) take a new value or keep the stored one."""

import secrets
from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from core import crypto

PARTS_CACHE_SECONDS = 300


def parts_cache_key(bot_id):
    return f"assistant:bot-parts:{bot_id}"


def new_webhook_key():
    return secrets.token_urlsafe(18)


class Tone(models.TextChoices):
    FRIENDLY = "friendly", _("Дружелюбный")
    FORMAL = "formal", _("Официальный")
    BRIEF = "brief", _("Краткий")


class Channel(models.TextChoices):
    WEB = "web", _("Чат на сайте")
    TELEGRAM = "telegram", _("Telegram")
    WHATSAPP = "whatsapp", _("WhatsApp")


class Bot(models.Model):
    """One support bot of a brand site: who it is, when people answer, where it takes its knowledge from."""

    site = models.OneToOneField(
        "wagtailcore.Site", verbose_name=_("сайт"), on_delete=models.CASCADE, related_name="assistant_bot"
    )
    name = models.CharField(_("имя бота"), max_length=80, help_text=_("Как бот представляется клиентам."))
    is_active = models.BooleanField(_("включён"), default=True, help_text=_("Выключенный бот не отвечает."))
    persona = models.TextField(
        _("персона"), blank=True, help_text=_("Кто отвечает и как: попадает в инструкцию для языковой модели.")
    )
    persona_b = models.TextField(
        _("персона B (A/B-тест)"),
        blank=True,
        help_text=_("Если задана, половина новых разговоров идёт с ней; итог теста — на странице аналитики."),
    )
    tone = models.CharField(_("тон"), max_length=20, choices=Tone.choices, default=Tone.FRIENDLY)
    languages = models.CharField(
        _("языки"), max_length=40, default="ru", help_text=_("Коды языков через запятую: ru, kk, en.")
    )
    greeting = models.TextField(_("приветствие"), blank=True, help_text=_("Первое сообщение в чате на сайте."))
    work_starts = models.TimeField(_("менеджеры с"), default="09:00", help_text=_("Начало рабочего дня людей."))
    work_ends = models.TimeField(_("менеджеры до"), default="19:00", help_text=_("Конец рабочего дня людей."))
    escalation_phrases = models.TextField(
        _("передать человеку, если клиент пишет"),
        blank=True,
        help_text=_("По фразе на строку (например «жалоба», «возврат»): такой разговор сразу уходит менеджерам."),
    )
    min_confidence = models.DecimalField(
        _("минимальная уверенность"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.35"),
        help_text=_("Ниже этой уверенности бот не отвечает сам, а предлагает менеджера (0–1)."),
    )
    use_pages = models.BooleanField(_("искать по страницам сайта"), default=True, help_text=_("Страницы бренда."))
    use_faq = models.BooleanField(_("использовать FAQ"), default=True, help_text=_("Вопросы и ответы бота."))
    use_listings = models.BooleanField(
        _("искать по объявлениям"), default=True, help_text=_("Объекты, квартиры, автомобили с ценами из базы.")
    )
    # channels: tokens encrypted, entered through the form's write-only fields
    telegram_token = models.TextField(blank=True, editable=False)
    telegram_secret = models.CharField(max_length=64, default=new_webhook_key, editable=False)
    whatsapp_phone_number_id = models.CharField(
        _("WhatsApp: phone number id"), max_length=40, blank=True, help_text=_("Из кабинета Meta for Developers.")
    )
    whatsapp_token = models.TextField(blank=True, editable=False)
    whatsapp_app_secret = models.TextField(blank=True, editable=False)
    whatsapp_verify_token = models.CharField(max_length=64, default=new_webhook_key, editable=False)
    webhook_key = models.CharField(max_length=40, unique=True, default=new_webhook_key, editable=False)

    panels: ClassVar[list] = [
        MultiFieldPanel(
            [FieldPanel("site"), FieldPanel("name"), FieldPanel("is_active"), FieldPanel("greeting")],
            heading=_("Бот"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("persona"),
                FieldPanel("persona_b"),
                FieldRowPanel([FieldPanel("tone"), FieldPanel("languages")]),
            ],
            heading=_("Персона и тон"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("work_starts"), FieldPanel("work_ends")]),
                FieldPanel("escalation_phrases"),
                FieldPanel("min_confidence"),
            ],
            heading=_("Передача людям"),
        ),
        MultiFieldPanel(
            [FieldPanel("use_pages"), FieldPanel("use_faq"), FieldPanel("use_listings")],
            heading=_("Источники знаний"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("new_telegram_token"),
                FieldPanel("whatsapp_phone_number_id"),
                FieldPanel("new_whatsapp_token"),
                FieldPanel("new_whatsapp_app_secret"),
            ],
            heading=_("Каналы"),
        ),
    ]

    class Meta:
        verbose_name = _("бот поддержки")
        verbose_name_plural = _("боты поддержки")

    def __str__(self):
        return self.name

    @property
    def language_codes(self):
        return [code.strip() for code in self.languages.split(",") if code.strip()] or ["ru"]

    @property
    def escalation_list(self):
        return [line.strip().lower() for line in self.escalation_phrases.splitlines() if line.strip()]

    def secret(self, field):
        value = getattr(self, field)
        return crypto.decrypt(value) if value else ""

    def set_secret(self, field, plaintext):
        setattr(self, field, crypto.encrypt(plaintext) if plaintext else "")

    def parts(self):
        """The bot's FAQ, templates and models, read once per bot from the cache (every answer needs them; the
        signal handlers drop the entry when one of them changes)."""
        if not hasattr(self, "_parts"):
            key = parts_cache_key(self.pk)
            parts = cache.get(key)
            if parts is None:
                parts = {
                    "faqs": list(self.faqs.select_related("page")),
                    "templates": list(self.templates.all()),
                    "providers": list(self.providers.all()),
                }
                cache.set(key, parts, PARTS_CACHE_SECONDS)
            self._parts = parts
        return self._parts

    def active_providers(self):
        prefetched = getattr(self, "_prefetched_objects_cache", {}).get("providers")
        providers = prefetched if prefetched is not None else self.parts()["providers"]
        return [provider for provider in providers if provider.is_active and provider.api_key]

    @property
    def uses_llm(self):
        return bool(self.active_providers())

    @property
    def uses_llm_label(self):
        return _("языковая модель") if self.uses_llm else _("без модели: FAQ, поиск и шаблоны")


class ProviderKind(models.TextChoices):
    OPENAI = "openai", _("OpenAI-совместимый (OpenAI, GigaChat и др.)")
    YANDEXGPT = "yandexgpt", _("YandexGPT")


class LLMProvider(models.Model):
    """A language model the bot may ask; the first healthy one by priority answers, the next is the fallback."""

    bot = models.ForeignKey(Bot, verbose_name=_("бот"), on_delete=models.CASCADE, related_name="providers")
    priority = models.PositiveSmallIntegerField(_("порядок"), default=1, help_text=_("1 — основной, 2 — запасной."))
    kind = models.CharField(_("API"), max_length=20, choices=ProviderKind.choices, default=ProviderKind.OPENAI)
    base_url = models.URLField(
        _("адрес API"),
        blank=True,
        help_text=_("Пусто — адрес по умолчанию для выбранного API; для GigaChat и др. — их адрес."),
    )
    model = models.CharField(_("модель"), max_length=100, help_text=_("Например gpt-4o-mini или yandexgpt-lite."))
    folder_id = models.CharField(_("каталог (YandexGPT)"), max_length=64, blank=True, help_text=_("folder id."))
    api_key = models.TextField(blank=True, editable=False)
    price_input = models.DecimalField(
        _("цена 1000 входных токенов, ₽"), max_digits=8, decimal_places=4, default=Decimal(0), help_text=_("Учёт.")
    )
    price_output = models.DecimalField(
        _("цена 1000 выходных токенов, ₽"), max_digits=8, decimal_places=4, default=Decimal(0), help_text=_("Учёт.")
    )
    is_active = models.BooleanField(_("включён"), default=True, help_text=_("Выключенный не вызывается."))
    prompt_tokens = models.PositiveBigIntegerField(default=0, editable=False)
    completion_tokens = models.PositiveBigIntegerField(default=0, editable=False)
    cost = models.DecimalField(max_digits=12, decimal_places=4, default=Decimal(0), editable=False)

    panels: ClassVar[list] = [
        FieldPanel("bot"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("priority"), FieldPanel("is_active")]),
        FieldPanel("base_url"),
        FieldRowPanel([FieldPanel("model"), FieldPanel("folder_id")]),
        FieldPanel("new_api_key"),
        FieldRowPanel([FieldPanel("price_input"), FieldPanel("price_output")]),
    ]

    class Meta:
        ordering: ClassVar[list] = ["bot", "priority", "pk"]
        verbose_name = _("языковая модель")
        verbose_name_plural = _("языковые модели")

    def __str__(self):
        return f"{self.bot} · {self.get_kind_display()} · {self.model}"

    def cost_of(self, prompt_tokens, completion_tokens):
        return (self.price_input * prompt_tokens + self.price_output * completion_tokens) / 1000


class FAQ(index.Indexed, models.Model):
    """A question with the bot's answer; the bot answers it as written and cites its page if one is set."""

    bot = models.ForeignKey(Bot, verbose_name=_("бот"), on_delete=models.CASCADE, related_name="faqs")
    language = models.CharField(_("язык"), max_length=8, default="ru", help_text=_("ru, kk или en."))
    question = models.CharField(_("вопрос"), max_length=255, help_text=_("Как его задают клиенты."))
    keywords = models.CharField(
        _("ключевые слова"), max_length=255, blank=True, help_text=_("Другие слова, по которым его узнавать.")
    )
    answer = models.TextField(_("ответ"), help_text=_("Ответ бота, дословно."))
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("страница"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Страница, на которую бот сошлётся."),
    )

    panels: ClassVar[list] = [
        FieldRowPanel([FieldPanel("bot"), FieldPanel("language")]),
        FieldPanel("question"),
        FieldPanel("keywords"),
        FieldPanel("answer"),
        FieldPanel("page"),
    ]
    search_fields: ClassVar[list] = [
        index.SearchField("question"),
        index.SearchField("keywords"),
        index.SearchField("answer"),
        index.FilterField("bot"),
        index.FilterField("language"),
    ]

    class Meta:
        verbose_name = _("вопрос FAQ")
        verbose_name_plural = _("FAQ ассистента")

    def __str__(self):
        return self.question


class TemplatePurpose(models.TextChoices):
    GENERAL = "general", _("Для менеджеров")
    GREETING = "greeting", _("Приветствие")
    FOUND = "found", _("Найдено на сайте")
    NOT_FOUND = "not_found", _("Не знаю ответа")
    HANDOFF = "handoff", _("Передача менеджеру")
    AFTER_HOURS = "after_hours", _("Вне рабочего времени")
    MEDIA = "media", _("Получено вложение")
    CSAT = "csat", _("Просьба оценить")
    LEAD_CREATED = "lead_created", _("Заявка создана")


class AnswerTemplate(models.Model):
    """A canned answer with variables ({name}, {bot}, {site}, {manager}); the bot uses the one of its purpose,
    managers pick any in the inbox. A template marked as variant B of its purpose and language is the other arm
    of an A/B test: the conversations assigned B get it, the rest the plain one (assistant/texts.py)."""

    bot = models.ForeignKey(Bot, verbose_name=_("бот"), on_delete=models.CASCADE, related_name="templates")
    language = models.CharField(_("язык"), max_length=8, default="ru", help_text=_("ru, kk или en."))
    purpose = models.CharField(_("назначение"), max_length=20, choices=TemplatePurpose.choices, default="general")
    title = models.CharField(_("название"), max_length=120, help_text=_("Как шаблон виден менеджерам."))
    text = models.TextField(_("текст"), help_text=_("Переменные: {name}, {bot}, {site}, {manager}."))
    test_variant = models.BooleanField(
        _("вариант B (A/B-тест)"),
        default=False,
        help_text=_(
            "Отмеченный шаблон получает половина разговоров вместо обычного шаблона того же назначения и языка; "
            "итог теста — на странице аналитики."
        ),
    )

    panels: ClassVar[list] = [
        FieldRowPanel([FieldPanel("bot"), FieldPanel("language"), FieldPanel("purpose")]),
        FieldPanel("title"),
        FieldPanel("text"),
        FieldPanel("test_variant"),
    ]

    class Meta:
        ordering: ClassVar[list] = ["bot", "purpose", "title"]
        verbose_name = _("шаблон ответа")
        verbose_name_plural = _("шаблоны ответов")

    def __str__(self):
        return self.title

    def render(self, **values):
        return render_template_text(self.text, values)


class _Blank(dict):
    def __missing__(self, key):
        return ""


def render_template_text(text, values):
    try:
        return text.format_map(_Blank(values))
    except (ValueError, IndexError, AttributeError):  # a stray brace in an editor's text
        return text


class State(models.TextChoices):
    OPEN = "open", _("Отвечает бот")
    PENDING = "pending", _("Ждёт менеджера")
    RESOLVED = "resolved", _("Решён")


# The conversation's status machine: the one table of allowed moves (assistant/services.py uses it).
TRANSITIONS = {
    State.OPEN: {State.PENDING, State.RESOLVED},
    State.PENDING: {State.OPEN, State.RESOLVED},
    State.RESOLVED: set(),
}


class Conversation(models.Model):
    bot = models.ForeignKey(Bot, verbose_name=_("бот"), on_delete=models.CASCADE, related_name="conversations")
    channel = models.CharField(_("канал"), max_length=20, choices=Channel.choices)
    external_chat_id = models.CharField(_("чат в канале"), max_length=100)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("клиент"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assistant_conversations",
    )
    customer_name = models.CharField(_("имя клиента"), max_length=150, blank=True)
    language = models.CharField(_("язык"), max_length=8, default="ru")
    state = models.CharField(_("состояние"), max_length=20, choices=State.choices, default=State.OPEN)
    handoff_reason = models.CharField(_("причина передачи"), max_length=100, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("менеджер"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assistant_assigned",
    )
    lead = models.ForeignKey(
        "leads.Lead", verbose_name=_("заявка"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_topic = models.CharField(_("последняя тема"), max_length=255, blank=True)
    variant = models.CharField(_("вариант A/B"), max_length=1, blank=True)  # "b": the bot's persona B
    # "a"/"b" while the bot tests a template against its variant B (assistant/texts.py); split apart from personas
    template_variant = models.CharField(_("вариант шаблонов A/B"), max_length=1, blank=True)
    csat = models.PositiveSmallIntegerField(_("оценка"), null=True, blank=True)
    csat_asked = models.BooleanField(default=False)
    staff_replied = models.BooleanField(default=False)
    started_at = models.DateTimeField(_("начат"), default=timezone.now)
    first_answer_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(_("обновлён"), default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    # The ЖильеGO bot's dialogue in this chat (assistant/staybot): the search step, its filters (city, district,
    # class, type, rooms), dates, guests, page, and the preferences saved from the last search.
    bot_state = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        ordering: ClassVar[list] = ["-updated_at"]
        verbose_name = _("разговор")
        verbose_name_plural = _("разговоры")
        indexes: ClassVar[list] = [
            models.Index(fields=["bot", "channel", "external_chat_id"], name="assistant_conv_chat_idx"),
            models.Index(fields=["bot", "state", "updated_at"], name="assistant_conv_state_idx"),
        ]

    def __str__(self):
        who = self.customer_name or self.external_chat_id[:12]
        return f"{self.get_channel_display()} · {who}"


class Role(models.TextChoices):
    CUSTOMER = "customer", _("Клиент")
    BOT = "bot", _("Бот")
    STAFF = "staff", _("Менеджер")
    SYSTEM = "system", _("Событие")


class Delivery(models.TextChoices):
    NONE = "", _("—")
    PENDING = "pending", _("Отправляется")
    SENT = "sent", _("Отправлено")
    FAILED = "failed", _("Не доставлено")


class Message(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    channel = models.CharField(max_length=20, choices=Channel.choices)
    external_id = models.CharField(max_length=120, blank=True)  # the channel's message id, for dedup
    role = models.CharField(max_length=20, choices=Role.choices)
    text = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    sources = models.JSONField(default=list, blank=True)  # [{"title", "url"}] the answer used
    confidence = models.FloatField(null=True, blank=True)
    handled = models.BooleanField(default=False)  # a customer's message the bot has taken up (answered once)
    is_media = models.BooleanField(default=False)  # a photo, voice, file: answered politely, not read
    answered = models.BooleanField(default=True)  # False: a customer's question the bot could not answer
    provider = models.CharField(max_length=120, blank=True)
    prompt_tokens = models.PositiveIntegerField(default=0)
    completion_tokens = models.PositiveIntegerField(default=0)
    cost = models.DecimalField(max_digits=10, decimal_places=4, default=Decimal(0))
    delivery = models.CharField(max_length=10, choices=Delivery.choices, blank=True, default="")

    class Meta:
        ordering: ClassVar[list] = ["created_at", "pk"]
        constraints: ClassVar[list] = [
            models.UniqueConstraint(
                fields=["channel", "external_id"], condition=~Q(external_id=""), name="assistant_message_once"
            )
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.text[:40]}"


class Marketplace(models.TextChoices):
    WILDBERRIES = "wildberries", _("Wildberries")
    OZON = "ozon", _("Ozon")
    AVITO = "avito", _("Авито (мессенджер)")
    BITRIX = "bitrix", _("1С-Битрикс24 (открытые линии)")


class MarketplaceShop(models.Model):
    """A brand's shop on a marketplace: the bot drafts answers to its buyers' questions and reviews; those at or
    above the threshold are published by themselves, the rest wait for a manager."""

    bot = models.ForeignKey(Bot, verbose_name=_("бот"), on_delete=models.CASCADE, related_name="shops")
    name = models.CharField(_("название магазина"), max_length=120)
    platform = models.CharField(_("площадка"), max_length=20, choices=Marketplace.choices)
    # Wildberries: the API token; Ozon: the Api-Key; Avito: the client_secret; Bitrix24: the inbound webhook's
    # address, which holds its key (encrypted, entered through the form's write-only field)
    api_key = models.TextField(blank=True, editable=False)
    client_id = models.CharField(
        _("Client-Id (Ozon) / client_id (Авито)"), max_length=40, blank=True, help_text=_("Только для Ozon и Авито.")
    )
    account_id = models.CharField(
        _("номер профиля (Авито)"),
        max_length=20,
        blank=True,
        help_text=_("Только для Авито: номер пользователя из личного кабинета, для адресов мессенджера."),
    )
    auto_publish_confidence = models.DecimalField(
        _("публиковать сам от уверенности"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.80"),
        help_text=_("Ответ с уверенностью не ниже этой публикуется без менеджера (0–1; 1 — всегда через менеджера)."),
    )
    is_enabled = models.BooleanField(_("включён"), default=True, help_text=_("Выключенный магазин не опрашивается."))
    fetched_until = models.DateTimeField(_("вопросы получены до"), null=True, blank=True, editable=False)
    last_error = models.TextField(_("последняя ошибка"), blank=True, editable=False)

    panels: ClassVar[list] = [
        FieldRowPanel([FieldPanel("bot"), FieldPanel("platform"), FieldPanel("is_enabled")]),
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("client_id"), FieldPanel("account_id"), FieldPanel("new_api_key")]),
        FieldPanel("auto_publish_confidence"),
    ]

    class Meta:
        ordering: ClassVar[list] = ["bot", "name"]
        verbose_name = _("магазин на маркетплейсе")
        verbose_name_plural = _("магазины на маркетплейсах")

    def __str__(self):
        return f"{self.get_platform_display()} · {self.name}"

    def credentials(self):
        key = crypto.decrypt(self.api_key) if self.api_key else ""
        if self.platform == Marketplace.OZON:
            return {"client_id": self.client_id, "api_key": key}
        if self.platform == Marketplace.AVITO:
            return {"client_id": self.client_id, "client_secret": key, "user_id": self.account_id}
        if self.platform == Marketplace.BITRIX:
            return {"webhook_url": key}
        return {"token": key}


class QuestionKind(models.TextChoices):
    QUESTION = "question", _("Вопрос")
    REVIEW = "review", _("Отзыв")
    MESSAGE = "message", _("Сообщение в чате")


class QuestionState(models.TextChoices):
    NEW = "new", _("Новый")
    DRAFTED = "drafted", _("Ждёт менеджера")
    APPROVED = "approved", _("Одобрен, публикуется")
    PUBLISHED = "published", _("Опубликован")
    FAILED = "failed", _("Не опубликован")


class MarketplaceQuestion(models.Model):
    """A buyer's question or review in a shop, once per (shop, external id), with the answer drafted for it."""

    shop = models.ForeignKey(
        MarketplaceShop, verbose_name=_("магазин"), on_delete=models.CASCADE, related_name="questions"
    )
    external_id = models.CharField(_("номер на площадке"), max_length=120, editable=False)
    kind = models.CharField(_("вид"), max_length=10, choices=QuestionKind.choices, editable=False)
    text = models.TextField(_("текст покупателя"), editable=False)
    product = models.CharField(_("товар"), max_length=255, blank=True, editable=False)
    sku = models.CharField(_("артикул"), max_length=40, blank=True, editable=False)
    rating = models.PositiveSmallIntegerField(_("оценка"), null=True, blank=True, editable=False)
    answer = models.TextField(_("ответ"), blank=True, help_text=_("Черновик бота; исправьте перед публикацией."))
    confidence = models.FloatField(_("уверенность"), default=0, editable=False)
    state = models.CharField(
        _("состояние"), max_length=10, choices=QuestionState.choices, default=QuestionState.NEW, editable=False
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("одобрил"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    asked_at = models.DateTimeField(_("задан"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("получен"), default=timezone.now, editable=False)
    approved_at = models.DateTimeField(_("одобрен"), null=True, blank=True, editable=False)
    published_at = models.DateTimeField(_("опубликован"), null=True, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    retry_at = models.DateTimeField(null=True, blank=True, editable=False)  # the next publish attempt
    last_error = models.TextField(_("последняя ошибка"), blank=True, editable=False)

    panels: ClassVar[list] = [FieldPanel("answer")]

    class Meta:
        ordering: ClassVar[list] = ["-created_at", "-pk"]
        verbose_name = _("вопрос с маркетплейса")
        verbose_name_plural = _("вопросы с маркетплейсов")
        constraints: ClassVar[list] = [
            models.UniqueConstraint(fields=["shop", "external_id"], name="assistant_marketplace_question_once")
        ]
        indexes: ClassVar[list] = [models.Index(fields=["state", "created_at"], name="assistant_mq_state_idx")]

    def __str__(self):
        return self.text[:60]
