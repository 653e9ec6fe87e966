"""InBack demo deals: cashback rules (the site's default, two developers, one complex) and two deals of
the demo buyer, one closed with its cashback ready and a payout document, one at the contract stage.

Idempotent: rules are matched by name, deals by their demo lead's phone. The deals need the demo staff
accounts (demo/staff.py): without manager@ and user@demo.example.com only the rules are made."""

from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from catalog.models import ApartmentPage, ResidentialComplexPage
from leads import cashback, deals
from leads.models import CashbackRule, CashbackStatus, DealStage, Lead, LeadKind, LeadSource, LeadStage, ManagerProfile

DEMO_PDF = b"%PDF-1.4\n% demo payout act\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# (lead phone, apartment number in the catalog order, stage the deal ends at, cashback ready?)
DEMO_DEALS = [
    ("+79990000101", 0, DealStage.CLOSED, True),
    ("+79990000102", 7, DealStage.CONTRACT, False),
]


@transaction.atomic
def seed(home, *, scale=0, stdout=None):
    site = home.get_site()
    created = 0
    year = timezone.localdate().year
    complexes = list(
        ResidentialComplexPage.objects.descendant_of(home).filter(developer__isnull=False).order_by("path")[:3]
    )
    rules = [("Кэшбек InBack", {"percent": Decimal("1")})]
    if complexes:
        rules += [
            (
                f"Застройщик {complexes[0].developer.name}",
                {"developer": complexes[0].developer, "percent": Decimal("1.5"), "cap": Decimal("300000")},
            ),
            (
                f"Акция ЖК «{complexes[-1].title}»",
                {
                    "complex": complexes[-1],
                    "percent": Decimal("3"),
                    "valid_from": date(year, 1, 1),
                    "valid_until": date(year, 12, 31),
                },
            ),
        ]
    for name, fields in rules:
        _rule, made = CashbackRule.objects.get_or_create(site=site, name=name, defaults=fields)
        created += made

    User = get_user_model()
    manager = User.objects.filter(email="manager@demo.example.com").first()
    buyer = User.objects.filter(email="user@demo.example.com").first()
    apartments = list(
        ApartmentPage.objects.live().descendant_of(home).filter(complex__developer__isnull=False).order_by("path")[:10]
    )
    if manager is None or buyer is None or not apartments:
        return created
    profile, made = ManagerProfile.objects.get_or_create(user=manager)
    profile.sites.add(site)
    created += made
    for phone, index, stage, ready in DEMO_DEALS:
        if Lead.objects.filter(phone=phone, deals__isnull=False).exists():
            continue
        apartment = apartments[min(index, len(apartments) - 1)]
        lead = Lead.objects.create(
            site=site,
            kind=LeadKind.VIEWING,
            stage=LeadStage.IN_WORK,
            name=buyer.get_full_name() or "Покупатель",
            phone=phone,
            email=buyer.email,
            user=buyer,
            consent_at=timezone.now(),
            listing=apartment,
            listing_title=apartment.title,
            listing_price=apartment.price,
            source=LeadSource.SEARCH,
            manager=manager,
            assigned_at=timezone.now(),
        )
        deal = deals.open_deal(lead, by=manager, apartment=apartment, comment="Демо: бронь внесена")
        for next_stage in (DealStage.CONTRACT, DealStage.PAYMENT, DealStage.REGISTRATION, DealStage.CLOSED):
            if deal.stage == stage:
                break
            deals.move_deal(deal, next_stage, by=manager)
        if ready and deal.cashback_status == CashbackStatus.ACCRUED:
            deals.attach_document(
                deal, SimpleUploadedFile("akt-vyplaty.pdf", DEMO_PDF), title="Акт о выплате кэшбека", by=manager
            )
            cashback.set_cashback_status(deal, CashbackStatus.READY, by=manager)
        created += 2
    if stdout is not None:
        stdout.write(f"  InBack: {created} правил кэшбека и демо-сделок")
    return created
