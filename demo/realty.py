# ruff: noqa: E501 - the demo data tables read best one row per line
"""InBack demo: the new-build catalog with ~30 complexes in Moscow and St Petersburg, ~300 apartments,
their price history and four mortgage programmes.

Idempotent: a second run with scale=0 creates nothing. `scale=N` adds N more apartments, in new phases
(«очереди») of the demo complexes, ten apartments each. Pages are added without revisions (live, fast)."""

import random
from datetime import timedelta
from decimal import Decimal

from django.db.models import Max
from django.utils import timezone

from catalog.models import (
    ApartmentPage,
    ApartmentPriceChange,
    Bank,
    Building,
    City,
    ComplexFloorPlan,
    ComplexGalleryImage,
    Developer,
    District,
    HousingClass,
    RealtyIndexPage,
    ResidentialComplexPage,
)
from catalog.realty_services import refresh_complex_stats
from demo import bulk
from demo.helpers import add_to_menu, ensure_image, ensure_index
from demo.images import PLAN_SIZE, draw_facade, draw_plan, draw_room

INDEX_SLUG = "novostroyki"
APARTMENTS_PER_COMPLEX = 10
PRIMARY, ACCENT = "#0B3C5D", "#B23A48"

# title, slug, city, district, developer, class, address, latitude, longitude, metro, years from now, stage
COMPLEXES = [
    ("Северная гавань", "severnaya-gavan", "Москва", "САО", "ПИК", "Комфорт", "ул. Ижорская, 6", "55.890500", "37.531000", "м. Селигерская", 1, "construction"),
    ("Лефортовский парк", "lefortovskij-park", "Москва", "ЮВАО", "ФСК", "Бизнес", "Авиамоторная ул., 49", "55.744500", "37.716000", "м. Авиамоторная", 2, "construction"),
    ("Ботанический квартал", "botanicheskij-kvartal", "Москва", "СВАО", "Донстрой", "Бизнес", "ул. Вильгельма Пика, 14", "55.834500", "37.636000", "м. Ботанический сад", 1, "finishing"),
    ("Измайловский лес", "izmajlovskij-les", "Москва", "ВАО", "Эталон", "Комфорт", "Окружной пр., 10", "55.787500", "37.721000", "м. Измайлово", 0, "finishing"),
    ("Черёмушки Парк", "cheryomushki-park", "Москва", "ЮЗАО", "MR Group", "Бизнес", "ул. Намёткина, 11", "55.663000", "37.559000", "м. Новые Черёмушки", 2, "foundation"),
    ("Остоженка Резиденс", "ostozhenka-rezidens", "Москва", "ЦАО", "Донстрой", "Премиум", "1-й Зачатьевский пер., 5", "55.739500", "37.598500", "м. Кропоткинская", 1, "construction"),
    ("Кутузовская ривьера", "kutuzovskaya-rivera", "Москва", "ЗАО", "MR Group", "Премиум", "Береговой пр., 3", "55.753500", "37.512000", "м. Фили", 3, "foundation"),
    ("Тушино Сити", "tushino-siti", "Москва", "СЗАО", "Самолёт", "Комфорт", "Волоколамское ш., 67", "55.827500", "37.442000", "м. Спартак", 0, "completed"),
    ("Нагатинская набережная", "nagatinskaya-naberezhnaya", "Москва", "ЮАО", "Эталон", "Бизнес", "пр. Андропова, 9", "55.684500", "37.664000", "м. Технопарк", 2, "construction"),
    ("Первый Южный", "pervyj-yuzhnyj", "Москва", "Новомосковский", "Самолёт", "Комфорт", "пос. Коммунарка, ул. Александры Монаховой, 30", "55.553500", "37.463000", "м. Коммунарка", 1, "construction"),
    ("Марьино Лайф", "marino-lajf", "Москва", "ЮВАО", "ПИК", "Комфорт", "Люблинская ул., 165", "55.650500", "37.742000", "м. Марьино", 0, "finishing"),
    ("Савёловский квартал", "savyolovskij-kvartal", "Москва", "САО", "ФСК", "Бизнес", "ул. Новодмитровская, 2", "55.806500", "37.583500", "м. Дмитровская", 1, "construction"),
    ("Хорошёвский сад", "horoshyovskij-sad", "Москва", "СЗАО", "ФСК", "Бизнес", "Хорошёвское ш., 25", "55.778000", "37.534000", "м. Полежаевская", 3, "project"),
    ("Медведково Парк", "medvedkovo-park", "Москва", "СВАО", "ПИК", "Комфорт", "Заревый пр., 12", "55.887000", "37.658500", "м. Медведково", 0, "completed"),
    ("Новые Ватутинки", "novye-vatutinki", "Москва", "Новомосковский", "Самолёт", "Комфорт", "пос. Десёновское, ул. Дмитрия Кабалевского, 8", "55.519000", "37.348000", "м. Ольховая", 2, "foundation"),
    ("Кантемировский", "kantemirovskij", "Москва", "ЮАО", "MR Group", "Комфорт", "ул. Кантемировская, 59", "55.634500", "37.652000", "м. Кантемировская", 1, "construction"),
    ("Гавань Премьер", "gavan-premer", "Санкт-Петербург", "Василеостровский", "Группа ЛСР", "Бизнес", "ул. Кораблестроителей, 42", "59.946500", "30.217000", "м. Приморская", 1, "construction"),
    ("Карповка Резиденс", "karpovka-rezidens", "Санкт-Петербург", "Петроградский", "Setl Group", "Премиум", "наб. реки Карповки, 27", "59.969000", "30.313000", "м. Петроградская", 2, "construction"),
    ("Приморский берег", "primorskij-bereg", "Санкт-Петербург", "Приморский", "Эталон", "Бизнес", "Приморский пр., 54", "59.984000", "30.245000", "м. Старая Деревня", 1, "finishing"),
    ("Северная долина", "severnaya-dolina", "Санкт-Петербург", "Выборгский", "Группа ЛСР", "Комфорт", "пр. Энгельса, 154", "60.063000", "30.334000", "м. Парнас", 0, "completed"),
    ("Невская перспектива", "nevskaya-perspektiva", "Санкт-Петербург", "Невский", "Setl Group", "Комфорт", "ул. Седова, 97", "59.881000", "30.446000", "м. Пролетарская", 2, "foundation"),
    ("Московские ворота", "moskovskie-vorota", "Санкт-Петербург", "Московский", "Эталон", "Бизнес", "Московский пр., 65", "59.892000", "30.318000", "м. Московские ворота", 1, "construction"),
    ("Купчинский квартал", "kupchinskij-kvartal", "Санкт-Петербург", "Фрунзенский", "ПИК", "Комфорт", "Витебский пр., 101", "59.835000", "30.373000", "м. Купчино", 0, "finishing"),
    ("Автовский парк", "avtovskij-park", "Санкт-Петербург", "Кировский", "Setl Group", "Комфорт", "ул. Зайцева, 41", "59.865000", "30.260000", "м. Автово", 1, "construction"),
    ("Калининский сад", "kalininskij-sad", "Санкт-Петербург", "Калининский", "Группа ЛСР", "Бизнес", "Кондратьевский пр., 62", "59.970000", "30.394000", "м. Площадь Ленина", 2, "construction"),
    ("Смольная набережная", "smolnaya-naberezhnaya", "Санкт-Петербург", "Центральный", "Группа ЛСР", "Премиум", "Смольный пр., 9", "59.945000", "30.391000", "м. Чернышевская", 3, "project"),
    ("Адмиралтейская верфь", "admiraltejskaya-verf", "Санкт-Петербург", "Адмиралтейский", "Setl Group", "Бизнес", "наб. Обводного канала, 108", "59.909000", "30.309000", "м. Фрунзенская", 1, "construction"),
    ("Лахтинский берег", "lahtinskij-bereg", "Санкт-Петербург", "Приморский", "Setl Group", "Комфорт", "Планерная ул., 87", "60.015000", "30.197000", "м. Беговая", 2, "foundation"),
    ("Парнас Сити", "parnas-siti", "Санкт-Петербург", "Выборгский", "Группа ЛСР", "Комфорт", "ул. Михаила Дудина, 25", "60.069000", "30.350000", "м. Парнас", 0, "completed"),
    ("Охта Парк", "ohta-park", "Санкт-Петербург", "Невский", "ФСК", "Бизнес", "Октябрьская наб., 40", "59.933000", "30.422000", "м. Новочеркасская", 1, "construction"),
]  # fmt: skip

