"""The club's models, one module per concern; import them from here."""

from loyalty.models.analytics import ChurnModel, ClubMonth, CustomerSpan, MemberScore, PeriodFigures, Segment
from loyalty.models.chains import Chain, ChainProgress, ChainStep, ChainStepDone
from loyalty.models.connectors import Connector, ConnectorRun
from loyalty.models.coupons import Coupon, CouponRedemption
from loyalty.models.event_payments import EventPayment, EventPaymentEvent, EventRefund
from loyalty.models.events import EventFeedback, EventRegistration
from loyalty.models.imports import ImportJob
from loyalty.models.ledger import BalanceDiscrepancy, LedgerEntry, Purchase, PurchaseRefund
from loyalty.models.members import Member, TierChange
from loyalty.models.offers import Offer, OfferEvent
from loyalty.models.proposals import EventFund, EventFundLine, EventProposal, ProposalDate, ProposalVote
from loyalty.models.referrals import Badge, MemberBadge, Referral
from loyalty.models.rules import ClubPartner, ClubRules

__all__ = [
    "Badge",
    "BalanceDiscrepancy",
    "Chain",
    "ChainProgress",
    "ChainStep",
    "ChainStepDone",
    "ChurnModel",
    "ClubMonth",
    "ClubPartner",
    "ClubRules",
    "Connector",
    "ConnectorRun",
    "Coupon",
    "CouponRedemption",
    "CustomerSpan",
    "EventFeedback",
    "EventFund",
    "EventFundLine",
    "EventPayment",
    "EventPaymentEvent",
    "EventProposal",
    "EventRefund",
    "EventRegistration",
    "ImportJob",
    "LedgerEntry",
    "Member",
    "MemberBadge",
    "MemberScore",
    "Offer",
    "OfferEvent",
    "PeriodFigures",
    "ProposalDate",
    "ProposalVote",
    "Purchase",
    "PurchaseRefund",
    "Referral",
    "Segment",
    "TierChange",
]
