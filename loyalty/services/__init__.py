"""What the club's views, cashier screen, importers and connectors call. Every write is one transaction; a
refusal raises ClubError (a ValidationError with a message for the person) and changes nothing.

- members: `join`, `invite_to_inner_circle`, `adjust`
- purchases: `record_purchase`, `refund_purchase`, `credit_waiting_purchases`
- tiers: `progress`, `recompute_tiers` (nightly)
- nightly: `release_pending`, `expire_points`, `send_expiry_reminders`, `verify_balances`
- coupons: `find_coupon`, `check_coupon`, `coupon_effect`, `coupon_summary` (to show a coupon before recording)
"""

from loyalty.services.coupons import check_coupon, coupon_effect, coupon_summary, find_coupon
from loyalty.services.ledger import ClubError
from loyalty.services.nightly import expire_points, release_pending, send_expiry_reminders, verify_balances
from loyalty.services.purchases import adjust, credit_waiting_purchases, join, record_purchase, refund_purchase
from loyalty.services.tiers import invite_to_inner_circle, progress, recompute_tiers

__all__ = [
    "ClubError",
    "adjust",
    "check_coupon",
    "coupon_effect",
    "coupon_summary",
    "credit_waiting_purchases",
    "expire_points",
    "find_coupon",
    "invite_to_inner_circle",
    "join",
    "progress",
    "recompute_tiers",
    "record_purchase",
    "refund_purchase",
    "release_pending",
    "send_expiry_reminders",
    "verify_balances",
]