BANKS = [
    # name, rate, min down payment %, max term
    ("Сбербанк — Семейная ипотека", "6.00", "20", 30),
    ("ВТБ — Новостройки", "21.50", "20", 30),
    ("Альфа-Банк — Стандартная", "22.30", "15", 30),
    ("Дом.РФ — IT-ипотека", "6.00", "20", 30),
]
BANK_NAMES = {  # the programmes in Kazakh and English
    "Сбербанк — Семейная ипотека": ("Сбербанк — Отбасылық ипотека", "Sberbank — Family mortgage"),
    "ВТБ — Новостройки": ("ВТБ — Жаңа үйлер", "VTB — New-build homes"),
    "Альфа-Банк — Стандартная": ("Альфа-Банк — Стандартты", "Alfa-Bank — Standard"),
    "Дом.РФ — IT-ипотека": ("Дом.РФ — IT-ипотека", "Dom.RF — IT mortgage"),
}

# price per m², thousands of roubles
PRICE_PER_M2 = {
    ("Москва", "Комфорт"): 290,
    ("Москва", "Бизнес"): 430,
    ("Москва", "Премиум"): 820,
    ("Санкт-Петербург", "Комфорт"): 210,
    ("Санкт-Петербург", "Бизнес"): 320,
    ("Санкт-Петербург", "Премиум"): 600,
}
FLOORS = {"Комфорт": (17, 25), "Бизнес": (12, 20), "Премиум": (7, 12)}
ROOM_WEIGHTS = {"Комфорт": [3, 4, 3, 1, 0], "Бизнес": [1, 3, 4, 2, 1], "Премиум": [0, 1, 3, 3, 2]}
AREAS = {0: (21, 30), 1: (34, 45), 2: (52, 70), 3: (75, 98), 4: (105, 140)}
FINISHING_BY_CLASS = {
    "Комфорт": ["none", "white_box", "fine", "fine"],
    "Бизнес": ["white_box", "fine", "fine", "none"],
    "Премиум": ["white_box", "none", "fine", "furnished"],
}
PHOTO_CAPTIONS = [
    "Дворы без машин и детские площадки",
    "Панорамные окна и виды на город",
    "Прогулочная набережная у дома",
    "Квартал у парка",
    "Лобби с консьерж-сервисом",
]
PHOTO_VARIANTS = ["courtyard", "panoramic", "embankment", "park", "lobby"]  # what demo/images.py draws for each
PLAN_KINDS = {"layout-studio": "studio", "layout-small": "small", "layout-large": "large"}
LAYOUTS = [("layout-studio", "Планировка: студия"), ("layout-small", "Планировка: 1–2 комнаты"), ("layout-large", "Планировка: 3 комнаты и больше")]  # fmt: skip
INTROS = {
    "Комфорт": "Комфортный квартал для семей: своя школа и детский сад, дворы без машин, {metro} рядом.",
    "Бизнес": "Жилой комплекс бизнес-класса с подземным паркингом, лобби и закрытой территорией; до станции {metro} — несколько минут.",
    "Премиум": "Клубный дом премиум-класса с видовыми квартирами, консьерж-сервисом и собственным SPA; {metro} в шаговой доступности.",
}
STAGE_TEXT = {
    "project": "Проект получил разрешение на строительство, стартовали продажи по минимальным ценам.",
    "foundation": "На площадке идут работы нулевого цикла: котлован, фундаментная плита и подземный паркинг.",
    "construction": "Монолитные работы идут по графику; застройщик ежемесячно публикует фотоотчёт со стройки.",
    "finishing": "Корпуса возведены, идут фасадные работы, отделка мест общего пользования и благоустройство двора.",
    "completed": "Дом введён в эксплуатацию, идёт выдача ключей; квартиры можно посмотреть вживую.",
}
INFRASTRUCTURE = [
    ("school", "Школа на {n} мест", 5),
    ("kindergarten", "Детский сад в квартале", None),
    ("park", "Сквер и велодорожки", 7),
    ("shopping", "Торговый центр", 10),
    ("clinic", "Городская поликлиника", 12),
]
VIDEO_URL = "https://www.youtube.com/@inback_ru"


