"""Demo calendar of the InBack sales team: the demo manager's working hours and a day off, a few
viewings in free slots of the coming days and some tasks (one overdue, one with a reminder).

Idempotent: a manager who already has meetings or tasks is left as they are. Meetings are written
directly (no messages go out to the demo clients)."""

from datetime import time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from leads.clock import leads_time_zone
from leads.models import Appointment, Lead, LeadKind, LeadStage, ManagerDayOff, ManagerProfile, Task
from leads.scheduling import free_slots

MANAGER_EMAIL = "manager@demo.example.com"
CLIENTS = [
    ("Ольга Демина", "+79000000101", "ЖК «Северная долина», 2-комнатная"),
    ("Сергей Павлов", "+79000000102", "ЖК «Береговой», студия"),
    ("Ирина Котова", "+79000000103", "ЖК «Парковый квартал», 3-комнатная"),
]
TASKS = [
    # title, due in hours from now, remind before due (hours) or None
    ("Перезвонить Ольге Деминой по ипотеке", 26, 1),
    ("Отправить планировки Сергею Павлову", 50, None),
    ("Подготовить договор бронирования", -3, None),
]


def seed(home, *, scale=0, stdout=None):
    """Working hours for the demo manager on the InBack site, three viewings and three tasks."""
    site = home.get_site()
    manager = get_user_model().objects.filter(email=MANAGER_EMAIL).first()
    if site is None or manager is None:
        return 0
    created = 0
    profile, made = ManagerProfile.objects.get_or_create(
        user=manager, defaults={"work_days": [1, 2, 3, 4, 5], "work_start": time(10), "work_end": time(19)}
    )
    profile.sites.add(site)
    created += made
    if manager.appointments.exists() or manager.sales_tasks.exists():
        return created

    today = timezone.localdate(timezone.now(), leads_time_zone())
    ManagerDayOff.objects.create(
        manager=profile, starts_on=today + timedelta(days=20), ends_on=today + timedelta(days=22), reason="Отпуск"
    )
    slots = [slot for slot in free_slots(site, today + timedelta(days=1), 7) if manager.pk in slot.manager_ids]
    now = timezone.now()
    for index, (name, phone, listing) in enumerate(CLIENTS):
        lead = Lead.objects.create(
            site=site,
            kind=LeadKind.VIEWING,
            stage=LeadStage.MEETING,
            name=name,
            phone=phone,
            consent_at=now,
            listing_title=listing,
            manager=manager,
            assigned_at=now,
        )
        created += 1
        if index * 3 < len(slots):
            slot = slots[index * 3]
            Appointment.objects.create(
                lead=lead, manager=manager, starts_at=slot.starts_at, ends_at=slot.ends_at, place=listing
            )
            created += 1
    for title, hours, remind in TASKS:
        due = now + timedelta(hours=hours)
        Task.objects.create(
            manager=manager,
            title=title,
            due_at=due,
            remind_at=due - timedelta(hours=remind) if remind else None,
            created_by=manager,
        )
        created += 1
    if stdout:
        stdout.write(f"  calendar: {created} objects for {MANAGER_EMAIL}")
    return created
