# ruff: noqa: E501 - the translation tables read best one entry per line
"""Demo of «Свой Круг»: the five partner businesses with hours and offers, and a dozen club events.

Events are placed relative to the day the demo is built (two months back to three months ahead), so some are
past. `seed(home)` is idempotent; `scale=N` adds N more businesses and N more events, without revisions."""

from datetime import datetime, time, timedelta
from decimal import Decimal
from itertools import cycle

from django.utils import timezone

from catalog.models import (
    BusinessCategory,
    BusinessGalleryImage,
    BusinessIndexPage,
    BusinessPage,
    City,
    EventIndexPage,
    EventPage,
    OpeningHours,
    PartnerOffer,
    Tier,
    partners,
)
from catalog.reference_data import slug_for
from demo import bulk
from demo.helpers import PARTNER_LOGO_RENDITIONS, PHOTO_RENDITIONS, add_to_menu, ensure_image, publish_child
from demo.images import STOREFRONT_GOODS, draw_event, draw_logo, draw_room, draw_storefront

PRIMARY, ACCENT = "#0B6E69", "#8E3B62"
INTERIORS = [("lobby", "Зона ожидания"), ("living", "Зал для гостей")]  # (demo/images.draw_room kind, caption)
ALL_TIERS = Tier.values
VIP_AND_UP = [Tier.VIP, Tier.ELITE, Tier.INNER_CIRCLE]
ELITE_AND_UP = [Tier.ELITE, Tier.INNER_CIRCLE]

# (weekday_from, weekday_to, opens, closes); 0 = Monday
WEEKDAYS_AND_SATURDAY = [(0, 4, "09:00", "21:00"), (5, 5, "10:00", "18:00")]

