"""Clients for the partners' own systems (CRM, booking, POS, clinic software) that the club reads purchases from.

Each adapter speaks its service's documented API and offers one call, `fetch(cursor) -> Page`: the next page of
normalised purchase records after `cursor` (a small JSON-able dict the adapter alone understands; None to start),
the cursor to continue from, and whether more pages follow. The sync logic (loyalty/connectors.py) pages,
records, honours rate limits and keeps the cursor; nothing here knows about the club's models.
"""

from integrations.partners.base import (
    AuthError,
    ConnectorError,
    Page,
    PurchaseRecord,
    RateLimited,
    Unavailable,
)

__all__ = ["AuthError", "ConnectorError", "Page", "PurchaseRecord", "RateLimited", "Unavailable"]
