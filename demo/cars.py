# ruff: noqa: E501 - the translation tables read best one entry per line
"""Avtofamily demo: the car catalog with 100 ads over the reference makes/models/trims.

Every ad is derived from its number alone (random.Random(number)), so the demo is the same on every run and
`scale=N` continues the numbering. Eight drawn pictures are shared by all the ads."""

import random
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from catalog.models import (
    BodyType,
    CarAdPage,
    CarAdPhoto,
    CarIndexPage,
    CarMake,
    CarModel,
    City,
    DriveType,
    FuelType,
    PaymentType,
    Transmission,
)
from catalog.reference_data import slug_for
from demo import bulk
from demo.helpers import CAR_PHOTO_RENDITIONS, add_to_menu, ensure_image, ensure_index
from demo.images import draw_car, draw_car_detail

DEMO_COUNT = 100
INDEX_SLUG = "cars"
PRIMARY, ACCENT = "#1F2933", "#B0281E"
FIRST_YEAR, LAST_YEAR = 2012, 2025
MIN_PRICE, MAX_PRICE = 700_000, 9_000_000

# (make, model): (body, first year, price of a new one in 2025, drives, engines: (litres, hp, fuel, gearboxes))
SPECS = {
    ("Toyota", "Camry"): (
        "Седан",
        2012,
        4_300_000,
        ["Передний"],
        [
            (2.0, 150, "Бензин", ["Автомат"]),
            (2.5, 181, "Бензин", ["Автомат"]),
            (3.5, 249, "Бензин", ["Автомат"]),
        ],
    ),
    ("Toyota", "RAV4"): (
        "Кроссовер",
        2013,
        4_200_000,
        ["Полный", "Передний"],
        [
            (2.0, 149, "Бензин", ["Вариатор"]),
            (2.5, 199, "Бензин", ["Автомат"]),
        ],
    ),
    ("Toyota", "Land Cruiser Prado"): (
        "Внедорожник",
        2012,
        8_900_000,
        ["Полный"],
        [
            (2.8, 177, "Дизель", ["Автомат"]),
            (4.0, 249, "Бензин", ["Автомат"]),
        ],
    ),
    ("Kia", "Rio"): (
        "Седан",
        2012,
        1_900_000,
        ["Передний"],
        [
            (1.4, 100, "Бензин", ["Механика", "Автомат"]),
            (1.6, 123, "Бензин", ["Механика", "Автомат"]),
        ],
    ),
    ("Kia", "Sportage"): (
        "Кроссовер",
        2012,
        3_600_000,
        ["Полный", "Передний"],
        [
            (2.0, 150, "Бензин", ["Автомат"]),
            (2.0, 185, "Дизель", ["Автомат"]),
        ],
    ),
    ("Kia", "K5"): (
        "Седан",
        2020,
        3_400_000,
        ["Передний"],
        [
            (2.0, 150, "Бензин", ["Автомат"]),
            (2.5, 194, "Бензин", ["Автомат"]),
        ],
    ),
    ("Hyundai", "Solaris"): (
        "Седан",
        2012,
        1_800_000,
        ["Передний"],
        [
            (1.4, 100, "Бензин", ["Механика", "Автомат"]),
            (1.6, 123, "Бензин", ["Механика", "Автомат"]),
        ],
    ),
    ("Hyundai", "Creta"): (
        "Кроссовер",
        2016,
        2_500_000,
        ["Передний", "Полный"],
        [
            (1.6, 123, "Бензин", ["Механика", "Автомат"]),
            (2.0, 149, "Бензин", ["Автомат"]),
        ],
    ),
    ("Hyundai", "Tucson"): (
        "Кроссовер",
        2015,
        3_800_000,
        ["Полный"],
        [
            (2.0, 150, "Бензин", ["Автомат"]),
            (2.0, 185, "Дизель", ["Автомат"]),
        ],
    ),
    ("Lada", "Vesta"): (
        "Седан",
        2015,
        1_450_000,
        ["Передний"],
        [
            (1.6, 106, "Бензин", ["Механика", "Робот"]),
            (1.8, 122, "Бензин", ["Механика", "Вариатор"]),
            (1.6, 106, "Газ/бензин", ["Механика"]),
        ],
    ),
    ("Lada", "Granta"): (
        "Седан",
        2012,
        950_000,
        ["Передний"],
        [
            (1.6, 87, "Бензин", ["Механика"]),
            (1.6, 98, "Бензин", ["Автомат"]),
        ],
    ),
    ("Lada", "Niva Travel"): (
        "Внедорожник",
        2021,
        1_350_000,
        ["Полный"],
        [
            (1.7, 80, "Бензин", ["Механика"]),
        ],
    ),
    ("Volkswagen", "Polo"): (
        "Лифтбек",
        2012,
        1_950_000,
        ["Передний"],
        [
            (1.6, 110, "Бензин", ["Механика", "Автомат"]),
            (1.4, 125, "Бензин", ["Робот"]),
        ],
    ),
    ("Volkswagen", "Tiguan"): (
        "Кроссовер",
        2012,
        4_100_000,
        ["Полный"],
        [
            (1.4, 150, "Бензин", ["Робот"]),
            (2.0, 180, "Бензин", ["Робот"]),
            (2.0, 150, "Дизель", ["Робот"]),
        ],
    ),
    ("Skoda", "Octavia"): (
        "Лифтбек",
        2012,
        2_900_000,
        ["Передний"],
        [
            (1.4, 150, "Бензин", ["Робот", "Автомат"]),
            (1.8, 180, "Бензин", ["Робот"]),
        ],
    ),
    ("Skoda", "Kodiaq"): (
        "Кроссовер",
        2017,
        4_300_000,
        ["Полный"],
        [
            (2.0, 180, "Бензин", ["Робот"]),
            (2.0, 150, "Дизель", ["Робот"]),
        ],
    ),
    ("BMW", "X5"): (
        "Внедорожник",
        2013,
        13_000_000,
        ["Полный"],
        [
            (3.0, 249, "Дизель", ["Автомат"]),
            (3.0, 340, "Бензин", ["Автомат"]),
        ],
    ),
    ("BMW", "3 серия"): (
        "Седан",
        2012,
        5_600_000,
        ["Задний", "Полный"],
        [
            (2.0, 184, "Бензин", ["Автомат"]),
            (2.0, 190, "Дизель", ["Автомат"]),
        ],
    ),
    ("Mercedes-Benz", "E-класс"): (
        "Седан",
        2012,
        7_400_000,
        ["Задний", "Полный"],
        [
            (2.0, 197, "Бензин", ["Автомат"]),
            (2.0, 194, "Дизель", ["Автомат"]),
        ],
    ),
    ("Mercedes-Benz", "GLC"): (
        "Кроссовер",
        2016,
        8_200_000,
        ["Полный"],
        [
            (2.0, 258, "Бензин", ["Автомат"]),
            (2.0, 197, "Дизель", ["Автомат"]),
        ],
    ),
    ("Haval", "Jolion"): (
        "Кроссовер",
        2021,
        2_300_000,
        ["Передний", "Полный"],
        [
            (1.5, 143, "Бензин", ["Робот"]),
        ],
    ),
    ("Haval", "F7"): (
        "Кроссовер",
        2019,
        2_950_000,
        ["Полный", "Передний"],
        [
            (1.5, 150, "Бензин", ["Робот"]),
            (2.0, 190, "Бензин", ["Робот"]),
        ],
    ),
    ("Chery", "Tiggo 7 Pro"): (
        "Кроссовер",
        2020,
        2_450_000,
        ["Передний"],
        [
            (1.5, 147, "Бензин", ["Вариатор"]),
        ],
    ),
    ("Chery", "Tiggo 4"): (
        "Кроссовер",
        2019,
        1_900_000,
        ["Передний"],
        [
            (1.5, 113, "Бензин", ["Механика"]),
            (1.5, 147, "Бензин", ["Вариатор"]),
        ],
    ),
}
# World manufacturer identifiers (mostly the Russian plants) that start the demo VINs.
WMI = {
    "Toyota": "XW7",
    "Kia": "XWE",
    "Hyundai": "Z94",
    "Lada": "XTA",
    "Volkswagen": "XW8",
    "Skoda": "TMB",
    "BMW": "WBA",
    "Mercedes-Benz": "WDD",
    "Haval": "XZG",
    "Chery": "LVV",
}
TRANSMISSION_SHORT = {"Механика": "MT", "Автомат": "AT", "Робот": "AMT", "Вариатор": "CVT"}
COLOURS = ["Белый", "Чёрный", "Серый", "Серебристый", "Синий", "Тёмно-синий", "Красный", "Бежевый", "Коричневый"]
FEATURES = [
    "Климат-контроль",
    "Подогрев передних сидений",
    "Подогрев руля",
    "Камера заднего вида",
    "Парктроники спереди и сзади",
    "Круиз-контроль",
    "Адаптивный круиз-контроль",
    "Мультимедиа с Apple CarPlay и Android Auto",
    "Светодиодные фары",
    "Бесключевой доступ и запуск кнопкой",
    "Кожаный салон",
    "Электропривод багажника",
    "Контроль слепых зон",
    "Панорамная крыша",
    "Легкосплавные диски",
    "Комплект зимней резины",
    "Датчики дождя и света",
    "Подогрев лобового стекла",
]
OWNERS = ["Один владелец по ПТС", "Два владельца по ПТС", "Три владельца по ПТС"]
SERVICE = [
    "Обслуживался у официального дилера, сервисная книжка с отметками.",
    "ТО по регламенту в независимом сервисе, все заказ-наряды на руках.",
    "Масло и фильтры меняли каждые 10 000 км, последнее ТО — месяц назад.",
]
CONDITION_NOTES = [
    "Кузов в родной краске, мелкие сколы на капоте — по возрасту.",
    "Салон ухоженный, не прокурен, сиденья без потёртостей.",
    "Перекрашены заднее крыло и бампер после парковочного касания, толщиномер покажем на осмотре.",
    "Подвеска и тормоза проверены на подъёмнике, замечаний нет.",
]
EXTRAS = [
    "Юридически чистый: проверен по базам ГИБДД, ФНП и на ограничения.",
    "Возможен обмен на ваш автомобиль по трейд-ину.",
    "Отчёт о диагностике покажем до сделки, можно приехать со своим мастером.",
    "Поможем оформить автокредит с первым взносом от 20 %.",
]
# The shared pictures (demo/images.py): each body type in four paints, and four details; key: caption.
PAINTS = {"Белый": "light", "Серый": "light", "Серебристый": "light", "Бежевый": "light", "Чёрный": "dark",
          "Тёмно-синий": "dark", "Коричневый": "dark", "Красный": "red", "Синий": "blue"}  # fmt: skip