BUSINESSES = [
    {
        "slug": "skinerica",
        "title": "Skinerica",
        "initials": "SK",
        "color": "#0B6E69",
        "category": "kosmetologiya",
        "address": "Никитский бульвар, 12",
        "postal_code": "119019",
        "geo": ("55.753700", "37.598700"),
        "phone": "+7 495 120-45-67",
        "email": "hello@skinerica.ru",
        "website": "https://skinerica.ru",
        "social_url": "https://t.me/skinerica",
        "hours": [(0, 5, "10:00", "21:00"), (6, 6, "11:00", "19:00")],
        "description": (
            "Skinerica — клиника эстетической косметологии в пяти минутах от Арбатской: чистки, пилинги, "
            "уходовые программы и аппаратные процедуры.\n\n"
            "Косметологи подбирают уход по состоянию кожи и сезону, а не по прайсу: первая консультация "
            "начинается с диагностики, после процедуры вы получаете план домашнего ухода. Участницам клуба "
            "начисляются бонусы за каждый визит и за покупку профессиональной косметики."
        ),
        "offers": [
            ("Скидка на первую чистку лица", "discount", 15, 60, "Для участниц клуба любого статуса, один раз."),
            ("Бонусы за комплексный уход", "points", 500, None, "За курс из трёх процедур и более."),
            ("Маска в подарок ко дню рождения", "gift", None, -10, "Акция завершилась."),
        ],
    },
    {
        "slug": "lisichkino",
        "title": "Лисичкино",
        "initials": "Л",
        "color": "#B5532A",
        "category": "gastromarket",
        "address": "ул. Большая Якиманка, 22",
        "postal_code": "119180",
        "geo": ("55.735500", "37.612800"),
        "phone": "+7 495 781-22-90",
        "email": "info@lisichkino.ru",
        "website": "https://lisichkino.ru",
        "social_url": "https://vk.com/lisichkino_market",
        "hours": [(0, 6, "08:00", "23:00")],
        "description": (
            "«Лисичкино» — гастромаркет на Якиманке: фермерские сыры и мясо, свежая выпечка, готовая еда "
            "от собственной кухни и винная полка с сомелье.\n\n"
            "Утром здесь завтракают, днём забирают обеды навынос, а по выходным проводят дегустации "
            "и кулинарные мастер-классы. Бонусы клуба начисляются и тратятся на кассе по QR-коду."
        ),
        "offers": [
            ("Бонусы за покупку от 3000 ₽", "points", 300, None, "Начисляются в течение суток после покупки."),
            ("Кофе в подарок к завтраку", "gift", None, 45, "По будням до 11:00 при заказе любого завтрака."),
        ],
    },
    {
        "slug": "stim-tsentr",
        "title": "Стим Центр",
        "initials": "СЦ",
        "color": "#2B5C8A",
        "category": "stomatologiya",
        "address": "Ленинский проспект, 37",
        "postal_code": "119071",
        "geo": ("55.706600", "37.587300"),
        "phone": "+7 495 665-18-03",
        "email": "reception@stim-center.ru",
        "website": "https://stim-center.ru",
        "social_url": "https://t.me/stim_center",
        "hours": WEEKDAYS_AND_SATURDAY,
        "description": (
            "«Стим Центр» — стоматологическая клиника полного цикла: профилактика и гигиена, лечение, "
            "имплантация, ортодонтия и эстетическая реставрация.\n\n"
            "Приём ведут врачи с опытом от десяти лет, план лечения и смета согласуются до начала работы. "
            "Клубу передаются только сумма и дата визита — подробности лечения остаются врачебной тайной."
        ),
        "offers": [
            ("Профессиональная гигиена со скидкой", "discount", 20, 90, "Ультразвук, Air Flow и полировка."),
            ("Консультация ортодонта в подарок", "gift", None, None, "При записи через приложение клуба."),
        ],
    },
    {
        "slug": "mindal",
        "title": "Миндаль",
        "initials": "М",
        "color": "#8E3B62",
        "category": "salon-krasoty",
        "address": "ул. Малая Бронная, 28",
        "postal_code": "123104",
        "geo": ("55.762200", "37.593000"),
        "phone": "+7 495 204-77-15",
        "email": "salon@mindal-beauty.ru",
        "website": "https://mindal-beauty.ru",
        "social_url": "https://t.me/mindal_beauty",
        "hours": [(0, 6, "10:00", "22:00")],
        "description": (
            "«Миндаль» — салон красоты на Патриарших: стрижки и окрашивание, маникюр и педикюр, "
            "брови и ресницы, уходовые ритуалы для волос.\n\n"
            "Мастера помнят ваши предпочтения, а онлайн-запись показывает свободные окна на две недели вперёд. "
            "Для участниц клуба — скидка на первый визит и повышенные бонусы за окрашивание."
        ),
        "offers": [
            ("Скидка на первый визит", "discount", 10, None, "На любую услугу салона."),
            ("Бонусы за окрашивание", "points", 700, 30, "За окрашивание любой сложности."),
        ],
    },
    {
        "slug": "millenium",
        "title": "Миллениум",
        "initials": "МЦ",
        "color": "#3C6E47",
        "category": "meditsinskiy-tsentr",
        "address": "ул. Профсоюзная, 56",
        "postal_code": "117393",
        "geo": ("55.670500", "37.552300"),
        "phone": "+7 495 988-40-21",
        "email": "info@millenium-clinic.ru",
        "website": "https://millenium-clinic.ru",
        "social_url": "https://vk.com/millenium_clinic",
        "hours": [(0, 4, "08:00", "21:00"), (5, 6, "09:00", "18:00")],
        "description": (
            "«Миллениум» — многопрофильный медицинский центр: терапия, гинекология, эндокринология, "
            "кардиология, УЗИ и собственная лаборатория.\n\n"
            "Чек-ап программы собраны так, чтобы пройти все обследования за одно утро. Результаты анализов "
            "приходят в личный кабинет клиники; клубу передаётся только факт и сумма покупки."
        ),
        "offers": [
            ("Женский чек-ап со скидкой", "discount", 10, 75, "Программа «Здоровье 30+», запись по телефону."),
            ("Бонусы за годовую программу", "points", 1000, None, "За покупку годового прикрепления."),
        ],
    },
]