def seed(home, *, scale=0, stdout=None):
    """Create the catalog under `home` (if missing), its demo complexes and apartments; return the count."""
    created = [0]
    images = _images(created)
    _banks(created)
    index, index_created = ensure_index(
        home,
        RealtyIndexPage(
            title="Новостройки",
            slug=INDEX_SLUG,
            intro=(
                "Жилые комплексы Москвы и Санкт-Петербурга: актуальные цены, свободные квартиры, "
                "сроки сдачи и ипотека — с кэшбеком от InBack."
            ),
        ),
    )
    created[0] += index_created + add_to_menu(home, index, link_text="Новостройки")
    references = _references()
    for number, row in enumerate(COMPLEXES):
        if index.get_children().filter(slug=row[1]).exists():
            continue
        rng = random.Random(f"inback-{row[1]}")  # noqa: S311 - demo data, not security
        complex_page = _complex(index, row, number, images, references, rng)
        created[0] += 1
        created[0] += add_apartments(complex_page, APARTMENTS_PER_COMPLEX, images=images, rng=rng)
    if scale:
        created[0] += _scale(index, scale, images, references)
    if stdout is not None:
        stdout.write(f"  InBack: {created[0]} объектов каталога новостроек")
    return created[0]


# -- pieces --------------------------------------------------------------------------------------------------------