BODY_CAPTION = "Вид сбоку"
DETAILS = {"interior": "Салон", "dashboard": "Приборная панель", "trunk": "Багажник", "wheels": "Колёса"}
BODY_PICTURE = {"Седан": "sedan", "Кроссовер": "crossover", "Внедорожник": "suv", "Лифтбек": "liftback"}

# -- VIN ---------------------------------------------------------------------

VIN_LETTER_VALUES = [1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9]  # ISO 3779 transliteration
VIN_VALUES = dict(zip("ABCDEFGHJKLMNPRSTUVWXYZ", VIN_LETTER_VALUES, strict=True))
VIN_VALUES.update({str(digit): digit for digit in range(10)})
VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]
VIN_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
YEAR_CODES = "ABCDEFGHJKLMNPRSTVWXY123456789"  # 2010, 2011, ... (no I, O, Q, U, Z, 0)


def demo_vin(make_name, year, number):
    """A well-formed VIN, with a correct check digit, unique by `number` (the last six digits)."""
    rng = random.Random(f"vin{number}")  # noqa: S311 - demo data
    vds = "".join(rng.choice(VIN_LETTERS) for _ in range(5))
    year_code = YEAR_CODES[(year - 2010) % len(YEAR_CODES)]
    body = f"{WMI.get(make_name, 'XTT')}{vds}0{year_code}{rng.choice('ABCDKLS')}{number % 1_000_000:06d}"
    check = sum(VIN_VALUES[char] * weight for char, weight in zip(body, VIN_WEIGHTS, strict=True)) % 11
    return body[:8] + ("X" if check == 10 else str(check)) + body[9:]


