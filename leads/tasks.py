"""Periodic work of the leads app (Celery beat, every minute). Thin: the services decide and record."""

from celery import shared_task

from leads.reminders import send_due_reminders


@shared_task
def send_calendar_reminders():
    return send_due_reminders()
