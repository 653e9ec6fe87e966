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