def _images(created):
    def image(key, draw, alt):
        found, made = ensure_image(f"inback-{key}", draw, filename=f"{key}.jpg", description=alt)
        created[0] += made
        return found

    accents = [ACCENT, "#2E7D5B", "#C47F17", "#5B4B8A", "#1F7A8C"]
    photos = [
        image(
            f"complex-{number}",
            lambda number=number, variant=variant: (
                draw_room(variant, f"inback-complex-{number}", accents[number])
                if variant == "lobby"
                else draw_facade(PRIMARY, accents[number], f"inback-complex-{number}", variant)
            ),
            f"Визуализация: {caption.lower()}",
        )
        for number, (caption, variant) in enumerate(zip(PHOTO_CAPTIONS, PHOTO_VARIANTS, strict=True))
    ]
    layouts = [
        image(key, lambda key=key: draw_plan(PLAN_KINDS[key], f"inback-{key}", size=PLAN_SIZE), caption)
        for key, caption in LAYOUTS
    ]
    return {"photos": photos, "layouts": layouts}


def _banks(created):
    for order, (name, rate, down, term) in enumerate(BANKS):
        _bank, was_created = Bank.objects.get_or_create(
            name=name,
            defaults={
                "name_kk": BANK_NAMES[name][0],
                "name_en": BANK_NAMES[name][1],
                "rate": Decimal(rate),
                "min_down_payment": Decimal(down),
                "max_term_years": term,
                "sort_order": order,
            },
        )
        created[0] += int(was_created)


def _references():
    cities = {city.name: city for city in City.objects.filter(name__in=["Москва", "Санкт-Петербург"])}
    return {
        "cities": cities,
        "districts": {
            (d.city.name, d.name): d for d in District.objects.filter(city__in=cities.values()).select_related("city")
        },
        "developers": {developer.name: developer for developer in Developer.objects.all()},
        "classes": {item.name: item for item in HousingClass.objects.all()},
    }


def _complex(index, row, number, images, references, rng, **options):
    page = build_complex(row, number, images, references, rng, **options)
    index.add_child(instance=page)
    return page


