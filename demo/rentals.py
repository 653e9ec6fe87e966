# ruff: noqa: E501 - the translation tables read best one entry per line
"""ЖильеGO demo: the rentals section of Astana with 60 properties in all districts, classes and types.

Idempotent: what exists is kept. `scale=N` adds N more properties quickly (bulk-inserted by demo.bulk,
no revisions, shared images)."""

import random
from datetime import time, timedelta
from decimal import Decimal

from django.utils import timezone
from wagtail.rich_text import RichText

from catalog.models import Amenity, City, District, HousingClass, PropertyType, RentalIndexPage, RentalPropertyPage
from catalog.models.rentals import RentalPhoto
from demo import bulk
from demo.helpers import add_to_menu, ensure_image, ensure_index
from demo.images import draw_room

INDEX_SLUG = "arenda"
DEMO_COUNT = 60
PRIMARY, ACCENT = "#00586E", "#9A4A00"

IMAGES = [
    # key (what demo/images.draw_room draws), caption, alt text
    ("living", "Светлая гостиная", "Гостиная с диваном и большим окном"),
    ("bedroom", "Спальня", "Спальня с двуспальной кроватью"),
    ("kitchen", "Кухня", "Кухня с плитой, холодильником и обеденным столом"),
    ("view", "Вид на Астану", "Вид из окна на вечернюю Астану"),
    ("bathroom", "Ванная", "Ванная комната с душевой"),
    ("house", "Дом и двор", "Частный дом с двором и парковкой"),
    ("hostel", "Общая комната", "Общая комната хостела с двухъярусными кроватями"),
    ("terrace", "Терраса", "Терраса с мангалом"),
]
PHOTO_SETS = {
    "kvartira": ["living", "bedroom", "kitchen", "view", "bathroom"],
    "komnata": ["bedroom", "kitchen", "bathroom"],
    "chastnyy-dom": ["house", "living", "bedroom", "kitchen", "terrace"],
    "kottedzh": ["house", "terrace", "living", "bedroom", "kitchen", "bathroom"],
    "khostel": ["hostel", "kitchen", "bathroom"],
}

DISTRICTS = {
    # slug: (streets, centre latitude, centre longitude, a sentence about the area)
    "esilskiy": (
        ["проспект Мангилик Ел", "улица Сыганак", "проспект Кабанбай батыра", "улица Достык", "проспект Туран"],
        Decimal("51.1280"),
        Decimal("71.4300"),
        "Левый берег: деловые кварталы, набережная Есиля и главные достопримечательности столицы в пешей доступности.",
    ),
    "almatinskiy": (
        ["проспект Тауелсыздык", "улица Жумабаева", "проспект Абылай хана", "улица Петрова", "улица Шарля де Голля"],
        Decimal("51.1500"),
        Decimal("71.4800"),
        "Спокойный жилой район на правом берегу с парками, школами и большими торговыми центрами.",
    ),
    "baykonurskiy": (
        ["проспект Богенбай батыра", "улица Сейфуллина", "проспект Республики", "улица Кенесары", "улица Ауэзова"],
        Decimal("51.1690"),
        Decimal("71.4300"),
        "Исторический центр города: старые тенистые улицы, кафе, до вокзала и на левый берег — 15 минут.",
    ),
    "saryarkinskiy": (
        ["проспект Сарыарка", "улица Иманова", "улица Бейбитшилик", "улица Пушкина", "проспект Жеңіс"],
        Decimal("51.1800"),
        Decimal("71.4000"),
        "Зелёный район у центрального железнодорожного вокзала, удобный для транзита и коротких поездок.",
    ),
}