# -- building blocks ---------------------------------------------------------


def pictures():
    """The shared pictures, drawn once; returns ({key: image}, how many were created)."""
    images, created = {}, 0
    drawings = {
        f"{body}-{paint}": (lambda body=body, paint=paint: draw_car(body, paint, seed="cars"), BODY_CAPTION)
        for body in sorted(set(BODY_PICTURE.values()))
        for paint in sorted(set(PAINTS.values()))
    }
    drawings |= {key: (lambda key=key: draw_car_detail(key, seed="cars"), text) for key, text in DETAILS.items()}
    for key, (draw, caption) in drawings.items():
        images[key], made = ensure_image(
            f"cars-{key}",
            draw,
            filename=f"cars-{key}.jpg",
            description=caption,
            renditions=CAR_PHOTO_RENDITIONS,
        )
        created += made
    return images, created


class Reference:
    """The reference rows the demo needs, loaded once."""

    def __init__(self):
        def by_name(model):
            return {item.name: item for item in model.objects.all()}

        self.makes = by_name(CarMake)
        self.models = {(m.make.name, m.name): m for m in CarModel.objects.select_related("make")}
        self.trims = {}
        for car_model in self.models.values():
            self.trims[car_model.pk] = list(car_model.trims.all())
        self.bodies = by_name(BodyType)
        self.fuels = by_name(FuelType)
        self.transmissions = by_name(Transmission)
        self.drives = by_name(DriveType)
        self.payments = list(PaymentType.objects.all())
        self.cities = [City.objects.get(slug=slug_for("Санкт-Петербург")), City.objects.get(slug=slug_for("Москва"))]
        self.specs = [(key, spec) for key, spec in SPECS.items() if key in self.models]


