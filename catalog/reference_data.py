"""The reference lists the platform starts with; editors extend them in the admin.

Loaded by a data migration (catalog 0002); slugs are transliterated names."""

from anyascii import anyascii
from django.utils.text import slugify

CITIES = {
    # city: (country, [districts])
    "Астана": (
        "KZ",
        ["Алматинский", "Байконурский", "Есильский", "Сарыаркинский"],
    ),
    "Москва": (
        "RU",
        ["ЦАО", "САО", "СВАО", "ВАО", "ЮВАО", "ЮАО", "ЮЗАО", "ЗАО", "СЗАО", "Новомосковский"],
    ),
    "Санкт-Петербург": (
        "RU",
        [
            "Адмиралтейский",
            "Василеостровский",
            "Выборгский",
            "Калининский",
            "Кировский",
            "Московский",
            "Невский",
            "Петроградский",
            "Приморский",
            "Фрунзенский",
            "Центральный",
        ],
    ),
}
AMENITIES = [
    "Wi-Fi",
    "Парковка",
    "Кухня",
    "Стиральная машина",
    "Кондиционер",
    "Телевизор",
    "Балкон",
    "Лифт",
    "Детская кроватка",
    "Посудомоечная машина",
    "Утюг",
    "Фен",
]
HOUSING_CLASSES = ["Комфорт", "Бизнес", "Премиум"]
PROPERTY_TYPES = [("Квартира", True), ("Частный дом", True), ("Коттедж", True), ("Комната", True), ("Хостел", False)]
DEVELOPERS = ["ПИК", "Самолёт", "Группа ЛСР", "Эталон", "Донстрой", "Setl Group", "ФСК", "MR Group"]
CARS = {
    "Toyota": {"Camry": ["Комфорт", "Престиж"], "RAV4": ["Стандарт", "Комфорт"], "Land Cruiser Prado": ["Комфорт"]},
    "Kia": {"Rio": ["Classic", "Comfort"], "Sportage": ["Comfort", "Prestige"], "K5": ["Luxe", "GT Line"]},
    "Hyundai": {"Solaris": ["Active", "Elegance"], "Creta": ["Family", "Lifestyle"], "Tucson": ["Prestige"]},
    "Lada": {"Vesta": ["Comfort", "Enjoy"], "Granta": ["Standard", "Club"], "Niva Travel": ["Classic"]},
    "Volkswagen": {"Polo": ["Origin", "Status"], "Tiguan": ["Respect", "Status"]},
    "Skoda": {"Octavia": ["Ambition", "Style"], "Kodiaq": ["Style"]},
    "BMW": {"X5": ["xDrive30d"], "3 серия": ["320i"]},
    "Mercedes-Benz": {"E-класс": ["E 200"], "GLC": ["GLC 300"]},
    "Haval": {"Jolion": ["Comfort", "Premium"], "F7": ["Elite"]},
    "Chery": {"Tiggo 7 Pro": ["Prestige"], "Tiggo 4": ["Family"]},
}
BODY_TYPES = ["Седан", "Хэтчбек", "Лифтбек", "Универсал", "Кроссовер", "Внедорожник", "Минивэн", "Купе", "Пикап"]
FUEL_TYPES = ["Бензин", "Дизель", "Гибрид", "Электро", "Газ/бензин"]
TRANSMISSIONS = ["Механика", "Автомат", "Робот", "Вариатор"]
DRIVE_TYPES = ["Передний", "Задний", "Полный"]
PAYMENT_TYPES = ["Наличные", "Безналичный расчёт", "Автокредит", "Лизинг", "Трейд-ин"]
BUSINESS_CATEGORIES = ["Косметология", "Гастромаркет", "Стоматология", "Салон красоты", "Медицинский центр"]


def slug_for(name):
    return slugify(anyascii(name)) or "item"


def _by_slug(aliases):
    return {slug_for(name): spellings for name, spellings in aliases.items()}


