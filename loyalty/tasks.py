"""The club's nightly jobs (Celery beat, config/settings/base.py). Thin: loyalty.services decides and records."""

from celery import shared_task

from loyalty import connectors, services
from loyalty.models import Connector
from loyalty.services import event_payments, event_refunds, events, imports


@shared_task
def release_pending_points():
    return services.release_pending()


@shared_task
def expire_points():
    """Expire first, then remind about what expires next."""
    return {"expired": services.expire_points(), "reminded": services.send_expiry_reminders()}


@shared_task
def recompute_tiers():
    return services.recompute_tiers()


@shared_task
def verify_balances():
    return len(services.verify_balances())


@shared_task
def sync_connector(connector_id):
    """One partner's connector now («Синхронизировать сейчас»); a disabled or deleted one is left alone."""
    connector = Connector.objects.filter(pk=connector_id, enabled=True).select_related("partner").first()
    if connector is None:
        return None
    return connectors.sync(connector).pk


@shared_task
def sync_connectors():
    return connectors.sync_enabled()


@shared_task
def import_purchases(job_id):
    """A partner's uploaded file of purchases (loyalty.services.imports)."""
    job = imports.run_import(job_id)
    return {"status": job.status, "created": job.created, "refused": job.refused}


@shared_task
def close_proposal_votes():
    """Votes on member-built events whose deadline passed: counted, the winners made draft event pages."""
    from loyalty.services import voting

    return voting.close_due()


@shared_task
def expire_event_offers():
    return events.expire_offers()


@shared_task
def poll_event_payments():
    return event_payments.poll_open_payments()


@shared_task
def retry_event_refunds():
    return event_refunds.retry_due_refunds()


@shared_task
def send_event_reminders():
    return events.send_reminders()


@shared_task
def ask_event_feedback():
    return events.send_feedback_requests()


@shared_task
def refresh_analytics():
    """RFM segments, the churn model refitted and the club's monthly metrics (loyalty.services.analytics)."""
    from loyalty.services import analytics

    return analytics.refresh()
