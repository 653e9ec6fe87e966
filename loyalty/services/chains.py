"""Cross-promo chains: a purchase advances the member in every active chain with a step at its partner
(`advance`, called by record_purchase inside its transaction, member locked); `next_steps` for the member's
page; `chain_analytics` for the partners' win-win report."""

import secrets
from dataclasses import dataclass
from datetime import timedelta
from itertools import pairwise

from django.db.models import Exists, F, OuterRef, Prefetch, Sum

from catalog.models import all_tiers
from loyalty.models import Chain, ChainProgress, ChainStep, ChainStepDone, Coupon, LedgerEntry, Purchase
from loyalty.services.coupons import today
from loyalty.services.ledger import ZERO, credit

Kind = Chain.Kind


def active_chains():
    steps = ChainStep.objects.select_related("partner", "category", "reward_coupon").order_by("sort_order", "pk")
    return Chain.objects.filter(is_active=True).prefetch_related(Prefetch("steps", queryset=steps)).order_by("pk")


def open_steps(chain, steps, progress):
    """The steps the member may do now (the first step for a chain not started)."""
    position = progress.position if progress else 0
    if chain.kind == Kind.FAN_OUT and position == 1:
        return steps[1:]
    return steps[position : position + 1]


def deadline(chain, progress):
    if chain.kind in (Kind.SEQUENTIAL, Kind.CYCLIC) and progress and progress.started_at and chain.window_days:
        return progress.started_at + timedelta(days=chain.window_days)
    return None


def matches(step, purchase):
    return (
        step.partner_id == purchase.partner_id
        and step.category_id in (None, purchase.category_id)
        and purchase.turnover >= step.min_amount
    )


def personal_coupon(template, member, chain, at):
    """The member's own one-use coupon made from the step's template."""
    start = today(at)
    return Coupon.objects.create(
        code=f"{template.code[:24]}-{secrets.token_hex(4).upper()}",
        title=str(chain)[:120],
        kind=template.kind,
        value=template.value,
        partner=template.partner,
        member=member,
        allowed_tiers=all_tiers(),
        valid_from=start,
        valid_to=start + timedelta(days=chain.coupon_days),
        total_limit=1,
        per_member_limit=1,
    )


def reward(step, member, progress, purchase, at, available_at, lifetime_days):
    existing = ChainStepDone.objects.filter(member=member, step=step, round=progress.round).first()
    if existing is not None:  # done in this lap already (the progress stepped back over it after a refund)
        return existing
    done = ChainStepDone(
        member=member, step=step, round=progress.round, purchase=purchase, done_at=purchase.purchased_at
    )
    # A non-cyclic chain started again (its window passed) rewards each step only the first time.
    if step.chain.kind != Kind.CYCLIC and ChainStepDone.objects.filter(member=member, step=step).exists():
        done.save()
        return done
    if step.reward_coupon_id:
        done.coupon = personal_coupon(step.reward_coupon, member, step.chain, at)
    if step.reward_points:
        done.points = step.reward_points
        credit(
            member, LedgerEntry.Kind.CHAIN, step.reward_points, at=at, purchase=purchase, available_at=available_at,
            lifetime_days=lifetime_days, note=str(step.chain)[:255],
        )  # fmt: skip
    done.save()
    return done


def advance(member, purchase, *, at, available_at, lifetime_days) -> list[ChainStepDone]:
    """Complete the open step each active chain has at the purchase's partner (one per chain and purchase).

    Runs in record_purchase's transaction with the member locked, so a step is done (and rewarded) once per lap.
    A sequential or cyclic chain not finished within its window starts again from this purchase."""
    done = []
    chains = [c for c in active_chains() if any(step.partner_id == purchase.partner_id for step in c.steps.all())]
    progress_of = {p.chain_id: p for p in ChainProgress.objects.filter(member=member, chain__in=chains)}
    for chain in chains:
        steps = list(chain.steps.all())
        progress = progress_of.get(chain.pk) or ChainProgress(member=member, chain=chain)
        if progress.completed_at and chain.kind != Kind.CYCLIC:
            continue
        ends = deadline(chain, progress)
        if ends is not None and purchase.purchased_at > ends:  # too late: a new attempt, from the first step
            progress.position, progress.round, progress.started_at = 0, progress.round + 1, None
        step = next((step for step in open_steps(chain, steps, progress) if matches(step, purchase)), None)
        if step is None:
            if progress.pk and ends is not None and progress.position == 0:
                progress.save(update_fields=["position", "round", "started_at"])
            continue
        done.append(reward(step, member, progress, purchase, at, available_at, lifetime_days))
        if progress.position == 0:
            progress.started_at = purchase.purchased_at
        last = progress.position >= 1 if chain.kind == Kind.FAN_OUT else progress.position == len(steps) - 1
        if not last:
            progress.position += 1
        else:
            progress.completed_at = progress.completed_at or at
            if chain.kind == Kind.CYCLIC:
                progress.position, progress.round, progress.started_at = 0, progress.round + 1, None
            else:
                progress.position = len(steps)
        progress.save()
    return done