TYPE_PLAN = (
    # (type slug, how many of 60)
    [("kvartira", 34), ("komnata", 8), ("chastnyy-dom", 7), ("kottedzh", 6), ("khostel", 5)]
)
CLASS_SLUGS = ["komfort", "biznes", "premium"]
PRICE_RANGES = {
    # (type, class): (min, max) tenge per night
    "kvartira": {"komfort": (12_000, 19_000), "biznes": (20_000, 34_000), "premium": (35_000, 55_000)},
    "komnata": {"komfort": (8_000, 11_000), "biznes": (11_000, 14_000), "premium": (14_000, 18_000)},
    "chastnyy-dom": {"komfort": (22_000, 30_000), "biznes": (30_000, 42_000), "premium": (42_000, 55_000)},
    "kottedzh": {"komfort": (30_000, 38_000), "biznes": (38_000, 48_000), "premium": (48_000, 60_000)},
    "khostel": {"komfort": (8_000, 9_000), "biznes": (9_000, 10_500), "premium": (10_500, 12_000)},
}
DESCRIPTORS = [
    "в тихом дворе",
    "с видом на набережную",
    "у парка",
    "с панорамными окнами",
    "для командировки",
    "для семьи с детьми",
    "в новом жилом комплексе",
    "рядом с остановкой",
    "с рабочим местом",
    "у торгового центра",
]
AMENITY_SETS = {
    "komfort": ["wi-fi", "kukhnya", "utyug", "fen", "televizor"],
    "biznes": ["wi-fi", "kukhnya", "stiralnaya-mashina", "konditsioner", "televizor", "lift", "utyug", "fen"],
    "premium": [
        "wi-fi",
        "parkovka",
        "kukhnya",
        "stiralnaya-mashina",
        "konditsioner",
        "televizor",
        "balkon",
        "lift",
        "posudomoechnaya-mashina",
        "utyug",
        "fen",
        "detskaya-krovatka",
    ],
}
CHECK_IN_APARTMENT = (
    "Парковка во дворе, въезд со стороны улицы. Подъезд и этаж указаны в бронировании; "
    "ключи в сейфе у двери квартиры, код сейфа откроется на странице бронирования. "
    "Позвоните риелтору за час до приезда."
)
CHECK_IN_HOUSE = (
    "Калитка открывается кодом домофона, машину можно оставить во дворе. Ключи от дома в сейфе у входа. "
    "Позвоните риелтору за час до приезда: он расскажет, как включить отопление и воду."
)
RULES = [
    "Не курить в помещении",
    "Без вечеринок и шумных мероприятий",
    "Тишина с 22:00 до 8:00",
    "С животными — по согласованию с хозяином",
    "Заселение по удостоверению личности",
    "Обувь оставляем у входа",
]
TYPE_TEXT = {
    "kvartira": "Квартира полностью в вашем распоряжении: свежий ремонт, чистое бельё и полотенца на каждого гостя.",
    "komnata": "Отдельная комната в квартире хозяйки; кухня и ванная общие, в комнате есть замок и рабочий стол.",
    "chastnyy-dom": "Отдельный дом с двором: можно приехать большой компанией или с детьми и не стеснять соседей.",
    "kottedzh": "Просторный коттедж с террасой и мангальной зоной, парковка на несколько машин во дворе.",
    "khostel": "Спальное место в уютном хостеле: шкафчик с замком, общая кухня, бельё входит в стоимость.",
}
CLASS_TEXT = {
    "komfort": "Всё необходимое для спокойного отдыха по разумной цене.",
    "biznes": "Качественная мебель, хорошая шумоизоляция и быстрый интернет для работы.",
    "premium": "Дизайнерский интерьер, премиальная техника и сервис как в хорошем отеле.",
}


def seed(home, *, scale=0, stdout=None):
    """Create the rentals section of `home` and its demo properties; return how many objects were created."""
    seeder = RentalSeeder(home)
    seeder.run(scale)
    if stdout is not None and seeder.created:
        stdout.write(f"  ЖильеGO: {seeder.created} объектов каталога аренды")
    return seeder.created