def build_ad(number, ref, images, now, taken_vins=frozenset()):
    """The unsaved CarAdPage number `number` (0-based), with its photos and payment types."""
    rng = random.Random(number)  # noqa: S311 - demo data
    (make_name, model_name), (body, first_year, new_price, drives, engines) = ref.specs[number % len(ref.specs)]
    car_model = ref.models[make_name, model_name]
    year = rng.randint(max(first_year, FIRST_YEAR), LAST_YEAR)
    litres, power, fuel, gearboxes = rng.choice(engines)
    gearbox = rng.choice(gearboxes)
    age = LAST_YEAR - year
    is_new = age <= 1 and rng.random() < 0.5
    per_year = rng.randint(9_000, 21_000)
    mileage = rng.randint(0, 60) if is_new else max(age, 1) * per_year + rng.randint(0, 4_000)
    price = new_price * 0.91**age * (1 - min(mileage, 250_000) / 1_500_000) * rng.uniform(0.94, 1.06)
    price = min(max(int(round(price, -4)), MIN_PRICE), MAX_PRICE)
    trims = ref.trims[car_model.pk]
    trim = rng.choice(trims) if trims and rng.random() < 0.85 else None
    colour = rng.choice(COLOURS)
    status = rng.choices(list(CarAdPage.Status), weights=[72, 13, 15])[0]
    features = rng.sample(FEATURES, rng.randint(4, 8))
    serial = 100_000 + number
    vin = demo_vin(make_name, year, serial)
    while vin in taken_vins:  # e.g. a second catalog: the same numbers must not repeat a VIN
        serial += 100_000
        vin = demo_vin(make_name, year, serial)
    published = now - timedelta(hours=number * 9 + rng.randint(0, 8))
    title = f"{make_name} {model_name} {litres:.1f} {TRANSMISSION_SHORT[gearbox]}, {year}"
    if is_new:
        description = (
            f"Новый {make_name} {model_name} {year} года выпуска, цвет — {colour.lower()}. "
            "Без пробега, оригинальный ПТС, гарантия производителя. "
            f"{rng.choice(EXTRAS)}"
        )
    else:
        description = (
            f"{make_name} {model_name} {year} года, цвет — {colour.lower()}. {rng.choice(OWNERS)}. "
            f"{rng.choice(SERVICE)}\n\n{rng.choice(CONDITION_NOTES)} {rng.choice(EXTRAS)}"
        )
    detail_keys = rng.sample(["interior", "dashboard", "trunk", "wheels"], 2)
    body_picture = f"{BODY_PICTURE.get(body, 'sedan')}-{PAINTS.get(colour, 'light')}"
    page = CarAdPage(
        title=title,
        slug=f"{slug_for(make_name)}-{slug_for(model_name)}-{year}-{vin[-6:]}",
        main_image=images[body_picture],
        make=ref.makes[make_name],
        model=car_model,
        trim=trim,
        year=year,
        mileage=mileage,
        price=Decimal(price),
        body_type=ref.bodies[body],
        fuel=ref.fuels[fuel],
        transmission=ref.transmissions[gearbox],
        drive=ref.drives[rng.choice(drives)],
        engine_volume=Decimal(f"{litres:.1f}"),
        engine_power=power,
        colour=colour,
        vin=vin,
        external_id=f"AF-{number:05d}",  # the dealer's own number: the import and export match ads by it
        city=ref.cities[0] if rng.random() < 0.6 else ref.cities[1],
        condition=CarAdPage.Condition.NEW if is_new else CarAdPage.Condition.USED,
        status=status,
        features="\n".join(features),
        description=description,
        first_published_at=published,
        last_published_at=published,
    )
    page.gallery_images = [
        CarAdPhoto(image=images[key], caption=DETAILS.get(key, BODY_CAPTION), sort_order=order)
        for order, key in enumerate([body_picture, *detail_keys])
    ]
    page.payment_types = rng.sample(ref.payments, rng.randint(2, len(ref.payments)))
    return page