CLUB_PLACE = ("Клубное пространство «Свой Круг»", "ул. Остоженка, 25")

# days from the seeding day, title, organiser slug (None: the club), price, tiers, capacity, extra fields
EVENTS = [
    (-58, "Вечер ухода за кожей в Skinerica", "skinerica", 0, ALL_TIERS, 20, {}),
    (-40, "Дегустация сыров и вин в «Лисичкино»", "lisichkino", 2500, VIP_AND_UP, 16, {}),
    (-21, "Лекция «Здоровая улыбка без страха»", "stim-tsentr", 0, ALL_TIERS, 30, {}),
    (-7, "Бьюти-завтрак в «Миндале»", "mindal", 1500, [Tier.INSIDER, Tier.VIP], 12, {}),
    (-2, "Чек-ап-день в «Миллениуме»", "millenium", 0, ELITE_AND_UP, 10, {}),
    (3, "Мастер-класс по домашнему уходу за кожей", "skinerica", 1200, ALL_TIERS, 15, {}),
    (
        10,
        "Онлайн-встреча: как копить и тратить бонусы клуба",
        None,
        0,
        ALL_TIERS,
        300,
        {"attendance_mode": "online", "online_url": "https://telemost.yandex.ru/j/svoykrug-bonusy"},
    ),
    (18, "Гастроужин с шеф-поваром «Лисичкино»", "lisichkino", 4500, VIP_AND_UP, 24, {"status": "cancelled"}),
    (30, "Закрытый вечер Inner Circle", None, 0, [Tier.INNER_CIRCLE], 25, {}),
    (
        45,
        "День открытых дверей в «Стим Центре»",
        "stim-tsentr",
        0,
        ALL_TIERS,
        40,
        {"attendance_mode": "mixed", "online_url": "https://vk.com/video/@stim_center/live"},
    ),
    (
        62,
        "Выездная встреча клуба в Петербурге",
        None,
        3000,
        ELITE_AND_UP,
        20,
        {"city": "sankt-peterburg", "place_name": "Бутик-отель «Рубинштейн»", "address": "ул. Рубинштейна, 15"},
    ),
    (85, "Бьюти-марафон в «Миндале»", "mindal", 2000, ALL_TIERS, 40, {}),
]

EVENT_DESCRIPTION = (
    "{title}. Встреча для участниц клуба «Свой Круг»: {what}.\n\n"
    "Количество мест ограничено — приходите вовремя, а если планы изменятся, предупредите организаторов, "
    "чтобы место досталось другой участнице. Бонусы за участие начисляются в течение суток."
)
EVENT_WHAT = {
    "skinerica": "косметологи расскажут о сезонном уходе и ответят на вопросы о процедурах",
    "lisichkino": "дегустация, рассказ о производителях и угощения от кухни гастромаркета",
    "stim-tsentr": "врачи клиники объяснят, как сохранить здоровье зубов и не бояться визитов к стоматологу",
    "mindal": "мастера салона покажут быстрые укладки и подберут уход для волос",
    "millenium": "обследования по программе чек-апа и консультация терапевта в один день",
    None: "знакомство с другими участницами, новости клуба и ответы на вопросы о статусах и бонусах",
}


def seed(home, *, scale=0, stdout=None):
    """Create the partner and event indexes under `home` with the demo content; return how many objects."""
    seeder = _Seeder(home)
    seeder.run(scale)
    if stdout is not None and seeder.created:
        stdout.write(f"  «Свой Круг»: {seeder.created} demo objects for partners and events.")
    return seeder.created


