"""What the club's views, cashier screen, importers and connectors call. Every write is one transaction; a
refusal raises ClubError (a ValidationError with a message for the person) and changes nothing.

- members: `join`, `invite_to_inner_circle`, `adjust`
- purchases: `record_purchase`, `refund_purchase`, `credit_waiting_purchases`
- tiers: `progress`, `recompute_tiers` (nightly)
- nightly: `release_pending`, `expire_points`, `send_expiry_reminders`, `verify_balances`
- chains: `next_steps` (the member's page), `chain_analytics` (the partners' report); `advance` runs in record_purchase
- offers: `offers_for`, `offer_shown`, `offer_taken` (the member's page), `offer_analytics`; redemption runs in
  record_purchase
- referrals: `invite_code`, `invite_link`, `inviter_from_code` (for join's invited_by); the reward runs in
  record_purchase
- badges: `member_badges`; awarded in record_purchase
- coupons: `find_coupon`, `check_coupon`, `coupon_effect`, `coupon_summary` (to show a coupon before recording)
"""

from loyalty.services.badges import member_badges
from loyalty.services.chains import chain_analytics, next_steps
from loyalty.services.coupons import check_coupon, coupon_effect, coupon_summary, find_coupon
from loyalty.services.ledger import ClubError
from loyalty.services.nightly import expire_points, release_pending, send_expiry_reminders, verify_balances
from loyalty.services.offers import offer_analytics, offer_shown, offer_taken, offers_for
from loyalty.services.purchases import adjust, credit_waiting_purchases, join, record_purchase, refund_purchase
from loyalty.services.referrals import invite_code, invite_link, inviter_from_code
from loyalty.services.tiers import invite_to_inner_circle, progress, recompute_tiers

__all__ = [
    "ClubError",
    "adjust",
    "chain_analytics",
    "check_coupon",
    "coupon_effect",
    "coupon_summary",
    "credit_waiting_purchases",
    "expire_points",
    "find_coupon",
    "invite_code",
    "invite_link",
    "invite_to_inner_circle",
    "inviter_from_code",
    "join",
    "member_badges",
    "next_steps",
    "offer_analytics",
    "offer_shown",
    "offer_taken",
    "offers_for",
    "progress",
    "recompute_tiers",
    "record_purchase",
    "refund_purchase",
    "release_pending",
    "send_expiry_reminders",
    "verify_balances",
]