def build_complex(row, number, images, references, rng, *, title=None, slug=None, phase=0):
    """An unsaved complex of the demo row `row`, with its buildings, gallery and floor plans."""
    name, row_slug, city, district, developer, housing_class, address, lat, lon, metro, years, stage = row
    now = timezone.now()
    year = timezone.localdate().year + years + phase
    if stage == "completed":
        year -= 1
    title = title or name
    photos = images["photos"]
    gallery = [photos[(number + shift) % len(photos)] for shift in range(3)]
    gallery.sort(key=lambda image: image == photos[-1])  # the lobby last: a facade first, and on the card
    body = [
        f"<p>Жилой комплекс «{title}» строится в районе {district} ({city}), по адресу: {address}. "
        f"{INTROS[housing_class].format(metro=metro)}</p>",
        f"<h2>Ход строительства</h2><p>{STAGE_TEXT[stage]} Плановый срок ввода — {rng.randint(1, 4)} квартал {year} года.</p>",
        "<h2>Квартиры</h2><p>В продаже студии и квартиры от одной до четырёх комнат, с отделкой и без. "
        "Доступны семейная ипотека, рассрочка от застройщика и кэшбек InBack после регистрации сделки.</p>",
    ]
    page = ResidentialComplexPage(
        title=title,
        main_image=gallery[0],
        slug=slug or row_slug,
        intro=INTROS[housing_class].format(metro=metro),
        developer=references["developers"].get(developer),
        city=references["cities"][city],
        district=references["districts"].get((city, district)),
        address=address,
        latitude=Decimal(lat),
        longitude=Decimal(lon),
        housing_class=references["classes"].get(housing_class),
        completion_year=year,
        completion_quarter=rng.randint(1, 4),
        stage="project" if phase and stage == "completed" else stage,
        body="".join(body),
        video_url=VIDEO_URL if number % 4 == 0 else "",
        first_published_at=now - timedelta(days=400 - number * 7),
        last_published_at=now - timedelta(days=rng.randint(1, 30)),
    )
    low, high = FLOORS[housing_class]
    building_count = rng.choice([2, 2, 3])
    page.buildings = [
        Building(
            name=f"Корпус {position}",
            floors=rng.randint(low, high),
            sections=rng.randint(1, 3),
            completion_year=year + 1 if position == 3 else None,
            completion_quarter=rng.randint(1, 4) if position == 3 else None,
            sort_order=position,
        )
        for position in range(1, building_count + 1)
    ]
    page.gallery_images = [
        ComplexGalleryImage(image=image, caption=PHOTO_CAPTIONS[photos.index(image)], sort_order=position)
        for position, image in enumerate(gallery)
    ]
    page.floor_plans = [
        ComplexFloorPlan(title=caption.removeprefix("Планировка: ").capitalize(), image=image, sort_order=position)
        for position, (image, (_key, caption)) in enumerate(zip(images["layouts"], LAYOUTS, strict=True))
    ]
    nearby = [("place", {"kind": "metro", "name": metro, "walk_minutes": rng.randint(4, 15)})]
    for kind, label, minutes in rng.sample(INFRASTRUCTURE, 3):
        name = label.format(n=rng.choice([550, 825, 1100]))
        nearby.append(("place", {"kind": kind, "name": name, "walk_minutes": minutes}))
    page.infrastructure = nearby
    return page


def add_apartments(complex_page, count, *, images=None, rng=None):
    """Add `count` published apartments with their price history to a complex; return how many were made."""
    images = images or _images([0])
    rng = rng or random.Random(f"inback-extra-{complex_page.pk}-{count}")  # noqa: S311 - demo data
    buildings = list(Building.objects.filter(complex_id=complex_page.pk).order_by("sort_order", "pk"))
    start = (ApartmentPage.objects.filter(complex_id=complex_page.pk).aggregate(top=Max("number"))["top"] or 0) + 1
    apartments, history = build_apartments(complex_page, buildings, count, start, images, rng)
    bulk.add_children({complex_page: apartments})
    ApartmentPriceChange.objects.bulk_create(history, batch_size=bulk.BATCH_SIZE)
    refresh_complex_stats(complex_page.pk)
    return len(apartments)


