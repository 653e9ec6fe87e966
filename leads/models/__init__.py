"""Lead models, one module per concern; import them from here."""

from leads.models.calendar import Appointment, AppointmentStatus, Task
from leads.models.deals import (
    CLOSED_DEAL_STAGES,
    CashbackRule,
    CashbackStatus,
    Deal,
    DealDocument,
    DealEvent,
    DealStage,
)
from leads.models.lead import (
    CLOSED_STAGES,
    CONTACT_KINDS,
    OPEN_STAGES,
    Interaction,
    InteractionKind,
    Lead,
    LeadKind,
    LeadQuerySet,
    LeadSource,
    LeadStage,
    LostReason,
)
from leads.models.managers import ManagerDayOff, ManagerProfile, default_work_days
from leads.models.reminders import AppointmentReminder, CalendarFeed, ReminderKind, TaskReminder
from leads.models.scoring import LeadScoringSettings

__all__ = [
    "CLOSED_DEAL_STAGES",
    "CLOSED_STAGES",
    "CONTACT_KINDS",
    "OPEN_STAGES",
    "Appointment",
    "AppointmentReminder",
    "AppointmentStatus",
    "CalendarFeed",
    "CashbackRule",
    "CashbackStatus",
    "Deal",
    "DealDocument",
    "DealEvent",
    "DealStage",
    "Interaction",
    "InteractionKind",
    "Lead",
    "LeadKind",
    "LeadQuerySet",
    "LeadScoringSettings",
    "LeadSource",
    "LeadStage",
    "LostReason",
    "ManagerDayOff",
    "ManagerProfile",
    "ReminderKind",
    "Task",
    "TaskReminder",
    "default_work_days",
]