# Other spellings of reference names that files from dealers and marketplaces use, by list and entry name. The
# import (catalog.car_import) also matches any case and Cyrillic written in Latin letters («Тойота» = Toyota), so
# only what transliteration does not give is here: Russian spellings of Latin names, English names, abbreviations.
ALIASES = {
    kind: _by_slug(aliases)
    for kind, aliases in {
        "make": {
            "Hyundai": ["Хендай", "Хёндай", "Хундай", "Хюндай", "Хёндэ"],
            "Volkswagen": ["Фольксваген", "VW"],
            "Skoda": ["Шкода", "Škoda"],
            "BMW": ["БМВ"],
            "Mercedes-Benz": ["Мерседес", "Мерседес-Бенц", "Mercedes"],
            "Haval": ["Хавал", "Хавейл"],
            "Chery": ["Чери", "Черри"],
            "Lada": ["ВАЗ", "VAZ", "Лада (ВАЗ)"],
        },
        "model": {
            "Camry": ["Камри"],
            "RAV4": ["Рав 4", "РАВ4"],
            "Land Cruiser Prado": ["Ленд Крузер Прадо", "Лэнд Крузер Прадо", "Prado", "Прадо"],
            "Sportage": ["Спортейдж", "Спортэйдж"],
            "Solaris": ["Солярис"],
            "Creta": ["Крета"],
            "Tucson": ["Туссан", "Тусон"],
            "Octavia": ["Октавия"],
            "Kodiaq": ["Кодиак"],
            "Niva Travel": ["Нива Тревел"],
            "3 серия": ["3 Series", "3er"],
            "E-класс": ["E-Class", "E Class"],
            "Jolion": ["Джолион"],
            "Tiggo 7 Pro": ["Тигго 7 Про"],
            "Tiggo 4": ["Тигго 4"],
        },
        "body_type": {
            "Хэтчбек": ["Hatchback"],
            "Лифтбек": ["Liftback"],
            "Универсал": ["Wagon", "Estate", "Station wagon"],
            "Кроссовер": ["Crossover", "CUV"],
            "Внедорожник": ["SUV", "Off-road", "Джип"],
            "Минивэн": ["Minivan", "MPV", "Минивен"],
            "Купе": ["Coupe"],
            "Пикап": ["Pickup", "Pick-up"],
        },
        "fuel": {
            "Бензин": ["Petrol", "Gasoline"],
            "Дизель": ["Diesel", "ДТ"],
            "Гибрид": ["Hybrid"],
            "Электро": ["Electric", "EV", "Электричество", "Электромобиль"],
            "Газ/бензин": ["LPG", "Газ", "Бензин/газ"],
        },
        "transmission": {
            "Механика": ["Manual", "MT", "МКПП", "Механическая"],
            "Автомат": ["Automatic", "AT", "АКПП", "Автоматическая"],
            "Робот": ["AMT", "DCT", "Роботизированная"],
            "Вариатор": ["CVT"],
        },
        "drive": {
            "Передний": ["FWD", "Front"],
            "Задний": ["RWD", "Rear"],
            "Полный": ["AWD", "4WD", "4x4", "Full"],
        },
        "city": {
            "Москва": ["Moscow", "Мск"],
            "Санкт-Петербург": ["Saint Petersburg", "St Petersburg", "St. Petersburg", "СПб", "Петербург", "Питер"],
            "Астана": ["Nur-Sultan", "Нур-Султан"],
        },
        "payment_types": {
            "Наличные": ["Cash"],
            "Безналичный расчёт": ["Безнал", "Безналичный", "Bank transfer", "Cashless"],
            "Автокредит": ["Кредит", "Credit", "Loan", "Car loan"],
            "Лизинг": ["Leasing", "Lease"],
            "Трейд-ин": ["Trade-in", "Трейдин"],
        },
    }.items()
}


def load(apps):
    """Create every entry that is missing (running twice changes nothing)."""

    def ensure(model_name, name, order, scope=None, **defaults):
        """scope: the parent the slug is unique within, e.g. {"city": city}."""
        model = apps.get_model("catalog", model_name)
        obj, _created = model.objects.get_or_create(
            slug=slug_for(name), **(scope or {}), defaults={"name": name, "sort_order": order, **defaults}
        )
        return obj

    for order, (city_name, (country, districts)) in enumerate(CITIES.items()):
        city = ensure("City", city_name, order, country=country)
        for district_order, district in enumerate(districts):
            ensure("District", district, district_order, scope={"city": city})
    for order, name in enumerate(AMENITIES):
        ensure("Amenity", name, order)
    for order, name in enumerate(HOUSING_CLASSES):
        ensure("HousingClass", name, order)
    for order, (name, has_rooms) in enumerate(PROPERTY_TYPES):
        ensure("PropertyType", name, order, has_rooms=has_rooms)
    for order, name in enumerate(DEVELOPERS):
        ensure("Developer", name, order)
    for make_order, (make_name, models) in enumerate(CARS.items()):
        make = ensure("CarMake", make_name, make_order)
        for model_order, (model_name, trims) in enumerate(models.items()):
            car_model = ensure("CarModel", model_name, model_order, scope={"make": make})
            for trim_order, trim in enumerate(trims):
                ensure("CarTrim", trim, trim_order, scope={"model": car_model})
    for model_name, names in [
        ("BodyType", BODY_TYPES),
        ("FuelType", FUEL_TYPES),
        ("Transmission", TRANSMISSIONS),
        ("DriveType", DRIVE_TYPES),
        ("PaymentType", PAYMENT_TYPES),
        ("BusinessCategory", BUSINESS_CATEGORIES),
    ]:
        for order, name in enumerate(names):
            ensure(model_name, name, order)