def build_apartments(complex_page, buildings, count, start, images, rng):
    """`count` unsaved apartments of the complex, numbered from `start`, and their price history."""
    class_name = complex_page.housing_class.name if complex_page.housing_class_id else "Комфорт"
    class_name = class_name if class_name in FLOORS else "Комфорт"
    city_name = complex_page.city.name
    base_price = PRICE_PER_M2.get((city_name, class_name), 250) * 1000
    lots = []
    for _ in range(count):
        building = rng.choice(buildings)
        rooms = rng.choices(range(5), weights=ROOM_WEIGHTS[class_name])[0]
        lots.append(
            (building.sort_order, rng.randint(1, building.sections), rng.randint(2, building.floors), rooms, building)
        )
    lots.sort(key=lambda lot: lot[:3])
    now = timezone.now()
    apartments, history = [], []
    for offset, (_order, section, floor, rooms, building) in enumerate(lots):
        number = start + offset
        area = Decimal(rng.uniform(*AREAS[rooms])).quantize(Decimal("0.1"))
        per_m2 = base_price * rng.uniform(0.92, 1.08) * (1 + floor * 0.004)
        first_price = (Decimal(per_m2) * area / 1000).quantize(Decimal("1")) * 1000
        prices = [first_price]
        for _change in range(rng.choices([0, 1, 2, 3], weights=[5, 3, 2, 1])[0]):
            factor = Decimal(str(rng.choice([1.02, 1.03, 1.04, 1.05, 0.97])))
            prices.append((prices[-1] * factor / 1000).quantize(Decimal("1")) * 1000)
        status = rng.choices(["available", "reserved", "sold"], weights=[6, 2, 2])[0]
        label = "Студия" if rooms == 0 else f"{rooms}-комнатная квартира"
        published = now - timedelta(days=rng.randint(200, 360))
        layout = images["layouts"][0 if rooms == 0 else (1 if rooms <= 2 else 2)]
        apartment = ApartmentPage(
            title=f"{label} № {number}, {area.normalize():f} м²".replace(".", ","),
            slug=f"kvartira-{number}",
            complex=complex_page,
            building=building,
            section=section,
            floor=floor,
            number=number,
            rooms=rooms,
            area=area,
            price=prices[-1],
            status=status,
            finishing=rng.choice(FINISHING_BY_CLASS[class_name]),
            layout_image=layout,
            main_image=layout,
            description=(
                f"{label} на {floor} этаже, {building.name.lower()}, секция {section}. "
                + rng.choice(
                    [
                        "Окна во двор, кухня-гостиная с эркером.",
                        "Видовая квартира, окна на две стороны.",
                        "Просторная прихожая и гардеробная, раздельный санузел.",
                        "Тихая сторона дома, рядом лифтовой холл.",
                    ]
                )
            ),
            first_published_at=published,
            last_published_at=published + timedelta(days=30 * (len(prices) - 1)),
        )
        apartments.append(apartment)
        for step, price in enumerate(prices):
            history.append(
                ApartmentPriceChange(apartment=apartment, price=price, changed_at=published + timedelta(days=45 * step))
            )
    return apartments, history


def _scale(index, count, images, references):
    """`count` more apartments, in new phases («очереди») of the demo complexes, ten apartments per phase.

    Bulk-inserted (demo.bulk): first the complexes, then their apartments, then the price history."""
    taken = set(index.get_children().values_list("slug", flat=True))
    phases = []  # (complex, how many apartments, its random generator)
    planned, phase = 0, 1
    while planned < count:
        phase += 1
        for number, row in enumerate(COMPLEXES):
            if planned >= count:
                break
            slug = f"{row[1]}-{phase}"
            if slug in taken:
                continue
            rng = random.Random(f"inback-{slug}")  # noqa: S311 - demo data, not security
            title = f"{row[0]}, очередь {phase}"
            page = build_complex(row, number, images, references, rng, title=title, slug=slug, phase=phase - 1)
            phases.append((page, min(APARTMENTS_PER_COMPLEX, count - planned), rng))
            planned += phases[-1][1]
    bulk.add_children({index: [page for page, _count, _rng in phases]})
    apartments, history = {}, []
    for page, how_many, rng in phases:
        buildings = sorted(page.buildings.all(), key=lambda building: building.sort_order)  # in memory, now saved
        apartments[page], prices = build_apartments(page, buildings, how_many, 1, images, rng)
        history.extend(prices)
    made = bulk.add_children(apartments)
    ApartmentPriceChange.objects.bulk_create(history, batch_size=bulk.BATCH_SIZE)
    for page, _count, _rng in phases:
        refresh_complex_stats(page.pk)
    return len(phases) + made