def add_ads(index, count, start=None, stdout=None, *, bulk_insert=False):
    """Add `count` ads under `index`, numbered on from `start` (default: after the ads already there).

    `bulk_insert` stores them in batches (demo.bulk: fast, no reference index) instead of one by one."""
    if count <= 0:
        return 0
    if start is None:
        start = CarAdPage.objects.child_of(index).count()
    images, _created = pictures()
    ref, now = Reference(), timezone.now()
    taken_vins = set(CarAdPage.objects.values_list("vin", flat=True))
    pages = []
    for number in range(start, start + count):
        pages.append(build_ad(number, ref, images, now, taken_vins))
        taken_vins.add(pages[-1].vin)
    if bulk_insert:
        bulk.add_children({index: pages})
    else:
        for page in pages:
            # No revision for demo ads: add_child stores them live, which is all the demo needs. The reference
            # index would be rebuilt on every photo saved with the page; build it once per ad instead.
            with disable_reference_index_auto_update():
                index.add_child(instance=page)
            ReferenceIndex.create_or_update_for_object(page)
    if stdout:
        stdout.write(f"  Avtofamily: {count} car ads added.")
    return count


def seed(home, *, scale=0, stdout=None) -> int:
    """Create the catalog and its 100 demo ads if missing, plus `scale` more; returns how many objects were made."""
    index, index_created = ensure_index(
        home,
        CarIndexPage(
            title="Автомобили",
            slug=INDEX_SLUG,
            intro=(
                "Новые и с пробегом, в Санкт-Петербурге и Москве: диагностика, юридическая проверка "
                "и честное описание каждой машины."
            ),
            search_description=(
                "Каталог автомобилей Avtofamily: фильтры по марке, году, цене и пробегу, фото и VIN каждой машины."
            ),
        ),
    )
    created = int(index_created) + add_to_menu(home, index)
    _images, images_created = pictures()
    created += images_created
    existing = CarAdPage.objects.child_of(index).count()
    created += add_ads(index, max(DEMO_COUNT - existing, 0), start=existing, stdout=stdout)
    created += add_ads(index, scale, stdout=stdout, bulk_insert=True)
    return created