class RentalSeeder:
    def __init__(self, home):
        self.home = home
        self.created = 0
        self.rng = random.Random(3)  # noqa: S311 - demo data, not security
        self.city = City.objects.get(slug="astana")
        self.districts = {district.slug: district for district in District.objects.filter(city=self.city)}
        self.classes = {item.slug: item for item in HousingClass.objects.filter(slug__in=CLASS_SLUGS)}
        self.types = {item.slug: item for item in PropertyType.objects.all()}
        self.amenities = {item.slug: item for item in Amenity.objects.all()}

    def run(self, scale):
        self.index = self.ensure_index()
        self.created += add_to_menu(self.home, self.index, link_text="Аренда")
        # descendants: some demo properties move into agency folders (demo.staff)
        existing = set(RentalPropertyPage.objects.descendant_of(self.index).values_list("slug", flat=True))
        plan = [slug for slug, count in TYPE_PLAN for _ in range(count)]
        missing = [(number, type_slug) for number, type_slug in enumerate(plan) if self.slug(number) not in existing]
        if missing or scale:
            self.images = self.ensure_images()
        for number, type_slug in missing:
            self.index.add_child(instance=self.build(number, type_slug, self.slug(number)))
            self.created += 1
        extra, extra_number = [], len(plan)
        for _ in range(scale):
            while self.slug(extra_number) in existing:
                extra_number += 1
            extra.append(self.build(extra_number, plan[extra_number % len(plan)], self.slug(extra_number)))
            existing.add(self.slug(extra_number))
        self.created += bulk.add_children({self.index: extra})

    @staticmethod
    def slug(number):
        return f"obekt-{number + 1:03d}"

    def ensure_index(self):
        index, created = ensure_index(
            self.home,
            RentalIndexPage(
                title="Посуточная аренда в Астане",
                slug=INDEX_SLUG,
                intro="Квартиры, дома и комнаты посуточно во всех районах Астаны: с фото, ценами и отзывами гостей.",
                seo_title="Квартиры посуточно в Астане — ЖильеGO",
                search_description=(
                    "Аренда квартир, домов и комнат посуточно в Астане: Есильский, Алматинский, Байконурский и "
                    "Сарыаркинский районы. Фильтры по цене, удобствам и рейтингу."
                ),
            ),
        )
        self.created += created
        return index

    def ensure_images(self):
        images = {}
        for number, (key, _caption, alt_text) in enumerate(IMAGES):
            images[key], created = ensure_image(
                f"zhilego-{key}",
                lambda key=key, number=number: draw_room(key, f"zhilego-{number}", ACCENT),
                filename=f"zhilego-{key}.jpg",
                description=alt_text,
            )
            self.created += created
        return images

    def build(self, number, type_slug, slug):
        """The unsaved property number `number` (0-based), with its photos and amenities."""
        rng = random.Random(number)  # noqa: S311 - the same demo on every machine
        district_slug = list(DISTRICTS)[number % len(DISTRICTS)]
        streets, latitude, longitude, district_text = DISTRICTS[district_slug]
        class_slug = CLASS_SLUGS[(number // 4) % len(CLASS_SLUGS)]
        property_type = self.types[type_slug]
        rooms = {
            "kvartira": rng.choice([1, 1, 2, 2, 2, 3, 3, 4]),
            "komnata": 1,
            "chastnyy-dom": rng.choice([3, 4, 5]),
            "kottedzh": rng.choice([4, 5, 6]),
            "khostel": None,
        }[type_slug]
        low, high = PRICE_RANGES[type_slug][class_slug]
        price = Decimal(rng.randrange(low, high + 1, 500))
        is_apartment = type_slug in {"kvartira", "komnata", "khostel"}
        total_floors = rng.choice([5, 9, 12, 16, 22]) if is_apartment else rng.choice([1, 2])
        floor = rng.randint(1, total_floors) if is_apartment else None
        area = Decimal(
            {"kvartira": 22 + 18 * (rooms or 1), "komnata": 16, "chastnyy-dom": 90, "kottedzh": 160, "khostel": 14}[
                type_slug
            ]
            + rng.randint(0, 25)
        )
        sleeping = {"komnata": 2, "khostel": 1}.get(type_slug) or (rooms or 1) * 2 + rng.randint(0, 1)
        descriptor = DESCRIPTORS[number % len(DESCRIPTORS)]
        street = streets[rng.randrange(len(streets))]
        kind = {
            "kvartira": f"{rooms}-комнатная квартира",
            "komnata": "Комната",
            "chastnyy-dom": "Частный дом",
            "kottedzh": "Коттедж",
            "khostel": "Место в хостеле",
        }[type_slug]
        title = f"{kind} {descriptor}, {street}"
        amenity_slugs = [slug for slug in AMENITY_SETS[class_slug] if rng.random() < 0.8]
        if type_slug in {"chastnyy-dom", "kottedzh"}:
            amenity_slugs = sorted({*amenity_slugs, "parkovka"})
        keys = PHOTO_SETS[type_slug]
        photos = keys[: 2 + number % (len(keys) - 1)]
        first = number % len(photos)  # the cards open on different rooms, not all on the living room
        photos = photos[first:] + photos[:first]
        rated = number % 3 != 0
        phone = f"+7 70{rng.randint(0, 9)} {rng.randint(100, 999)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}"
        published = timezone.now() - timedelta(hours=7 * number + 1)
        page = RentalPropertyPage(
            title=title,
            slug=slug,
            city=self.city,
            district=self.districts[district_slug],
            housing_class=self.classes[class_slug],
            property_type=property_type,
            rooms=rooms,
            street=street,
            house=f"{rng.randint(1, 80)}{rng.choice(['', '', '/1', '/2', 'А'])}",
            building=rng.choice(["", "", "", "блок B", "корпус 2"]) if is_apartment else "",
            entrance=str(rng.randint(1, 6)) if is_apartment else "",
            floor=floor,
            total_floors=total_floors,
            area=area,
            sleeping_places=sleeping,
            description=str(
                RichText(
                    f"<p>{TYPE_TEXT[type_slug]} {CLASS_TEXT[class_slug]}</p>"
                    f"<p>{district_text} Адрес — {street}; точный номер квартиры и код домофона придут после "
                    "подтверждения бронирования.</p>"
                )
            ),
            house_rules="\n".join(rng.sample(RULES, 3)),
            check_in_time=time(rng.choice([13, 14, 15])),
            check_out_time=time(rng.choice([11, 12])),
            check_in_instructions=CHECK_IN_APARTMENT if is_apartment else CHECK_IN_HOUSE,
            price_per_night=price,
            latitude=latitude + Decimal(rng.randint(-90, 90)) / 10_000,
            longitude=longitude + Decimal(rng.randint(-90, 90)) / 10_000,
            realtor_phone=phone,
            main_image=self.images[photos[0]],
            is_active=number not in {DEMO_COUNT - 1, DEMO_COUNT - 2},
            rating_avg=Decimal(rng.randint(36, 50)) / 10 if rated else Decimal("0"),
            rating_count=rng.randint(1, 48) if rated else 0,
            first_published_at=published,
            last_published_at=published,
        )
        captions = {key: caption for key, caption, _alt in IMAGES}
        page.photos = [
            RentalPhoto(image=self.images[key], caption=captions[key], sort_order=order)
            for order, key in enumerate(photos)
        ]
        page.amenities = [self.amenities[slug] for slug in amenity_slugs if slug in self.amenities]
        return page


# Russian words of this builder -> (Kazakh, English), for the translated demo pages (demo.translations).
TRANSLATIONS: dict[str, tuple[str, str]] = {
    "Посуточная аренда в Астане": ("Астанада тәуліктік жалдау", "Stays by the day in Astana"),
    "Квартиры, дома и комнаты посуточно во всех районах Астаны: с фото, ценами и отзывами гостей.": (
        "Астананың барлық аудандарындағы тәуліктік пәтерлер, үйлер мен бөлмелер: фото, баға және қонақтардың пікірлері.",
        "Apartments, houses and rooms by the day in every district of Astana, with photos, prices and guest reviews.",
    ),
    "Квартиры посуточно в Астане": ("Астанада тәуліктік пәтерлер", "Apartments by the day in Astana"),
    "Аренда квартир, домов и комнат посуточно в Астане: Есильский, Алматинский, Байконурский и Сарыаркинский районы. Фильтры по цене, удобствам и рейтингу.": (
        "Астанада пәтерлер, үйлер мен бөлмелерді тәулікке жалдау: Есіл, Алматы, Байқоңыр және Сарыарқа аудандары. Баға, ыңғайлылықтар және рейтинг бойынша сүзгілер.",
        "Apartments, houses and rooms by the day in Astana: the Yesil, Almaty, Baikonur and Saryarka districts. Filters by price, amenities and rating.",
    ),
    "Светлая гостиная": ("Жарық қонақ бөлме", "Bright living room"),
    "Спальня": ("Жатын бөлме", "Bedroom"),
    "Кухня": ("Ас үй", "Kitchen"),
    "Вид на Астану": ("Астанаға көрініс", "View of Astana"),
    "Ванная": ("Жуынатын бөлме", "Bathroom"),
    "Дом и двор": ("Үй және аула", "House and yard"),
    "Общая комната": ("Ортақ бөлме", "Common room"),
    "Терраса": ("Терраса", "Terrace"),
    "1-комнатная квартира": ("1 бөлмелі пәтер", "1-room apartment"),
    "2-комнатная квартира": ("2 бөлмелі пәтер", "2-room apartment"),
    "3-комнатная квартира": ("3 бөлмелі пәтер", "3-room apartment"),
    "4-комнатная квартира": ("4 бөлмелі пәтер", "4-room apartment"),
    "Комната": ("Бөлме", "Room"),
    "Частный дом": ("Жеке үй", "House"),
    "Коттедж": ("Коттедж", "Cottage"),
    "Место в хостеле": ("Хостелдегі орын", "Bed in a hostel"),
    "в тихом дворе": ("тыныш аулада", "in a quiet courtyard"),
    "с видом на набережную": ("жағалауға қарайтын", "with an embankment view"),
    "у парка": ("саябақ жанында", "by the park"),
    "с панорамными окнами": ("панорамалық терезелері бар", "with panoramic windows"),
    "для командировки": ("іссапарға арналған", "for a business trip"),
    "для семьи с детьми": ("балалы отбасыға арналған", "for a family with children"),
    "в новом жилом комплексе": ("жаңа тұрғын үй кешенінде", "in a new residential complex"),
    "рядом с остановкой": ("аялдама жанында", "near a bus stop"),
    "с рабочим местом": ("жұмыс орны бар", "with a workspace"),
    "у торгового центра": ("сауда орталығы жанында", "by a shopping centre"),
    "проспект Мангилик Ел": ("Мәңгілік Ел даңғылы", "Mangilik El Avenue"),
    "улица Сыганак": ("Сығанақ көшесі", "Syganak Street"),
    "проспект Кабанбай батыра": ("Қабанбай батыр даңғылы", "Kabanbay Batyr Avenue"),
    "улица Достык": ("Достық көшесі", "Dostyk Street"),
    "проспект Туран": ("Тұран даңғылы", "Turan Avenue"),
    "проспект Тауелсыздык": ("Тәуелсіздік даңғылы", "Tauelsizdik Avenue"),
    "улица Жумабаева": ("Жұмабаев көшесі", "Zhumabayev Street"),
    "проспект Абылай хана": ("Абылай хан даңғылы", "Abylai Khan Avenue"),
    "улица Петрова": ("Петров көшесі", "Petrov Street"),
    "улица Шарля де Голля": ("Шарль де Голль көшесі", "Charles de Gaulle Street"),
    "проспект Богенбай батыра": ("Бөгенбай батыр даңғылы", "Bogenbay Batyr Avenue"),
    "улица Сейфуллина": ("Сейфуллин көшесі", "Seifullin Street"),
    "проспект Республики": ("Республика даңғылы", "Respublika Avenue"),
    "улица Кенесары": ("Кенесары көшесі", "Kenesary Street"),
    "улица Ауэзова": ("Әуезов көшесі", "Auezov Street"),
    "проспект Сарыарка": ("Сарыарқа даңғылы", "Saryarka Avenue"),
    "улица Иманова": ("Иманов көшесі", "Imanov Street"),
    "улица Бейбитшилик": ("Бейбітшілік көшесі", "Beibitshilik Street"),
    "улица Пушкина": ("Пушкин көшесі", "Pushkin Street"),
    "проспект Жеңіс": ("Жеңіс даңғылы", "Zhenis Avenue"),
    "Левый берег: деловые кварталы, набережная Есиля и главные достопримечательности столицы в пешей доступности.": (
        "Сол жағалау: іскерлік кварталдар, Есіл жағалауы және астананың басты көрікті жерлері жаяу жетерлік жерде.",
        "The Left Bank: business quarters, the Yesil embankment and the capital's main sights within walking distance.",
    ),
    "Спокойный жилой район на правом берегу с парками, школами и большими торговыми центрами.": (
        "Оң жағалаудағы саябақтары, мектептері және үлкен сауда орталықтары бар тыныш тұрғын аудан.",
        "A quiet residential district on the Right Bank with parks, schools and large shopping centres.",
    ),
    "Исторический центр города: старые тенистые улицы, кафе, до вокзала и на левый берег — 15 минут.": (
        "Қаланың тарихи орталығы: ескі саялы көшелер, кафелер, вокзалға және сол жағалауға дейін — 15 минут.",
        "The historic centre: old shady streets and cafés, 15 minutes to the station and to the Left Bank.",
    ),
    "Зелёный район у центрального железнодорожного вокзала, удобный для транзита и коротких поездок.": (
        "Орталық темір жол вокзалы жанындағы жасыл аудан, транзит пен қысқа сапарларға ыңғайлы.",
        "A green district by the central railway station, handy for transit and short trips.",
    ),
    " Адрес — ": (" Мекенжай — ", " Address: "),
    "; точный номер квартиры и код домофона придут после подтверждения бронирования.": (
        "; пәтердің нақты нөмірі мен домофон коды брондау расталғаннан кейін келеді.",
        "; the exact apartment number and the intercom code arrive once the booking is confirmed.",
    ),
    "блок B": ("B блогы", "block B"),
    "корпус 2": ("2-корпус", "building 2"),
    CHECK_IN_APARTMENT: (
        "Көлік тұрағы аулада, кіреберіс көше жақтан. Подъезд пен қабат брондауда көрсетілген; кілттер пәтер есігінің жанындағы сейфте, сейф коды брондау бетінде ашылады. Келуден бір сағат бұрын риелторға қоңырау шалыңыз.",
        "Parking in the courtyard, entry from the street. The entrance and floor are in the booking; the keys are in a safe by the apartment door, and its code appears on the booking page. Call the realtor an hour before you arrive.",
    ),
    CHECK_IN_HOUSE: (
        "Қақпа домофон кодымен ашылады, көлікті аулада қалдыруға болады. Үйдің кілттері кіреберістегі сейфте. Келуден бір сағат бұрын риелторға қоңырау шалыңыз: ол жылыту мен суды қалай қосуды айтып береді.",
        "The gate opens with the intercom code, and you can leave the car in the yard. The house keys are in a safe by the door. Call the realtor an hour before you arrive: they will explain how to turn on the heating and water.",
    ),
    "Не курить в помещении": ("Үй ішінде темекі шекпеу", "No smoking indoors"),
    "Без вечеринок и шумных мероприятий": ("Кештер мен шулы іс-шараларсыз", "No parties or noisy events"),
    "Тишина с 22:00 до 8:00": ("22:00-ден 8:00-ге дейін тыныштық", "Quiet hours from 22:00 to 8:00"),
    "С животными — по согласованию с хозяином": (
        "Жануарлармен — иесімен келісу бойынша",
        "Pets by agreement with the host",
    ),
    "Заселение по удостоверению личности": ("Жеке куәлік бойынша қоныстану", "Check-in with an ID card"),
    "Обувь оставляем у входа": ("Аяқ киімді кіреберісте қалдырамыз", "Shoes off at the door"),
    TYPE_TEXT["kvartira"]: (
        "Пәтер толығымен сіздің қолыңызда: жаңа жөндеу, әр қонаққа таза төсек-орын мен сүлгілер.",
        "The whole apartment is yours: freshly renovated, with clean linen and towels for every guest.",
    ),
    TYPE_TEXT["komnata"]: (
        "Иесінің пәтеріндегі жеке бөлме; ас үй мен жуынатын бөлме ортақ, бөлмеде құлып пен жұмыс үстелі бар.",
        "A private room in the host's apartment; the kitchen and bathroom are shared, the room has a lock and a desk.",
    ),
    TYPE_TEXT["chastnyy-dom"]: (
        "Ауласы бар жеке үй: үлкен компаниямен немесе балалармен келіп, көршілерге кедергі келтірмеуге болады.",
        "A detached house with a yard: come with a big group or with children without disturbing neighbours.",
    ),
    TYPE_TEXT["kottedzh"]: (
        "Террасасы және мангал аймағы бар кең коттедж, аулада бірнеше көлікке арналған тұрақ.",
        "A spacious cottage with a terrace and a barbecue area, parking for several cars in the yard.",
    ),
    TYPE_TEXT["khostel"]: (
        "Жайлы хостелдегі ұйықтайтын орын: құлыпты шкаф, ортақ ас үй, төсек-орын бағаға кіреді.",
        "A bed in a cosy hostel: a locker, a shared kitchen, linen included in the price.",
    ),
    CLASS_TEXT["komfort"]: (
        "Тыныш демалысқа қажеттінің бәрі қолжетімді бағамен.",
        "Everything you need for a restful stay at a sensible price.",
    ),
    CLASS_TEXT["biznes"]: (
        "Сапалы жиһаз, жақсы дыбыс оқшаулау және жұмысқа арналған жылдам интернет.",
        "Quality furniture, good sound insulation and fast internet for work.",
    ),
    CLASS_TEXT["premium"]: (
        "Дизайнерлік интерьер, премиум техника және жақсы қонақүйдегідей қызмет.",
        "Designer interior, premium appliances and hotel-quality service.",
    ),
}
