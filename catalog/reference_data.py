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


# The names above in Kazakh and English (every list; a name missing here, or a proper name such as a make, keeps
# its Russian spelling on the Kazakh and English pages until an editor fills it in): {Russian: (Kazakh, English)}.
TRANSLATIONS = {
    # cities and districts
    "Астана": ("Астана", "Astana"),
    "Москва": ("Мәскеу", "Moscow"),
    "Санкт-Петербург": ("Санкт-Петербург", "Saint Petersburg"),
    "Алматинский": ("Алматы", "Almaty"),
    "Байконурский": ("Байқоңыр", "Baikonur"),
    "Есильский": ("Есіл", "Yesil"),
    "Сарыаркинский": ("Сарыарқа", "Saryarka"),
    "ЦАО": ("ОӘО", "Central"),
    "САО": ("СӘО", "Northern"),
    "СВАО": ("СШӘО", "North-Eastern"),
    "ВАО": ("ШӘО", "Eastern"),
    "ЮВАО": ("ОШӘО", "South-Eastern"),
    "ЮАО": ("ОӘО (оңтүстік)", "Southern"),
    "ЮЗАО": ("ОБӘО", "South-Western"),
    "ЗАО": ("БӘО", "Western"),
    "СЗАО": ("СБӘО", "North-Western"),
    "Новомосковский": ("Новомосковский", "Novomoskovsky"),
    "Адмиралтейский": ("Адмиралтейский", "Admiralteysky"),
    "Василеостровский": ("Василеостровский", "Vasileostrovsky"),
    "Выборгский": ("Выборгский", "Vyborgsky"),
    "Калининский": ("Калининский", "Kalininsky"),
    "Кировский": ("Кировский", "Kirovsky"),
    "Московский": ("Московский", "Moskovsky"),
    "Невский": ("Невский", "Nevsky"),
    "Петроградский": ("Петроградский", "Petrogradsky"),
    "Приморский": ("Приморский", "Primorsky"),
    "Фрунзенский": ("Фрунзенский", "Frunzensky"),
    "Центральный": ("Центральный", "Tsentralny"),
    # amenities
    "Парковка": ("Көлік тұрағы", "Parking"),
    "Кухня": ("Ас үй", "Kitchen"),
    "Стиральная машина": ("Кір жуғыш машина", "Washing machine"),
    "Кондиционер": ("Кондиционер", "Air conditioning"),
    "Телевизор": ("Теледидар", "TV"),
    "Балкон": ("Балкон", "Balcony"),
    "Лифт": ("Лифт", "Lift"),
    "Детская кроватка": ("Балалар төсегі", "Cot"),
    "Посудомоечная машина": ("Ыдыс жуғыш машина", "Dishwasher"),
    "Утюг": ("Үтік", "Iron"),
    "Фен": ("Шаш кептіргіш", "Hair dryer"),
    # classes and types
    "Комфорт": ("Комфорт", "Comfort"),
    "Бизнес": ("Бизнес", "Business"),
    "Премиум": ("Премиум", "Premium"),
    "Квартира": ("Пәтер", "Apartment"),
    "Частный дом": ("Жеке үй", "House"),
    "Коттедж": ("Коттедж", "Cottage"),
    "Комната": ("Бөлме", "Room"),
    "Хостел": ("Хостел", "Hostel"),
    # developers (proper names; the Cyrillic ones spelled for English)
    "ПИК": ("ПИК", "PIK"),
    "Самолёт": ("Самолёт", "Samolet"),
    "Группа ЛСР": ("ЛСР тобы", "LSR Group"),
    "Эталон": ("Эталон", "Etalon"),
    "Донстрой": ("Донстрой", "Donstroy"),
    "ФСК": ("ФСК", "FSK"),
    # cars
    "3 серия": ("3 сериясы", "3 Series"),
    "E-класс": ("E-класс", "E-Class"),
    "Престиж": ("Престиж", "Prestige"),
    "Стандарт": ("Стандарт", "Standard"),
    "Седан": ("Седан", "Sedan"),
    "Хэтчбек": ("Хэтчбек", "Hatchback"),
    "Лифтбек": ("Лифтбек", "Liftback"),
    "Универсал": ("Универсал", "Estate"),
    "Кроссовер": ("Кроссовер", "Crossover"),
    "Внедорожник": ("Жолсыз жерде жүретін көлік", "SUV"),
    "Минивэн": ("Минивэн", "Minivan"),
    "Купе": ("Купе", "Coupe"),
    "Пикап": ("Пикап", "Pickup"),
    "Бензин": ("Бензин", "Petrol"),
    "Дизель": ("Дизель", "Diesel"),
    "Гибрид": ("Гибрид", "Hybrid"),
    "Электро": ("Электр", "Electric"),
    "Газ/бензин": ("Газ/бензин", "LPG/petrol"),
    "Механика": ("Механика", "Manual"),
    "Автомат": ("Автомат", "Automatic"),
    "Робот": ("Робот", "Automated manual"),
    "Вариатор": ("Вариатор", "CVT"),
    "Передний": ("Алдыңғы", "Front-wheel"),
    "Задний": ("Артқы", "Rear-wheel"),
    "Полный": ("Толық", "All-wheel"),
    "Наличные": ("Қолма-қол", "Cash"),
    "Безналичный расчёт": ("Қолма-қолсыз есеп айырысу", "Bank transfer"),
    "Автокредит": ("Автонесие", "Car loan"),
    "Лизинг": ("Лизинг", "Leasing"),
    "Трейд-ин": ("Трейд-ин", "Trade-in"),
    # partner businesses
    "Косметология": ("Косметология", "Cosmetology"),
    "Гастромаркет": ("Гастромаркет", "Gastro market"),
    "Стоматология": ("Стоматология", "Dentistry"),
    "Салон красоты": ("Сұлулық салоны", "Beauty salon"),
    "Медицинский центр": ("Медициналық орталық", "Medical centre"),
}
REFERENCE_MODELS = [
    "City",
    "District",
    "Amenity",
    "HousingClass",
    "PropertyType",
    "Developer",
    "CarMake",
    "CarModel",
    "CarTrim",
    "BodyType",
    "FuelType",
    "Transmission",
    "DriveType",
    "PaymentType",
    "BusinessCategory",
]


def load_translations(apps):
    """Fill in the Kazakh and English names that are still empty, from TRANSLATIONS."""
    for model_name in REFERENCE_MODELS:
        model = apps.get_model("catalog", model_name)
        changed = []
        for item in model.objects.filter(name__in=TRANSLATIONS):
            kazakh, english = TRANSLATIONS[item.name]
            if not item.name_kk or not item.name_en:
                item.name_kk, item.name_en = item.name_kk or kazakh, item.name_en or english
                changed.append(item)
        model.objects.bulk_update(changed, ["name_kk", "name_en"])