# Russian words of this builder -> (Kazakh, English), for the translated demo pages (demo.translations).
TRANSLATIONS: dict[str, tuple[str, str]] = {
    "Новостройки": ("Жаңа үйлер", "New-build homes"),
    "Жилые комплексы Москвы и Санкт-Петербурга: актуальные цены, свободные квартиры, сроки сдачи и ипотека — с кэшбеком от InBack.": (
        "Мәскеу мен Санкт-Петербургтің тұрғын үй кешендері: өзекті бағалар, бос пәтерлер, тапсыру мерзімдері және ипотека — InBack кэшбегімен.",
        "Residential complexes in Moscow and Saint Petersburg: current prices, available apartments, completion dates and mortgages, with cashback from InBack.",
    ),
    INTROS["Комфорт"].split("{metro}")[0]: (
        "Отбасыларға арналған жайлы квартал: өз мектебі мен балабақшасы, көліксіз аулалар, жақын жерде — ",
        "A comfortable quarter for families: its own school and kindergarten, car-free courtyards, and nearby: ",
    ),
    INTROS["Бизнес"].split("{metro}")[0]: (
        "Жерасты тұрағы, лоббиі және жабық аумағы бар бизнес-класс тұрғын үй кешені; бекетке дейін бірнеше минут: ",
        "A business-class complex with underground parking, a lobby and a closed territory; a few minutes to ",
    ),
    INTROS["Премиум"].split("{metro}")[0]: (
        "Көрікті пәтерлері, консьерж-сервисі және өз SPA-сы бар премиум-класс клубтық үй; жаяу жетерлік жерде — ",
        "A premium club house with view apartments, concierge service and its own spa; within walking distance: ",
    ),
    " рядом.": (".", "."),
    " — несколько минут.": (".", "."),
    " в шаговой доступности.": (".", "."),
    "Ход строительства": ("Құрылыс барысы", "Construction progress"),
    "Квартиры": ("Пәтерлер", "Apartments"),
    "В продаже студии и квартиры от одной до четырёх комнат, с отделкой и без. Доступны семейная ипотека, рассрочка от застройщика и кэшбек InBack после регистрации сделки.": (
        "Сатылымда әрлеумен және әрлеусіз студиялар мен бір бөлмеліден төрт бөлмеліге дейінгі пәтерлер. Отбасылық ипотека, құрылыс салушының бөліп төлеуі және мәміле тіркелгеннен кейін InBack кэшбегі қолжетімді.",
        "On sale: studios and apartments of one to four rooms, with or without finishing. Family mortgages, the developer's instalment plan and InBack cashback after the deal is registered.",
    ),
    STAGE_TEXT["project"]: (
        "Жоба құрылысқа рұқсат алды, сатылым ең төмен бағамен басталды.",
        "The project has its building permit; sales have started at the lowest prices.",
    ),
    STAGE_TEXT["foundation"]: (
        "Алаңда нөлдік цикл жұмыстары жүріп жатыр: шұңқыр, іргетас тақтасы және жерасты тұрағы.",
        "Groundworks are under way: the pit, the foundation slab and the underground car park.",
    ),
    STAGE_TEXT["construction"]: (
        "Монолитті жұмыстар кесте бойынша жүріп жатыр; құрылыс салушы ай сайын құрылыс алаңынан фотоесеп жариялайды.",
        "The frame is going up on schedule; the developer publishes a monthly photo report from the site.",
    ),
    STAGE_TEXT["finishing"]: (
        "Корпустар тұрғызылды, қасбет жұмыстары, ортақ аймақтарды әрлеу және ауланы абаттандыру жүріп жатыр.",
        "The buildings are up; the facades, the common areas and the courtyard are being finished.",
    ),
    STAGE_TEXT["completed"]: (
        "Үй пайдалануға берілді, кілттер беріліп жатыр; пәтерлерді өз көзіңізбен көруге болады.",
        "The building is complete and keys are being handed over; you can see the apartments in person.",
    ),
    "Дворы без машин и детские площадки": (
        "Көліксіз аулалар мен балалар алаңдары",
        "Car-free courtyards and playgrounds",
    ),
    "Панорамные окна и виды на город": (
        "Панорамалық терезелер және қалаға көрініс",
        "Panoramic windows and city views",
    ),
    "Прогулочная набережная у дома": ("Үй жанындағы серуен жағалауы", "A riverside promenade by the house"),
    "Квартал у парка": ("Саябақ жанындағы квартал", "A quarter by the park"),
    "Лобби с консьерж-сервисом": ("Консьерж-сервисі бар лобби", "A lobby with concierge service"),
    "Студия": ("Студия", "Studio"),
    "студия": ("студия", "studio"),
    "1–2 комнаты": ("1–2 бөлме", "1–2 rooms"),
    "3 комнаты и больше": ("3 бөлме және одан көп", "3 rooms or more"),
    "Планировка: ": ("Жоспар: ", "Layout: "),
    "Детский сад в квартале": ("Кварталдағы балабақша", "A kindergarten in the quarter"),
    "Сквер и велодорожки": ("Гүлзар және велосипед жолдары", "A square and cycle paths"),
    "Торговый центр": ("Сауда орталығы", "Shopping centre"),
    "Городская поликлиника": ("Қалалық емхана", "City clinic"),
    "Окна во двор, кухня-гостиная с эркером.": (
        "Терезелері аулаға қарайды, эркері бар ас үй-қонақ бөлме.",
        "Windows onto the courtyard, a kitchen-living room with a bay window.",
    ),
    "Видовая квартира, окна на две стороны.": (
        "Көрінісі әдемі пәтер, терезелері екі жаққа қарайды.",
        "An apartment with a view, windows on two sides.",
    ),
    "Просторная прихожая и гардеробная, раздельный санузел.": (
        "Кең кіреберіс пен киім бөлмесі, бөлек санитарлық тораб.",
        "A spacious hall and walk-in wardrobe, separate bathroom and toilet.",
    ),
    "Тихая сторона дома, рядом лифтовой холл.": (
        "Үйдің тыныш жағы, жанында лифт холы.",
        "The quiet side of the building, next to the lift hall.",
    ),
    "-комнатная квартира": (" бөлмелі пәтер", "-room apartment"),
    "Москва": ("Мәскеу", "Moscow"),
    "м. ": ("м. ", "metro "),
    "очередь ": ("кезек ", "phase "),
    "Новомосковский": ("Новомосковский", "Novomoskovsky"),
}
# Sentences the builder fills in: (regex, Kazakh, English).
PATTERNS = [
    (
        r"Жилой комплекс «(.+?)» строится в районе (.+?) \((.+?)\), по адресу: (.+?)\. ",
        r"«\1» тұрғын үй кешені \3, \2 ауданында салынуда, мекенжайы: \4. ",
        r"The «\1» residential complex is being built in the \2 district (\3), at \4. ",
    ),
    (
        r"Плановый срок ввода — (\d) квартал (\d+) года\.",
        r"Пайдалануға берудің жоспарлы мерзімі — \2 жылдың \1-тоқсаны.",
        r"Planned completion: Q\1 \2.",
    ),
    (r"Корпус (\d+)", r"\1-корпус", r"Building \1"),
    (r"корпус (\d+)", r"\1-корпус", r"building \1"),
    (
        r" на (\d+) этаже, (.+?), секция (\d+)\.",
        r", \1-қабат, \2, \3-секция.",
        r" on floor \1, \2, section \3.",
    ),
    (r"Школа на (\d+) мест", r"\1 орындық мектеп", r"A school for \1 pupils"),
    (r" № (\d+), ", r" № \1, ", r" No. \1, "),
]
