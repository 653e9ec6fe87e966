"""«Пригласить подругу»: a signed invite code per member (`invite_code`, `invite_link`, `inviter_from_code` for
join's `invited_by`), and the reward when the invitee makes a first purchase (`on_first_purchase`, called by
record_purchase inside its transaction with the invitee locked): once per invitee, abuse refused."""

from urllib.parse import urlencode

from django.core import signing

from loyalty.models import LedgerEntry, Member, Referral
from loyalty.services.ledger import credit, lock_member, save_balance

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
    Later purchases find the Referral row and do nothing."""
    if member.invited_by_id is None or Referral.objects.filter(invitee=member).exists():
        return None
    inviter = Member.objects.get(pk=member.invited_by_id)
    referral = Referral(invitee=member, inviter=inviter, purchase=purchase, created_at=at)
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
            credit(
                inviter, LedgerEntry.Kind.REFERRAL, rules.referral_inviter_points, at=at, available_at=available_at,
                lifetime_days=rules.points_lifetime_days, note=note,
            )  # fmt: skip
            save_balance(inviter)
    referral.save()
    return referral


__all__ = ["invite_code", "invite_link", "inviter_from_code"]