# Russian words of this builder -> (Kazakh, English), for the translated demo pages (demo.translations).
TRANSLATIONS: dict[str, tuple[str, str]] = {
    "Автомобили": ("Автокөліктер", "Cars"),
    "Новые и с пробегом, в Санкт-Петербурге и Москве: диагностика, юридическая проверка и честное описание каждой машины.": (
        "Жаңа және жүріп өткен, Санкт-Петербург пен Мәскеуде: диагностика, заңдық тексеру және әр көліктің адал сипаттамасы.",
        "New and used, in Saint Petersburg and Moscow: diagnostics, a legal check and an honest description of every car.",
    ),
    "Каталог автомобилей Avtofamily: фильтры по марке, году, цене и пробегу, фото и VIN каждой машины.": (
        "Avtofamily автокөліктер каталогы: марка, жыл, баға және жүріс бойынша сүзгілер, әр көліктің фотосы мен VIN-і.",
        "The Avtofamily car catalog: filters by make, year, price and mileage, photos and the VIN of every car.",
    ),
    "Без пробега, оригинальный ПТС, гарантия производителя.": (
        "Жүрісі жоқ, түпнұсқа ПТС, өндіруші кепілдігі.",
        "No mileage, original title, manufacturer's warranty.",
    ),
    " года выпуска, цвет — ": (" жылы шыққан, түсі — ", ", colour: "),
    " года, цвет — ": (" жыл, түсі — ", ", colour: "),
    "Новый ": ("Жаңа ", "New "),
    "Один владелец по ПТС": ("ПТС бойынша бір иесі", "One owner on the title"),
    "Два владельца по ПТС": ("ПТС бойынша екі иесі", "Two owners on the title"),
    "Три владельца по ПТС": ("ПТС бойынша үш иесі", "Three owners on the title"),
    "Обслуживался у официального дилера, сервисная книжка с отметками.": (
        "Ресми дилерде қызмет көрсетілген, сервистік кітапша белгілерімен.",
        "Serviced at an official dealer, with a stamped service book.",
    ),
    "ТО по регламенту в независимом сервисе, все заказ-наряды на руках.": (
        "Техникалық қызмет кесте бойынша тәуелсіз сервисте, барлық тапсырыс-нарядтар қолда.",
        "Scheduled maintenance at an independent garage, all work orders at hand.",
    ),
    "Масло и фильтры меняли каждые 10 000 км, последнее ТО — месяц назад.": (
        "Май мен сүзгілер әр 10 000 км сайын ауыстырылды, соңғы ТҚ — бір ай бұрын.",
        "Oil and filters changed every 10,000 km, last service a month ago.",
    ),
    "Кузов в родной краске, мелкие сколы на капоте — по возрасту.": (
        "Шанағы зауыттық бояуда, капоттағы ұсақ сызаттар — жасына сай.",
        "Original paint, small chips on the bonnet for its age.",
    ),
    "Салон ухоженный, не прокурен, сиденья без потёртостей.": (
        "Салоны күтімді, темекі иісі жоқ, орындықтары тозбаған.",
        "Well-kept, non-smoking interior, seats without wear.",
    ),
    "Перекрашены заднее крыло и бампер после парковочного касания, толщиномер покажем на осмотре.": (
        "Тұраққа қою кезіндегі соқтығыстан кейін артқы қанат пен бампер қайта боялған, қалыңдық өлшегішті тексеруде көрсетеміз.",
        "Rear wing and bumper repainted after a parking scrape; we will show the paint gauge at the viewing.",
    ),
    "Подвеска и тормоза проверены на подъёмнике, замечаний нет.": (
        "Аспа мен тежегіштер көтергіште тексерілді, ескерту жоқ.",
        "Suspension and brakes checked on a lift, no remarks.",
    ),
    "Юридически чистый: проверен по базам ГИБДД, ФНП и на ограничения.": (
        "Заңдық тұрғыдан таза: ЖҚБИ, нотариаттық базалар бойынша және шектеулерге тексерілген.",
        "Legally clean: checked against the traffic police and notary databases and for restrictions.",
    ),
    "Возможен обмен на ваш автомобиль по трейд-ину.": (
        "Трейд-ин бойынша сіздің көлігіңізге айырбастауға болады.",
        "Trade-in of your car is possible.",
    ),
    "Отчёт о диагностике покажем до сделки, можно приехать со своим мастером.": (
        "Диагностика есебін мәмілеге дейін көрсетеміз, өз шеберіңізбен келуге болады.",
        "We show the diagnostics report before the deal; you are welcome to bring your own mechanic.",
    ),
    "Поможем оформить автокредит с первым взносом от 20 %.": (
        "Алғашқы жарнасы 20 %-дан басталатын автонесиені рәсімдеуге көмектесеміз.",
        "We help arrange a car loan with a down payment from 20 %.",
    ),
    **{
        russian: (kazakh, english)
        for russian, kazakh, english in [
            ("Климат-контроль", "Климат-бақылау", "Climate control"),
            ("Подогрев передних сидений", "Алдыңғы орындықтарды жылыту", "Heated front seats"),
            ("Подогрев руля", "Рульді жылыту", "Heated steering wheel"),
            ("Камера заднего вида", "Артқы көрініс камерасы", "Rear-view camera"),
            ("Парктроники спереди и сзади", "Алдыңғы және артқы парктроник", "Front and rear parking sensors"),
            ("Адаптивный круиз-контроль", "Бейімделгіш круиз-бақылау", "Adaptive cruise control"),
            ("Круиз-контроль", "Круиз-бақылау", "Cruise control"),
            (
                "Мультимедиа с Apple CarPlay и Android Auto",
                "Apple CarPlay және Android Auto мультимедиасы",
                "Multimedia with Apple CarPlay and Android Auto",
            ),
            ("Светодиодные фары", "Жарықдиодты фаралар", "LED headlights"),
            (
                "Бесключевой доступ и запуск кнопкой",
                "Кілтсіз кіру және түймемен іске қосу",
                "Keyless entry and push-button start",
            ),
            ("Кожаный салон", "Былғары салон", "Leather interior"),
            ("Электропривод багажника", "Жүксалғыштың электр жетегі", "Power tailgate"),
            ("Контроль слепых зон", "Соқыр аймақтарды бақылау", "Blind-spot monitoring"),
            ("Панорамная крыша", "Панорамалық төбе", "Panoramic roof"),
            ("Легкосплавные диски", "Жеңіл қорытпалы дискілер", "Alloy wheels"),
            ("Комплект зимней резины", "Қысқы шиналар жиынтығы", "Set of winter tyres"),
            ("Датчики дождя и света", "Жаңбыр және жарық датчиктері", "Rain and light sensors"),
            ("Подогрев лобового стекла", "Алдыңғы әйнекті жылыту", "Heated windscreen"),
            ("Белый", "Ақ", "White"),
            ("белый", "ақ", "white"),
            ("Чёрный", "Қара", "Black"),
            ("чёрный", "қара", "black"),
            ("Серый", "Сұр", "Grey"),
            ("серый", "сұр", "grey"),
            ("Серебристый", "Күміс түсті", "Silver"),
            ("серебристый", "күміс түсті", "silver"),
            ("Тёмно-синий", "Қою көк", "Navy blue"),
            ("тёмно-синий", "қою көк", "navy blue"),
            ("Синий", "Көк", "Blue"),
            ("синий", "көк", "blue"),
            ("Красный", "Қызыл", "Red"),
            ("красный", "қызыл", "red"),
            ("Бежевый", "Бежевый", "Beige"),
            ("бежевый", "бежевый", "beige"),
            ("Коричневый", "Қоңыр", "Brown"),
            ("коричневый", "қоңыр", "brown"),
            ("Вид спереди", "Алдыңғы көрініс", "Front view"),
            ("Приборная панель", "Аспаптар тақтасы", "Dashboard"),
            ("Багажник", "Жүксалғыш", "Boot"),
            ("Колёса", "Дөңгелектер", "Wheels"),
            ("Салон", "Салон", "Interior"),
            ("3 серия", "3 сериясы", "3 Series"),
            ("E-класс", "E-класс", "E-Class"),
        ]
    },
}
