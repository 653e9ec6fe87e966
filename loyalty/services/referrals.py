"""«Пригласить подругу»: a signed invite code per member (`invite_code`, `invite_link`, `inviter_from_code` for
join's `invited_by`), and the reward when the invitee makes a first purchase (`on_first_purchase`, called by
record_purchase inside its transaction with the invitee locked): once per invitee, abuse refused."""

from urllib.parse import urlencode

from django.core import signing

from loyalty.models import LedgerEntry, Member, Referral
from loyalty.services.ledger import ZERO, credit, lock_member, save_balance, take_back

SALT = "loyalty.invite"


def invite_code(member) -> str:
    return signing.Signer(salt=SALT).sign(str(member.pk))


def invite_link(member, join_url) -> str:
    """`join_url` (the joining page's absolute URL) with the member's invite code."""
    return f"{join_url}?{urlencode({'invite': invite_code(member)})}"


def inviter_from_code(code) -> Member | None:
    """The member who sent the invite, or None for a forged or unknown code."""
    try:
        pk = signing.Signer(salt=SALT).unsign(str(code or ""))
    except signing.BadSignature:
        return None
    return Member.objects.filter(pk=pk).first() if pk.isdigit() else None


def refusal(inviter, invitee, purchase):
    if inviter.pk == invitee.pk or inviter.user_id == invitee.user_id:
        return Referral.Outcome.SELF_INVITE
    if inviter.phone == invitee.phone or (purchase.phone and purchase.phone == inviter.phone):
        return Referral.Outcome.SAME_PHONE
    if inviter.join_ip and inviter.join_ip == invitee.join_ip:
        return Referral.Outcome.SAME_IP
    return None


def on_first_purchase(member, purchase, rules, *, at, available_at) -> Referral | None:
    """The invitee's first purchase: reward the inviter (and the invitee, if the rules say so), or record why not.
    Later purchases find the Referral row and do nothing, unless the purchase that decided it was refunded whole
    (`undo`): then the next purchase decides it again, on the same row."""
    if member.invited_by_id is None:
        return None
    referral = Referral.objects.filter(invitee=member).first()
    if referral is not None and referral.outcome != Referral.Outcome.REFUNDED:
        return None
    inviter = Member.objects.get(pk=member.invited_by_id)
    if referral is None:
        referral = Referral(invitee=member, inviter=inviter)
    referral.purchase, referral.created_at, referral.refunded_at = purchase, at, None
    referral.inviter_points = referral.invitee_points = ZERO
    referral.inviter_entry = None
    referral.outcome = refusal(inviter, member, purchase) or Referral.Outcome.REWARDED
    if referral.outcome == Referral.Outcome.REWARDED:
        note = str(member)[:255]
        if rules.referral_invitee_points:
            referral.invitee_points = rules.referral_invitee_points
            credit(
                member, LedgerEntry.Kind.REFERRAL, rules.referral_invitee_points, at=at, purchase=purchase,
                available_at=available_at, lifetime_days=rules.points_lifetime_days,
            )  # fmt: skip
        if rules.referral_inviter_points:
            # Not linked to the purchase: the partner sees its buyer's lines, not who invited her.
            inviter = lock_member(inviter)  # inviters joined first: locks go invitee → inviter, never back
            referral.inviter_points = rules.referral_inviter_points
            referral.inviter_entry = credit(
                inviter, LedgerEntry.Kind.REFERRAL, rules.referral_inviter_points, at=at, available_at=available_at,
                lifetime_days=rules.points_lifetime_days, note=note,
            )  # fmt: skip
            save_balance(inviter)
    referral.save()
    return referral


def undo(member, purchase, at) -> Referral | None:
    """The invitee's purchase that earned the invitation's reward was refunded whole (invitee locked): the reward is
    taken back from both (as a refund takes points back: never below zero, the rest written off) and the invitation
    is marked `refunded`, so the invitee's next purchase can earn it again. A refusal (an abuse) stays refused."""
    referral = Referral.objects.filter(invitee=member, purchase=purchase, outcome=Referral.Outcome.REWARDED).first()
    if referral is None:
        return None
    Kind = LedgerEntry.Kind
    for lot in purchase.ledger.filter(member=member, kind=Kind.REFERRAL, reverses__isnull=True):
        take_back(member, lot, at)
    line = referral.inviter_entry
    if line is None and referral.inviter_points:  # rewarded before the line was linked: the line made with it
        lines = LedgerEntry.objects.filter(
            member=referral.inviter_id, kind=Kind.REFERRAL, purchase__isnull=True, reverses__isnull=True
        )
        line = lines.filter(amount=referral.inviter_points, created_at=referral.created_at).order_by("pk").first()
    if line is not None:
        inviter = lock_member(referral.inviter_id)  # invitee → inviter, as when it was granted
        line.refresh_from_db()
        take_back(inviter, line, at)
        save_balance(inviter)
    referral.outcome, referral.refunded_at = Referral.Outcome.REFUNDED, at
    referral.save(update_fields=["outcome", "refunded_at"])
    return referral


__all__ = ["invite_code", "invite_link", "inviter_from_code"]
