"""The club's models, one module per concern; import them from here."""

from loyalty.models.coupons import Coupon, CouponRedemption
from loyalty.models.imports import ImportJob
from loyalty.models.ledger import BalanceDiscrepancy, LedgerEntry, Purchase
from loyalty.models.members import Member, TierChange
from loyalty.models.rules import ClubPartner, ClubRules

__all__ = [
    "BalanceDiscrepancy",
    "ClubPartner",
    "ClubRules",
    "Coupon",
    "CouponRedemption",
    "ImportJob",
    "LedgerEntry",
    "Member",
    "Purchase",
    "TierChange",
]
