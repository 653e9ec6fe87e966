"""Syncing a partner's connector: page through its system from the stored cursor, record every purchase through
loyalty.services.record_purchase (idempotent per partner and document, so a rerun creates nothing new), and keep
what happened in a ConnectorRun.

Each page is one transaction with the cursor that follows it: the cursor moves only once the page's purchases are
committed. A 429 waits Retry-After (at most CONNECTOR_MAX_WAIT seconds) and asks again; a 5xx or a network failure
is retried CONNECTOR_RETRIES times with growing pauses, then the run stops with the error, and the next one (beat,
or «Синхронизировать сейчас») resumes from the cursor. Rows that cannot be recorded are counted and listed with the
reason, never stopping the run."""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from catalog.models import BusinessCategory
from integrations.partners import AuthError, ConnectorError, RateLimited, Unavailable
from integrations.partners.amocrm import AmoCrmAdapter
from integrations.partners.bitrix24 import Bitrix24Adapter
from integrations.partners.csvfile import CsvAdapter
from integrations.partners.iiko import IikoAdapter
from integrations.partners.onec import OneCAdapter
from integrations.partners.renovatio import RenovatioAdapter
from integrations.partners.yclients import YclientsAdapter
from loyalty.models import ClubPartner, Connector, ConnectorRun, Purchase
from loyalty.services import record_purchase

log = logging.getLogger(__name__)

ADAPTERS = {
    Connector.Kind.YCLIENTS: YclientsAdapter,
    Connector.Kind.IIKO: IikoAdapter,
    Connector.Kind.BITRIX24: Bitrix24Adapter,
    Connector.Kind.AMOCRM: AmoCrmAdapter,
    Connector.Kind.ONEC: OneCAdapter,
    Connector.Kind.RENOVATIO: RenovatioAdapter,
    Connector.Kind.CSV: CsvAdapter,
}
MAX_FAILED_ROWS = 200  # kept per run; the count goes on


def adapter_for(connector):
    return ADAPTERS[connector.kind](
        connector.base_url, connector.credentials, connector.settings, timeout=settings.CONNECTOR_TIMEOUT
    )


def fetch_with_retries(adapter, cursor, sleep):
    """One page; waits out rate limits and retries failures (Unavailable after the last try goes up)."""
    failures = waits = 0
    while True:
        try:
            return adapter.fetch(cursor)
        except RateLimited as error:
            waits += 1
            if waits > settings.CONNECTOR_RETRIES * 3:
                raise Unavailable(f"still rate limited after {waits - 1} waits") from error
            sleep(min(error.retry_after, settings.CONNECTOR_MAX_WAIT))
        except Unavailable:
            failures += 1
            if failures > settings.CONNECTOR_RETRIES:
                raise
            sleep(min(2 ** (failures - 1), settings.CONNECTOR_MAX_WAIT))


def record(connector, run, item, medical, categories):
    """Record one normalised purchase; counts it in `run`, and lists it with the reason if it cannot be recorded."""
    run.fetched += 1
    problem = item.problem
    if not problem:
        try:
            purchase, created = record_purchase(
                connector.partner,
                item.external_id,
                item.amount,
                item.phone,
                source=Purchase.Source.CONNECTOR,
                category=categories.get(item.category),
                description="" if medical else item.description,
                purchased_at=item.purchased_at,
            )
        except ValidationError as error:  # ClubError included: a refusal writes nothing
            problem = "; ".join(str(message) for message in error.messages)
        else:
            if not created:
                run.skipped += 1
            else:
                run.created += 1
                if purchase.member_id:
                    run.matched += 1
                else:
                    run.waiting += 1
            return
    run.failed += 1
    if len(run.failed_rows) < MAX_FAILED_ROWS:
        # The id and the reason only: never the row itself (a medical partner's row may name a service).
        run.failed_rows.append({"external_id": item.external_id, "reason": problem})


def sync(connector, *, sleep=None, max_pages=None) -> ConnectorRun:
    """Sync one connector from its cursor until its system has nothing more; returns the run."""
    sleep = sleep or import_string(settings.CONNECTOR_SLEEP)
    max_pages = max_pages or settings.CONNECTOR_MAX_PAGES
    run = ConnectorRun.objects.create(connector=connector, started_at=timezone.now())
    Connector.objects.filter(pk=connector.pk).update(state=Connector.State.RUNNING)
    medical = ClubPartner.of(connector.partner).is_medical
    categories = {category.slug: category for category in BusinessCategory.objects.all()}
    categories[""] = None
    error = ""
    try:
        adapter = adapter_for(connector)
        cursor = connector.cursor
        for _page in range(max_pages):
            page = fetch_with_retries(adapter, cursor, sleep)
            with transaction.atomic():
                for item in page.records:
                    record(connector, run, item, medical, categories)
                run.skipped += page.skipped
                cursor = page.next_cursor
                run.save()
                Connector.objects.filter(pk=connector.pk).update(cursor=cursor)
            if not page.more:
                break
    except (ConnectorError, ValueError) as failure:  # ValueError: credentials that do not decrypt to JSON
        error = f"{type(failure).__name__}: {failure}"[:1000]
        if not isinstance(failure, AuthError | Unavailable):
            log.exception("connector %s failed", connector.pk)
    now = timezone.now()
    run.finished_at, run.error = now, error
    run.save()
    Connector.objects.filter(pk=connector.pk).update(
        state=Connector.State.ERROR if error else Connector.State.OK, last_sync_at=now, last_error=error
    )
    connector.refresh_from_db()
    return run


def sync_enabled():
    """Every enabled connector, one after another (the beat task); returns how many ran."""
    count = 0
    for connector in Connector.objects.filter(enabled=True).select_related("partner"):
        sync(connector)
        count += 1
    return count
