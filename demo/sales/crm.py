"""InBack's demo CRM: leads in every stage with their history and scores, for the list, the board and the
cabinet. The demo manager (manager@demo.example.com) works them; the demo customer (user@demo.example.com)
has two of them in «Мои заявки».

Idempotent: nothing is added when the site already has demo leads (their visitor_context says "demo")."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Site

from catalog.models import ApartmentPage
from leads.models import Appointment, InteractionKind, Lead, LeadKind, LeadSource, LeadStage, ManagerProfile
from leads.pipeline import log_interaction, move_to_stage
from leads.scheduling import free_slots

MANAGER_EMAIL = "manager@demo.example.com"
CUSTOMER_EMAIL = "user@demo.example.com"
NAMES = ["Ирина", "Алексей", "Светлана", "Дмитрий", "Наталья", "Сергей", "Ольга", "Павел", "Екатерина", "Игорь"]
KINDS = [LeadKind.VIEWING, LeadKind.CONSULTATION, LeadKind.CALLBACK]
SOURCES = [LeadSource.SEARCH, LeadSource.ADS, LeadSource.DIRECT, LeadSource.SOCIAL, LeadSource.PHONE]
# the stages each demo lead goes through after its request, in turn
PATHS = [
    [],
    ["in_work"],
    ["in_work", "meeting"],
    ["in_work", "deal"],
    ["in_work", "meeting", "deal", "won"],
    ["lost"],
]


def seed(home, *, scale=0, stdout=None):
    site = Site.objects.filter(root_page=home).first()
    if site is None or Lead.objects.filter(site=site, visitor_context__demo=True).exists():
        return 0
    users = get_user_model().objects
    manager = users.filter(email=MANAGER_EMAIL).first()
    customer = users.filter(email=CUSTOMER_EMAIL).first()
    if manager is not None:
        profile, _created = ManagerProfile.objects.get_or_create(user=manager)
        profile.sites.add(site)
    apartments = list(ApartmentPage.objects.live().descendant_of(home).order_by("path")[:12])
    count = 12 * (1 + scale)
    now = timezone.now()
    for i in range(count):
        apartment = apartments[i % len(apartments)] if apartments else None
        lead = Lead.objects.create(
            site=site,
            kind=KINDS[i % len(KINDS)],
            name=NAMES[i % len(NAMES)],
            phone=f"+7916{5550000 + i:07d}",
            consent_at=now,
            source=SOURCES[i % len(SOURCES)],
            listing=apartment,
            listing_title=apartment.title if apartment else "",
            listing_price=apartment.price if apartment else None,
            user=customer if customer is not None and i < 2 else None,
            manager=manager,
            assigned_at=now if manager else None,
            visitor_context={"demo": True, "visits": i % 5, "viewed": list(range(i % 8))},
            utm={"utm_source": "yandex", "utm_medium": "cpc"} if SOURCES[i % len(SOURCES)] == LeadSource.ADS else {},
        )
        log_interaction(lead, InteractionKind.REQUEST)
        stages = PATHS[i % len(PATHS)]
        if stages and manager is not None:
            log_interaction(lead, InteractionKind.CALL, by=manager, data={"outcome": "answered"})
        for stage in stages:
            move_to_stage(lead, stage, by=manager, lost_reason="price" if stage == LeadStage.LOST else "")
        if "meeting" in stages and stages[-1] == "meeting" and manager is not None:
            # a free slot of the manager's, so the demo never puts two meetings in one slot
            slot = next(
                slot
                for slot in free_slots(site, timezone.localdate() + timedelta(days=2), 14)
                if manager.pk in slot.manager_ids
            )
            Appointment.objects.create(
                lead=lead, manager=manager, starts_at=slot.starts_at, ends_at=slot.ends_at, place="Офис InBack"
            )
    if stdout:
        stdout.write(f"CRM: {count} demo leads on {site.hostname}")
    return count