def undo(member, purchase, at) -> int:
    """The purchase was refunded whole (member locked): the steps it did are no longer done. Each one's record goes,
    its personal reward coupon stops working if it was not used yet (a used one stays used), and the member's
    progress steps back to it when it was done in the current lap (a finished chain is open again). Steps done after
    it in that lap stay done and are not rewarded twice when the member walks past them again. A lap of a cyclic
    chain that this step finished is reopened only if the next lap has not started. The chain points are taken
    back by the refund with the purchase's other lines. Returns how many steps were undone."""
    done = list(ChainStepDone.objects.filter(member=member, purchase=purchase).select_related("step__chain", "coupon"))
    for record in done:
        chain = record.step.chain
        if record.coupon is not None and record.coupon.times_used == 0:
            record.coupon.is_active = False
            record.coupon.save(update_fields=["is_active"])
        record.delete()
        progress = ChainProgress.objects.filter(member=member, chain=chain).first()
        if progress is None:
            continue
        steps = [step.pk for step in chain.steps.order_by("sort_order", "pk")]
        index = steps.index(record.step_id)
        if chain.kind == Kind.FAN_OUT:
            index = min(index, 1)
        if chain.kind == Kind.CYCLIC and record.round == progress.round - 1 and progress.position == 0:
            progress.round -= 1  # the lap this step finished is open again
            progress.position = len(steps)
        elif record.round != progress.round:
            continue
        if chain.kind != Kind.CYCLIC and progress.completed_at and progress.position >= index:
            progress.completed_at = None
        progress.position = min(progress.position, index)
        if progress.position == 0:
            progress.started_at = None
        elif progress.started_at is None:
            first = ChainStepDone.objects.filter(member=member, step__chain=chain, round=progress.round)
            progress.started_at = first.order_by("done_at").values_list("done_at", flat=True).first()
        progress.save(update_fields=["position", "round", "started_at", "completed_at"])
    return len(done)


@dataclass(frozen=True)
class NextStep:
    """One chain on the member's page: the steps open now (several for a fan-out), until when (or None),
    and how many steps of how many are behind."""

    chain: Chain
    steps: list
    deadline: object
    done: int
    total: int


def next_steps(member) -> list[NextStep]:
    """What the member can do next in each active chain not finished (a cyclic one never is); three queries."""
    chains = list(active_chains())
    progress_of = {p.chain_id: p for p in ChainProgress.objects.filter(member=member)}
    result = []
    for chain in chains:
        steps = list(chain.steps.all())
        progress = progress_of.get(chain.pk)
        if not steps or (progress and progress.completed_at and chain.kind != Kind.CYCLIC):
            continue
        position = progress.position if progress else 0
        total = 2 if chain.kind == Kind.FAN_OUT else len(steps)
        result.append(NextStep(chain, open_steps(chain, steps, progress), deadline(chain, progress), position, total))
    return result


@dataclass(frozen=True)
class ChainLink:
    """Customers of `source`'s partner who went on to `target`'s: how many moved, and the revenue (purchases less
    coupon discounts, refunds excluded) each partner got from the other's customers after the step there."""

    source: ChainStep
    target: ChainStep
    moved: int
    target_revenue: object
    source_revenue: object


def revenue_from(step, customers_of):
    """Revenue at `step`'s partner from members who completed `customers_of`, on or after they did."""
    came_from = ChainStepDone.objects.filter(
        step=customers_of, member=OuterRef("member"), done_at__lte=OuterRef("purchased_at")
    )
    total = (
        Purchase.objects.filter(partner=step.partner_id, refunded_at__isnull=True)
        .filter(Exists(came_from))
        .aggregate(total=Sum(F("amount") - F("discount") - F("refunded_turnover")))["total"]
    )
    return total or ZERO


def chain_analytics(chain) -> list[ChainLink]:
    """Win-win figures for each link of the chain: A → B for a simple or sequential chain (and the last step back
    to the first for a cyclic one), A → each of B, C, D for a fan-out."""
    steps = list(chain.steps.select_related("partner").order_by("sort_order", "pk"))
    if chain.kind == Kind.FAN_OUT:
        pairs = [(steps[0], step) for step in steps[1:]]
    else:
        pairs = list(pairwise(steps))
        if chain.kind == Kind.CYCLIC and len(steps) > 1:
            pairs.append((steps[-1], steps[0]))
    links = []
    for source, target in pairs:
        moved = (
            ChainStepDone.objects.filter(step=target)
            .filter(
                Exists(
                    ChainStepDone.objects.filter(
                        step=source, member=OuterRef("member"), done_at__lte=OuterRef("done_at")
                    )
                )
            )
            .values("member")
            .distinct()
            .count()
        )
        links.append(ChainLink(source, target, moved, revenue_from(target, source), revenue_from(source, target)))
    return links


__all__ = ["ChainLink", "NextStep", "advance", "chain_analytics", "next_steps", "undo"]
