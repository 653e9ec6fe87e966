"""The notification kinds of leads (registered with the outbox in LeadsConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from notifications.kinds import EMAIL, SMS, TELEGRAM, WEBPUSH, Kind, register

# -- the calendar: meetings with clients and managers' tasks (leads/meeting_notices.py sends them) --
MEETING_CONTEXT = ("title", "starts_at", "place", "url")
register(Kind("appointment.booked", _("Запись на просмотр"), frozenset({EMAIL, SMS}), MEETING_CONTEXT, optional=False))
register(
    Kind("appointment.rescheduled", _("Встреча перенесена"), frozenset({EMAIL, SMS}), MEETING_CONTEXT, optional=False)
)
register(
    Kind(
        "appointment.cancelled",
        _("Встреча отменена"),
        frozenset({EMAIL, SMS}),
        (*MEETING_CONTEXT, "reason"),
        optional=False,
    )
)
register(
    Kind(
        "appointment.for_manager",
        _("Клиент записался, перенёс или отменил встречу"),
        frozenset({EMAIL, TELEGRAM, WEBPUSH}),
        ("title", "starts_at", "event", "url"),
        for_staff=True,
    )
)
register(
    Kind(
        "task.reminder",
        _("Напоминание о задаче"),
        frozenset({EMAIL, TELEGRAM, WEBPUSH}),
        ("title", "due_at", "url"),
        for_staff=True,
    )
)
register(
    Kind(
        "task.overdue",
        _("Задача просрочена"),
        frozenset({EMAIL, TELEGRAM, WEBPUSH}),
        ("title", "due_at", "url"),
        for_staff=True,
    )
)
