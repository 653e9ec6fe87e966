"""The club's models, one module per concern; import them from here."""

from loyalty.models.connectors import Connector, ConnectorRun
from loyalty.models.coupons import Coupon, CouponRedemption
from loyalty.models.ledger import BalanceDiscrepancy, LedgerEntry, Purchase
from loyalty.models.members import Member, TierChange
from loyalty.models.rules import ClubPartner, ClubRules

__all__ = [
    "BalanceDiscrepancy",
    "ClubPartner",
    "ClubRules",
    "Connector",
    "ConnectorRun",
    "Coupon",
    "CouponRedemption",
    "LedgerEntry",
    "Member",
    "Purchase",
    "TierChange",
]