class _Seeder:
    def __init__(self, home):
        self.home = home
        self.created = 0
        self.moscow = City.objects.get(slug="moskva")
        self.now = partners.now()

    def run(self, scale):
        business_index = self.publish(
            self.home,
            BusinessIndexPage(
                title="Партнёры клуба",
                slug="partners",
                intro="Косметология, гастромаркет, стоматология, салон красоты и медцентр: где копить и тратить "
                "бонусы клуба и какие привилегии ждут участниц.",
            ),
        )
        event_index = self.publish(
            self.home,
            EventIndexPage(
                title="Мероприятия",
                slug="events",
                intro="Мастер-классы, дегустации, лекции врачей и закрытые вечера для участниц клуба. "
                "Отбирайте по месяцу, городу и своему статусу.",
            ),
        )
        self.created += add_to_menu(self.home, business_index, event_index)
        businesses = {data["slug"]: self.business(business_index, data) for data in BUSINESSES}
        club_cover = self.image(
            "svoykrug-event-cover",
            lambda: draw_event(PRIMARY, ACCENT, seed="svoykrug-events"),
            "svoykrug-events.jpg",
            "Встречи участниц клуба «Свой Круг»",
        )
        for spec in EVENTS:
            self.event(event_index, spec, businesses, club_cover)
        if scale:
            self.scale(business_index, event_index, businesses, club_cover, scale)

    # -- helpers -------------------------------------------------------------

    def publish(self, parent, page, *, revision=True):
        """Add `page` under `parent` once. Listings go live without a revision (faster)."""
        page, created = publish_child(parent, page, revision=revision)
        self.created += created
        return page

    def image(self, key, draw, filename, alt_text, renditions=PHOTO_RENDITIONS):
        image, created = ensure_image(key, draw, filename=filename, description=alt_text, renditions=renditions)
        self.created += created
        return image

    def at(self, days, hour=19):
        day = self.now.astimezone(timezone.get_current_timezone()).date() + timedelta(days=days)
        return timezone.make_aware(datetime.combine(day, time(hour)))

    # -- content -------------------------------------------------------------

    def business(self, index, data):
        existing = index.get_children().filter(slug=data["slug"]).specific().first()
        if existing:
            return existing
        cover = self.image(
            f"svoykrug-{data['slug']}-cover",
            lambda: draw_storefront(data["color"], STOREFRONT_GOODS.get(data["category"], "bottles"), data["slug"]),
            f"svoykrug-{data['slug']}.jpg",
            f"{data['title']} — партнёр клуба «Свой Круг»",
        )
        logo = self.image(
            f"svoykrug-{data['slug']}-logo",
            lambda: draw_logo(data["initials"], data["color"]),
            f"svoykrug-{data['slug']}-logo.png",
            f"Логотип {data['title']}",
            renditions=PARTNER_LOGO_RENDITIONS,
        )
        today = partners.today()
        page = BusinessPage(
            title=data["title"],
            slug=data["slug"],
            category=BusinessCategory.objects.get(slug=data["category"]),
            city=self.moscow,
            address=data["address"],
            postal_code=data["postal_code"],
            latitude=Decimal(data["geo"][0]),
            longitude=Decimal(data["geo"][1]),
            phone=data["phone"],
            email=data["email"],
            website=data["website"],
            social_url=data["social_url"],
            description=data["description"],
            logo=logo,
        )
        page.opening_hours = [
            OpeningHours(
                weekday_from=first, weekday_to=last, opens=time.fromisoformat(opens), closes=time.fromisoformat(closes)
            )
            for first, last, opens, closes in data["hours"]
        ]
        # A second photo from a small shared pool: the drawn halls look alike, as partners' halls do.
        number = BUSINESSES.index(data) % len(INTERIORS)
        kind, caption = INTERIORS[number]
        interior = self.image(
            f"svoykrug-interior-{number}",
            lambda: draw_room(kind, f"svoykrug-interior-{number}", PRIMARY if number else ACCENT),
            f"svoykrug-interior-{number}.jpg",
            caption,
        )
        page.gallery_images = [
            BusinessGalleryImage(image=cover, caption=f"{data['title']}, {data['address']}", sort_order=0),
            BusinessGalleryImage(image=interior, caption=caption, sort_order=1),
        ]
        page.offers = [
            PartnerOffer(
                title=title,
                kind=kind,
                value=value,
                valid_until=today + timedelta(days=days) if days is not None else None,
                description=conditions,
            )
            for title, kind, value, days, conditions in data["offers"]
        ]
        return self.publish(index, page, revision=False)

    def event(self, index, spec, businesses, club_cover):
        days, title, organiser_slug, price, tiers, capacity, extra = spec
        slug = slug_for(title)
        if index.get_children().filter(slug=slug).exists():
            return
        organiser = businesses.get(organiser_slug)
        extra = dict(extra)
        city = City.objects.get(slug=extra.pop("city")) if "city" in extra else self.moscow
        if organiser is not None:
            place_name, address = organiser.title, organiser.address
        else:
            place_name, address = CLUB_PLACE
        mode = extra.get("attendance_mode", EventPage.AttendanceMode.OFFLINE)
        page = EventPage(
            title=title,
            slug=slug,
            start=self.at(days),
            end=self.at(days, hour=22),
            place_name=extra.pop("place_name", place_name),
            address=extra.pop("address", address),
            city=city,
            capacity=capacity,
            price=Decimal(price),
            allowed_tiers=list(tiers),
            organiser=organiser,
            main_image=organiser.main_image if organiser else club_cover,
            description=EVENT_DESCRIPTION.format(title=title, what=EVENT_WHAT[organiser_slug]),
            **extra,
        )
        if mode == EventPage.AttendanceMode.ONLINE:
            page.place_name = page.address = ""
            page.city = None
        self.publish(index, page, revision=False)

    def scale(self, business_index, event_index, businesses, club_cover, count):
        """N more businesses and N more events, bulk-inserted (demo.bulk: fast, for load tests)."""
        categories = list(BusinessCategory.objects.all())
        covers = cycle([(b.main_image, b.logo) for b in businesses.values()])
        organisers = cycle(businesses.values())
        tier_sets = cycle([ALL_TIERS, VIP_AND_UP, ELITE_AND_UP, [Tier.INSIDER]])
        start = business_index.get_children().filter(slug__startswith="demo-partner-").count()
        stamp = partners.now()
        new_businesses, new_events = [], []
        for number in range(start + 1, start + count + 1):
            cover, logo = next(covers)
            category = categories[number % len(categories)]
            page = BusinessPage(
                title=f"Партнёр клуба №{number}",
                slug=f"demo-partner-{number}",
                category=category,
                city=self.moscow,
                address=f"ул. Тверская, {number}",
                phone="+7 495 000-00-00",
                description=f"Демо-партнёр №{number}: {category.name.lower()} в центре Москвы.",
                logo=logo,
                main_image=cover,
                first_published_at=stamp,
                last_published_at=stamp,
            )
            page.opening_hours = [OpeningHours(weekday_from=0, weekday_to=6, opens=time(10), closes=time(20))]
            page.offers = [PartnerOffer(title="Скидка участницам клуба", kind="discount", value=5 + number % 20)]
            new_businesses.append(page)
        start = event_index.get_children().filter(slug__startswith="demo-event-").count()
        for number in range(start + 1, start + count + 1):
            organiser = next(organisers)
            days = number % 150 - 60
            page = EventPage(
                title=f"Встреча клуба №{number}",
                slug=f"demo-event-{number}",
                start=self.at(days, hour=18),
                end=self.at(days, hour=21),
                place_name=organiser.title,
                address=organiser.address,
                city=self.moscow,
                capacity=20,
                price=Decimal((number % 4) * 500),
                allowed_tiers=list(next(tier_sets)),
                organiser=organiser,
                main_image=organiser.main_image or club_cover,
                description=f"Демо-мероприятие №{number} для участниц клуба.",
                first_published_at=stamp,
                last_published_at=stamp,
            )
            new_events.append(page)
        self.created += bulk.add_children({business_index: new_businesses, event_index: new_events})


