"""The support assistant's demo: one bot per brand site with a few FAQ and answer templates, no language model
(the bot answers from the FAQ, the site's pages and templates, and the admin says so). Idempotent."""

from wagtail.models import Page, Site

from assistant.models import (
    FAQ,
    AnswerTemplate,
    Bot,
    Marketplace,
    MarketplaceQuestion,
    MarketplaceShop,
    QuestionKind,
    QuestionState,
    TemplatePurpose,
)

BOTS = {
    "inback.localhost": (
        "Инна из InBack",
        "Помогаю выбрать квартиру в новостройке, рассказываю о кэшбеке и ипотеке.",
        [
            (
                "Что такое кэшбек InBack?",
                "кэшбек возврат деньги",
                "После покупки через нас мы возвращаем часть стоимости: размер указан в карточке квартиры.",
                "cashback",
            ),
            (
                "Как записаться на просмотр квартиры?",
                "просмотр показ встреча",
                "Оставьте заявку на странице квартиры или напишите здесь телефон и «перезвоните».",
                "",
            ),
            (
                "Помогаете с ипотекой?",
                "ипотека кредит банк",
                "Да: подберём программу банка-партнёра. Расчёт есть в ипотечном калькуляторе на странице квартиры.",
                "",
            ),
        ],
    ),
    "avtofamily.localhost": (
        "Авто-помощник Avtofamily",
        "Отвечаю о машинах в наличии, тест-драйве и трейд-ин.",
        [
            (
                "Как записаться на тест-драйв?",
                "тест драйв тестдрайв поездка",
                "Откройте объявление машины и нажмите «Тест-драйв» или оставьте здесь телефон со словом «перезвоните».",
                "",
            ),
            (
                "Принимаете машину в трейд-ин?",
                "трейд обмен сдать",
                "Да, оцениваем вашу машину при встрече в салоне и засчитываем её стоимость в покупку.",
                "",
            ),
            (
                "Машины проверены?",
                "проверка диагностика история",
                "Каждая машина проходит диагностику, а её история проверяется по базам перед продажей.",
                "",
            ),
        ],
    ),
    "svoykrug.localhost": (
        "Помощник «Своего Круга»",
        "Рассказываю о бонусах, уровнях клуба, купонах и мероприятиях.",
        [
            (
                "Как накопить бонусы?",
                "бонусы баллы накопить начисление",
                "Покупайте у партнёров клуба и показывайте QR-карту: баллы начисляются по уровню.",
                "",
            ),
            (
                "Какие уровни есть в клубе?",
                "уровень статус insider vip elite",
                "Insider, VIP, Elite и Inner Circle: уровень растёт с покупками у партнёров.",
                "",
            ),
            (
                "Как вступить в клуб?",
                "вступить регистрация участник",
                "Зарегистрируйтесь на сайте клуба — карта участника появится в кабинете сразу.",
                "",
            ),
        ],
    ),
    "zhilego.localhost": (
        "ЖильеGO-помощник",
        "Помогаю найти жильё посуточно в Астане и отвечаю о бронировании и оплате.",
        [
            (
                "Как забронировать квартиру?",
                "бронь бронирование забронировать",
                "Выберите даты на странице объекта и нажмите «Забронировать»: бронь держится 15 минут до оплаты.",
                "",
            ),
            (
                "Как отменить бронирование?",
                "отмена отменить возврат",
                "Отменить бронь можно в личном кабинете; сумма возврата видна перед отменой.",
                "",
            ),
            (
                "Во сколько заезд и выезд?",
                "заезд выезд время",
                "Время заезда и выезда указано на странице каждого объекта.",
                "",
            ),
        ],
    ),
}
TEMPLATES = [
    (
        TemplatePurpose.GENERAL,
        "Уточнить телефон",
        "{name}, оставьте, пожалуйста, номер телефона — менеджер перезвонит.",
    ),
    (TemplatePurpose.GENERAL, "Спасибо за ожидание", "Спасибо, что подождали! Меня зовут {manager}, я помогу."),
    (TemplatePurpose.HANDOFF, "Передача менеджеру", "Передаю разговор менеджеру {site}: он ответит здесь же."),
]


def seed():
    created = 0
    for hostname, (name, persona, faqs) in BOTS.items():
        site = Site.objects.filter(hostname=hostname).first()
        if site is None:
            continue
        bot, made = Bot.objects.get_or_create(site=site, defaults={"name": name, "persona": persona})
        created += made
        for question, keywords, answer, slug in faqs:
            page = Page.objects.descendant_of(site.root_page).filter(slug=slug).first() if slug else None
            _faq, made = FAQ.objects.get_or_create(
                bot=bot, question=question, defaults={"keywords": keywords, "answer": answer, "page": page}
            )
            created += made
        for purpose, title, text in TEMPLATES:
            _template, made = AnswerTemplate.objects.get_or_create(
                bot=bot, title=title, defaults={"purpose": purpose, "text": text}
            )
            created += made
        created += seed_marketplace(bot, faqs)
    return created


def seed_marketplace(bot, faqs):
    """A demo Wildberries shop (off, no key: it is never polled) with a buyer's question drafted from the FAQ and
    a review, waiting for a manager in «Вопросы с маркетплейсов»."""
    shop, made = MarketplaceShop.objects.get_or_create(
        bot=bot, name=f"{bot.name}: демо-магазин", defaults={"platform": Marketplace.WILDBERRIES, "is_enabled": False}
    )
    question, answer = faqs[0][0], faqs[0][2]
    rows = [
        ("demo:q1", QuestionKind.QUESTION, question, None, answer),
        ("demo:r1", QuestionKind.REVIEW, "Всё отлично, спасибо!", 5, "Спасибо за отзыв! Будем рады видеть вас снова."),
    ]
    for external_id, kind, text, rating, draft in rows:
        _row, new = MarketplaceQuestion.objects.get_or_create(
            shop=shop,
            external_id=external_id,
            defaults={"kind": kind, "text": text, "rating": rating, "answer": draft, "confidence": 0.5,
                      "state": QuestionState.DRAFTED},
        )  # fmt: skip
        made += new
    return made
