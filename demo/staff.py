"""Demo staff: one account per role, and two agencies in the ЖильеGO rentals section.

Idempotent, like the rest of `seed_demo`: what exists is kept. Some demo properties move into the
agencies' folders and get their realtors as owners, so each staff dashboard has real data. New accounts
share one random password, printed once; `manage.py demo_logins` sets a new one and prints it again."""

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from accounts import roles
from accounts.access import setup_roles
from agencies.models import Agency, AgencyFolderPage
from catalog.models import BusinessPage, RentalIndexPage, RentalPropertyPage
from demo import dealers as demo_dealers

AGENCIES = [
    # name, folder slug, intro
    ("Астана Комфорт", "astana-komfort", "Квартиры бизнес- и комфорт-класса на левом берегу, заселение в любое время."),
    ("Есиль Хоум", "esil-home", "Дома и квартиры для семей и долгих командировок в спокойных районах Астаны."),
]


@dataclass(frozen=True)
class DemoAccount:
    email: str
    first_name: str
    last_name: str
    role: str
    agency: str = ""
    listings: tuple[str, ...] = ()  # demo rental slugs this realtor owns
    dealer: str = ""  # the Avtofamily dealer (demo.dealers) a dealer's member works for


ACCOUNTS = [
    DemoAccount("user@demo.example.com", "Анна", "Смирнова", roles.USER),
    DemoAccount("manager@demo.example.com", "Михаил", "Орлов", roles.MANAGER),
    DemoAccount("manager2@demo.example.com", "Ольга", "Никитина", roles.MANAGER),
    DemoAccount("sales-head@demo.example.com", "Павел", "Громов", roles.MANAGER),
    DemoAccount(
        "realtor1@demo.example.com", "Айгерим", "Сапарова", roles.REALTOR, "Астана Комфорт", ("obekt-001", "obekt-002")
    ),
    DemoAccount(
        "realtor2@demo.example.com", "Ерлан", "Жумабаев", roles.REALTOR, "Астана Комфорт", ("obekt-003", "obekt-004")
    ),
    DemoAccount("realtor3@demo.example.com", "Дана", "Ким", roles.REALTOR, "Есиль Хоум", ("obekt-005", "obekt-006")),
    DemoAccount("agency-admin@demo.example.com", "Марат", "Оспанов", roles.AGENCY_ADMIN, "Астана Комфорт"),
    DemoAccount("business@demo.example.com", "Ольга", "Белова", roles.BUSINESS_OWNER),
    DemoAccount("editor@demo.example.com", "Елена", "Воронцова", roles.EDITOR),
    DemoAccount("dealer1@demo.example.com", "Игорь", "Лебедев", roles.DEALER, dealer="АвтоПартнер Север"),
    DemoAccount("dealer2@demo.example.com", "Светлана", "Миронова", roles.DEALER, dealer="Драйв Моторс"),
]


def seed():
    """Roles, agencies, accounts; returns (how many objects were created, the new shared password or "")."""
    created = 0
    setup_roles()
    index = RentalIndexPage.objects.filter(locale__language_code="ru").order_by("path").first()
    agencies = {}
    if index is not None:
        for name, slug, intro in AGENCIES:
            agency, made = ensure_agency(index, name, slug, intro)
            agencies[name] = agency
            created += made
    dealers, dealers_created = demo_dealers.ensure_dealers()
    created += dealers_created
    password = secrets.token_urlsafe(9)
    new_accounts = 0
    business = demo_business()
    members = {}
    for account in ACCOUNTS:
        if (
            (account.agency and account.agency not in agencies)
            or (account.role == roles.BUSINESS_OWNER and not business)
            or (account.dealer and account.dealer not in dealers)
        ):
            continue
        user, made = ensure_account(
            account,
            password,
            agency=agencies.get(account.agency),
            business=business,
            dealer=dealers.get(account.dealer),
        )
        new_accounts += made
        if account.dealer:
            members[account.dealer] = user
        for slug in account.listings:
            created += place_listing(index, slug, agencies[account.agency], user)
    created += demo_dealers.seed_ads(dealers, members)
    return created + new_accounts, password if new_accounts else ""


def ensure_agency(index, name, slug, intro):
    """The agency and its folder under the rentals index; (agency, objects created)."""
    created = 0
    folder = AgencyFolderPage.objects.child_of(index).filter(slug=slug).first()
    if folder is None:
        folder = AgencyFolderPage(title=name, slug=slug, intro=intro)
        index.add_child(instance=folder)
        folder.save_revision().publish()
        created += 1
    agency = Agency.objects.filter(name=name).first()
    if agency is None:
        agency = Agency.objects.create(name=name, root_page=folder)
        created += 1
    return agency, created


def ensure_account(account, password, *, agency, business, dealer=None):
    """The demo account with its role; an existing account is left as it is. Returns (user, 1 if new)."""
    User = get_user_model()
    user = User.objects.filter(email=account.email).first()
    if user is not None:
        return user, 0
    with transaction.atomic():
        user = User.objects.create_user(
            email=account.email, password=password, first_name=account.first_name, last_name=account.last_name
        )
        roles.set_role(user, account.role, agency=agency, business=business, dealer=dealer)
    return user, 1


def demo_business():
    return BusinessPage.objects.order_by("path").first()


def place_listing(index, slug, agency, owner):
    """Move a demo property into the agency's folder with its realtor as owner; 1 if anything changed."""
    page = RentalPropertyPage.objects.descendant_of(index).filter(slug=slug).first()
    if page is None:
        return 0
    changed = 0
    if not page.is_descendant_of(agency.root_page):
        page.move(agency.root_page, pos="last-child")
        changed = 1
    if page.owner_id != owner.pk:
        RentalPropertyPage.objects.filter(pk=page.pk).update(owner=owner)
        changed = 1
    return changed


def login_lines(password=""):
    """What to print: each demo account with its role, and the password when it is known."""
    User = get_user_model()
    existing = set(User.objects.filter(email__in=[a.email for a in ACCOUNTS]).values_list("email", flat=True))
    lines = ["Demo accounts per role (log in at /accounts/login/, staff work in /admin/):"]
    for account in ACCOUNTS:
        if account.email not in existing:
            continue
        where = f", агентство «{account.agency}»" if account.agency else ""
        where = f", дилер «{account.dealer}»" if account.dealer else where
        lines.append(f"  {roles.ROLES[account.role].name:<24} {account.email}{where}")
    if password:
        lines.append(f"  password (all of them): {password}")
    else:
        lines.append("  password: shown when they were created; `python manage.py demo_logins` sets a new one")
    return lines
