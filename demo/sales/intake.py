"""Demo for lead intake: sales managers of InBack and Avtofamily and a dozen requests sent through the intake
service, as visitors would have sent them (kinds, listings, UTM tags and referrers vary).

Needs the demo staff accounts (demo/staff.py): run it after them. Idempotent: a site that already has
leads gets none added; profiles that exist are left as they are."""

from datetime import time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from catalog.models import ApartmentPage, CarAdPage, ResidentialComplexPage
from leads.intake import LeadRequest, kinds_for, submit_lead
from leads.models import Lead, LeadKind, ManagerProfile

# email -> profile fields; the head of sales sees every lead of the sites and does not take leads himself.
MANAGERS = {
    "manager@demo.example.com": {},
    "manager2@demo.example.com": {"work_start": time(11), "work_end": time(20)},
    "sales-head@demo.example.com": {"is_head_of_sales": True, "is_active": False},
}
BRANDS = ("inback", "avtofamily")
PEOPLE = [
    ("Анна Смирнова", "+79161234501", "anna.s@example.com"),
    ("Игорь Петров", "+79161234502", ""),
    ("Мария Кузнецова", "+79161234503", "maria.k@example.com"),
    ("Дмитрий Соколов", "+79161234504", ""),
    ("Елена Попова", "+79161234505", "elena.p@example.com"),
    ("Сергей Волков", "+79161234506", ""),
]
ORIGINS = [
    ({"utm_source": "yandex", "utm_medium": "cpc", "utm_campaign": "novostroyki"}, ""),
    ({}, "https://www.google.com/"),
    ({"utm_source": "vk", "utm_medium": "social"}, "https://vk.com/"),
    ({}, ""),
    ({}, "https://cian.ru/"),
    ({"utm_source": "telegram", "utm_medium": "social", "utm_campaign": "autumn"}, "https://t.me/"),
]
MESSAGES = {
    LeadKind.CONSULTATION: "Интересует ипотека с господдержкой, какой первый взнос?",
    LeadKind.VIEWING: "Хотим посмотреть квартиру всей семьёй.",
    LeadKind.CALLBACK: "",
    LeadKind.TEST_DRIVE: "Можно ли в выходные?",
}


def seed(home, *, scale=0, stdout=None) -> int:
    site = home.get_site()
    if site is None or home.slug not in BRANDS:
        return 0
    created = ensure_profiles(site)
    if created is None:
        if stdout:
            stdout.write("  leads: no demo managers yet (run after demo/staff.py): skipped")
        return 0
    if Lead.objects.filter(site=site).exists():
        return created
    return created + send_requests(site, home)


def ensure_profiles(site):
    """The demo managers' profiles on this site; None when the demo staff accounts do not exist yet."""
    users = {user.email: user for user in get_user_model().objects.filter(email__in=MANAGERS)}
    if "manager@demo.example.com" not in users:
        return None
    created = 0
    for email, fields in MANAGERS.items():
        user = users.get(email)
        if user is None:
            continue
        profile, made = ManagerProfile.objects.get_or_create(user=user, defaults=fields)
        created += made
        profile.sites.add(site)
    return created


def listings(home):
    """Listings of the site that take requests, a few of each type."""
    found = []
    for model in (ResidentialComplexPage, ApartmentPage, CarAdPage):
        found += list(model.objects.live().descendant_of(home).order_by("path")[:4])
    return found


def send_requests(site, home) -> int:
    now = timezone.now()
    pages = listings(home) or [None]
    made = 0
    for number in range(12):
        page = pages[number % len(pages)]
        kind = kinds_for(page)[number % len(kinds_for(page))]
        name, phone, email = PEOPLE[number % len(PEOPLE)]
        utm, referrer = ORIGINS[number % len(ORIGINS)]
        # numbers 6-11 reuse the first six phones: two of them come back within the day and join their lead
        result = submit_lead(
            LeadRequest(
                site=site,
                kind=kind,
                name=name,
                phone=phone if number < 8 else phone[:-2] + f"{number:02d}",
                email=email,
                message=MESSAGES[kind],
                preferred_time=now + timedelta(days=1 + number % 3, hours=2) if kind != LeadKind.CONSULTATION else None,
                consent_at=now,
                listing=page.specific if page is not None else None,
                utm=utm,
                referrer=referrer,
                visitor_context={"viewed": [p.pk for p in pages[:3] if p is not None]},
            ),
            notify=False,
        )
        made += result.created
    return made
