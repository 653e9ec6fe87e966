"""Celery tasks of the API."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from api.models import IdempotentRequest


@shared_task(ignore_result=True)
def forget_idempotent_requests():
    """Daily (beat): stored answers older than API_IDEMPOTENCY_DAYS go; a retry that late is a new request."""
    cutoff = timezone.now() - timedelta(days=settings.API_IDEMPOTENCY_DAYS)
    deleted, _by_model = IdempotentRequest.objects.filter(created_at__lt=cutoff).delete()
    return deleted