# Russian words of this builder -> (Kazakh, English), for the translated demo pages (demo.translations).
TRANSLATIONS: dict[str, tuple[str, str]] = {
    "Партнёры клуба": ("Клуб серіктестері", "Club partners"),
    "Мероприятия": ("Іс-шаралар", "Events"),
    "Косметология, гастромаркет, стоматология, салон красоты и медцентр: где копить и тратить бонусы клуба и какие привилегии ждут участниц.": (
        "Косметология, гастромаркет, стоматология, сұлулық салоны және медорталық: клуб бонустарын қайда жинап, қайда жұмсауға болады және қатысушыларды қандай артықшылықтар күтеді.",
        "Cosmetology, a gastro market, dentistry, a beauty salon and a medical centre: where to earn and spend the club's bonuses and what perks members get.",
    ),
    "Мастер-классы, дегустации, лекции врачей и закрытые вечера для участниц клуба. Отбирайте по месяцу, городу и своему статусу.": (
        "Клуб қатысушыларына арналған шеберлік сабақтары, дегустациялар, дәрігерлер дәрістері және жабық кештер. Ай, қала және мәртебеңіз бойынша таңдаңыз.",
        "Workshops, tastings, doctors' talks and private evenings for club members. Filter by month, city and your tier.",
    ),
    BUSINESSES[0]["description"]: (
        "Skinerica — Арбат бекетінен бес минуттағы эстетикалық косметология клиникасы: тазалау, пилингтер, күтім бағдарламалары және аппараттық процедуралар.\n\nКосметологтар күтімді тері жағдайына және маусымға қарай таңдайды. Клуб қатысушыларына әр келу үшін бонус беріледі.",
        "Skinerica is an aesthetic cosmetology clinic five minutes from Arbatskaya: facial cleansing, peels, care programmes and device treatments.\n\nThe cosmetologists choose the care for your skin and the season. Club members earn bonuses with every visit.",
    ),
    BUSINESSES[1]["description"]: (
        "«Лисичкино» — Якиманкадағы гастромаркет: фермерлік ірімшіктер мен ет, жаңа піскен нан, өз ас үйінің дайын тамағы және сомельесі бар шарап сөресі.\n\nДемалыс күндері дегустациялар мен аспаздық шеберлік сабақтары өтеді. Клуб бонустары кассада QR-код арқылы есептеледі.",
        "Lisichkino is a gastro market on Yakimanka: farm cheese and meat, fresh pastries, ready meals from its own kitchen and a wine shelf with a sommelier.\n\nAt weekends it holds tastings and cooking workshops. Club bonuses are added and spent at the till with a QR code.",
    ),
    BUSINESSES[2]["description"]: (
        "«Стим Центр» — толық циклді стоматологиялық клиника: профилактика және гигиена, емдеу, имплантация, ортодонтия және эстетикалық қалпына келтіру.\n\nЕмдеу жоспары мен сметасы жұмыс басталғанға дейін келісіледі. Клубқа тек келу сомасы мен күні беріледі.",
        "Stim Centre is a full-service dental clinic: prevention and hygiene, treatment, implants, orthodontics and aesthetic restoration.\n\nThe treatment plan and estimate are agreed before any work starts. The club only receives the amount and date of a visit.",
    ),
    BUSINESSES[3]["description"]: (
        "«Миндаль» — Патриарх тоғандарындағы сұлулық салоны: шаш қию және бояу, маникюр және педикюр, қас пен кірпік, шаш күтімі.\n\nКлуб қатысушыларына алғашқы келуге жеңілдік және бояу үшін қосымша бонустар.",
        "Mindal is a beauty salon at Patriarch's Ponds: haircuts and colouring, manicure and pedicure, brows and lashes, hair care rituals.\n\nClub members get a discount on the first visit and extra bonuses for colouring.",
    ),
    BUSINESSES[4]["description"]: (
        "«Миллениум» — көпбейінді медициналық орталық: терапия, гинекология, эндокринология, кардиология, УДЗ және өз зертханасы.\n\nЧек-ап бағдарламалары барлық тексерулерді бір таңда өтуге мүмкіндік береді. Клубқа тек сатып алу фактісі мен сомасы беріледі.",
        "Millenium is a multi-specialty medical centre: general practice, gynaecology, endocrinology, cardiology, ultrasound and its own laboratory.\n\nCheck-up programmes fit every examination into one morning. The club only receives the fact and amount of a purchase.",
    ),
    "Скидка на первую чистку лица": ("Алғашқы бет тазалауға жеңілдік", "A discount on your first facial cleansing"),
    "Бонусы за комплексный уход": ("Кешенді күтім үшін бонустар", "Bonuses for a care course"),
    "Маска в подарок ко дню рождения": ("Туған күнге сыйлық маска", "A birthday face mask"),
    "Для участниц клуба любого статуса, один раз.": (
        "Кез келген мәртебедегі клуб қатысушыларына, бір рет.",
        "For club members of any tier, once.",
    ),
    "За курс из трёх процедур и более.": (
        "Үш және одан көп процедура курсы үшін.",
        "For a course of three treatments or more.",
    ),
    "Акция завершилась.": ("Акция аяқталды.", "The offer has ended."),
    "Бонусы за покупку от 3000 ₽": ("3000 ₽-ден бастап сатып алу үшін бонустар", "Bonuses for purchases over 3000 ₽"),
    "Начисляются в течение суток после покупки.": (
        "Сатып алудан кейін бір тәулік ішінде есептеледі.",
        "Added within a day of the purchase.",
    ),
    "Кофе в подарок к завтраку": ("Таңғы асқа сыйлық кофе", "Free coffee with breakfast"),
    "По будням до 11:00 при заказе любого завтрака.": (
        "Жұмыс күндері 11:00-ге дейін кез келген таңғы ас тапсырысымен.",
        "Weekdays until 11:00 with any breakfast.",
    ),
    "Профессиональная гигиена со скидкой": ("Жеңілдікпен кәсіби гигиена", "Professional hygiene at a discount"),
    "Ультразвук, Air Flow и полировка.": (
        "Ультрадыбыс, Air Flow және жылтырату.",
        "Ultrasound, Air Flow and polishing.",
    ),
    "Консультация ортодонта в подарок": ("Ортодонт кеңесі сыйлыққа", "A free orthodontist consultation"),
    "При записи через приложение клуба.": ("Клуб қосымшасы арқылы жазылғанда.", "When you book through the club app."),
    "Скидка на первый визит": ("Алғашқы келуге жеңілдік", "A discount on your first visit"),
    "На любую услугу салона.": ("Салонның кез келген қызметіне.", "On any of the salon's services."),
    "Бонусы за окрашивание": ("Бояу үшін бонустар", "Bonuses for colouring"),
    "За окрашивание любой сложности.": ("Кез келген күрделіліктегі бояу үшін.", "For colouring of any complexity."),
    "Женский чек-ап со скидкой": ("Жеңілдікпен әйелдер чек-апы", "A women's check-up at a discount"),
    "Программа «Здоровье 30+», запись по телефону.": (
        "«Денсаулық 30+» бағдарламасы, телефон арқылы жазылу.",
        "The «Health 30+» programme, booking by phone.",
    ),
    "Бонусы за годовую программу": ("Жылдық бағдарлама үшін бонустар", "Bonuses for an annual programme"),
    "За покупку годового прикрепления.": ("Жылдық тіркелуді сатып алу үшін.", "For buying an annual plan."),
    "Клубное пространство «Свой Круг»": ("«Свой Круг» клуб кеңістігі", "The «Svoy Krug» club space"),
    "Вечер ухода за кожей в Skinerica": ("Skinerica-да тері күтімі кеші", "A skincare evening at Skinerica"),
    "Дегустация сыров и вин в «Лисичкино»": (
        "«Лисичкинода» ірімшік пен шарап дегустациясы",
        "Cheese and wine tasting at Lisichkino",
    ),
    "Лекция «Здоровая улыбка без страха»": ("«Қорқынышсыз сау күлкі» дәрісі", "Talk: «A healthy smile without fear»"),
    "Бьюти-завтрак в «Миндале»": ("«Миндальдағы» бьюти-таңғы ас", "Beauty breakfast at Mindal"),
    "Чек-ап-день в «Миллениуме»": ("«Миллениумдағы» чек-ап күні", "Check-up day at Millenium"),
    "Мастер-класс по домашнему уходу за кожей": (
        "Үйде тері күтімі бойынша шеберлік сабағы",
        "Workshop: skincare at home",
    ),
    "Онлайн-встреча: как копить и тратить бонусы клуба": (
        "Онлайн-кездесу: клуб бонустарын қалай жинап, жұмсауға болады",
        "Online meeting: how to earn and spend the club's bonuses",
    ),
    "Гастроужин с шеф-поваром «Лисичкино»": (
        "«Лисичкино» бас аспазымен гастро-кешкі ас",
        "Gastro dinner with Lisichkino's chef",
    ),
    "Закрытый вечер Inner Circle": ("Inner Circle жабық кеші", "Private Inner Circle evening"),
    "День открытых дверей в «Стим Центре»": ("«Стим Центрде» ашық есік күні", "Open day at Stim Centre"),
    "Выездная встреча клуба в Петербурге": ("Клубтың Петербургтегі көшпелі кездесуі", "Club trip to Saint Petersburg"),
    "Бутик-отель «Рубинштейн»": ("«Рубинштейн» бутик-қонақүйі", "Rubinstein boutique hotel"),
    "Бьюти-марафон в «Миндале»": ("«Миндальдағы» бьюти-марафон", "Beauty marathon at Mindal"),
    ". Встреча для участниц клуба «Свой Круг»: ": (
        ". «Свой Круг» клубы қатысушыларына арналған кездесу: ",
        ". A meeting for members of «Svoy Krug»: ",
    ),
    EVENT_DESCRIPTION.split("\n\n")[1]: (
        "Орын саны шектеулі — уақытында келіңіз, ал жоспарыңыз өзгерсе, орын басқа қатысушыға бұйыруы үшін ұйымдастырушыларға ескертіңіз. Қатысқаны үшін бонустар бір тәулік ішінде есептеледі.",
        "Places are limited: come on time, and if your plans change, tell the organisers so that another member can take your place. Bonuses for taking part are added within a day.",
    ),
    EVENT_WHAT["skinerica"]: (
        "косметологтар маусымдық күтім туралы айтып, процедуралар туралы сұрақтарға жауап береді",
        "cosmetologists talk about seasonal skincare and answer questions about treatments",
    ),
    EVENT_WHAT["lisichkino"]: (
        "дегустация, өндірушілер туралы әңгіме және гастромаркет ас үйінің тағамдары",
        "a tasting, stories about the producers and treats from the market's kitchen",
    ),
    EVENT_WHAT["stim-tsentr"]: (
        "клиника дәрігерлері тіс денсаулығын қалай сақтау керектігін және стоматологтан қорықпауды түсіндіреді",
        "the clinic's doctors explain how to keep your teeth healthy and stop fearing the dentist",
    ),
    EVENT_WHAT["mindal"]: (
        "салон шеберлері жылдам сәндеуді көрсетіп, шашқа күтім таңдайды",
        "the salon's stylists show quick styling and choose hair care for you",
    ),
    EVENT_WHAT["millenium"]: (
        "чек-ап бағдарламасы бойынша тексерулер және терапевт кеңесі бір күнде",
        "check-up examinations and a GP consultation in one day",
    ),
    EVENT_WHAT[None]: (
        "басқа қатысушылармен танысу, клуб жаңалықтары және мәртебелер мен бонустар туралы сұрақтарға жауаптар",
        "meeting other members, club news and answers about tiers and bonuses",
    ),
    "Никитский бульвар": ("Никитский бульвары", "Nikitsky Boulevard"),
    "Ленинский проспект": ("Ленинский даңғылы", "Leninsky Prospekt"),
}
