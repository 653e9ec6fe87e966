"""Lead scoring («горячесть»): a rule-based score from 0 to 100, with the reasons kept beside it.

The weights are a Wagtail setting, `LeadScoringSettings` (admin → Settings → «Оценка заявок»). A lead's score is
the sum of the points of the rules that apply, clamped to 0–100:

- source: points per `Lead.source` (a phone call is the warmest by default);
- kind: points per `Lead.kind` (a viewing or a test drive means more than a consultation);
- listing price: `price_high_points` from `price_high`, else `price_mid_points` from `price_mid`;
- repeat requests: `repeat_request_points` for each request after the first on this lead (intake links a repeat
  request to the open lead as another «request» interaction) and for each other lead from the same phone, at most
  `repeat_request_max`;
- interest before the request, from `Lead.visitor_context` as intake records it: `{"visits": <int>, "viewed":
  [<page id>, ...]}` (or `"viewed_count": <int>`): `visits_points` from `visits_from` visits, `viewed_points` from
  `viewed_from` viewed listings;
- reaction to contact, from the history: an answered call (a «call» interaction with `data["outcome"] ==
  "answered"`) gives `answered_call_points` once, a reply (a «message» with `data["direction"] == "in"`)
  `reply_points` once, a meeting (a «meeting» interaction, or the lead at the meeting/deal/won stage)
  `meeting_points`; each call without an answer (`outcome == "no_answer"`) gives `missed_call_points` (negative),
  at most `missed_call_max` in total.

`rescore(lead)` runs after every history line (pipeline.log_interaction, so stage moves too): three queries
(settings, one annotated read, one update). Saving the settings rescores every open lead in bulk.
Badges: «горячая» from `hot_from`, «тёплая» from `warm_from`, else «холодная».
"""

from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from leads.models import InteractionKind, Lead, LeadKind, LeadScoringSettings, LeadSource, LeadStage

MAX_SCORE = 100

RULE_LABELS = {
    "source": _("Источник"),
    "kind": _("Тип заявки"),
    "price": _("Цена объекта"),
    "repeat": _("Повторные заявки"),
    "visits": _("Много визитов на сайт"),
    "viewed": _("Много просмотренных объектов"),
    "answered_call": _("Ответил на звонок"),
    "reply": _("Ответил на сообщение"),
    "meeting": _("Встреча"),
    "missed_calls": _("Звонки без ответа"),
}

SOURCE_FIELDS = {
    LeadSource.PHONE: "source_phone",
    LeadSource.ADS: "source_ads",
    LeadSource.SEARCH: "source_search",
    LeadSource.SOCIAL: "source_social",
    LeadSource.REFERRAL: "source_referral",
    LeadSource.DIRECT: "source_direct",
    LeadSource.OTHER: "source_other",
}
KIND_FIELDS = {
    LeadKind.VIEWING: "kind_viewing",
    LeadKind.TEST_DRIVE: "kind_test_drive",
    LeadKind.CALLBACK: "kind_callback",
    LeadKind.CONSULTATION: "kind_consultation",
}
MET_STAGES = (LeadStage.MEETING, LeadStage.DEAL, LeadStage.WON)


@dataclass(frozen=True)
class Temperature:
    code: str  # hot, warm or cold: the CSS class of the badge
    label: str


HOT = Temperature("hot", _("Горячая"))
WARM = Temperature("warm", _("Тёплая"))
COLD = Temperature("cold", _("Холодная"))


def temperature(score, rules):
    if score >= rules.hot_from:
        return HOT
    if score >= rules.warm_from:
        return WARM
    return COLD


def with_stats(leads):
    """The leads annotated with what scoring reads from their history and from other leads (one query)."""
    others = (
        Lead.objects.filter(phone=OuterRef("phone"))
        .exclude(pk=OuterRef("pk"))
        .order_by()
        .values("phone")
        .annotate(n=Count("pk"))
        .values("n")
    )
    kind = "interactions__kind"
    data = "interactions__data__"
    return leads.annotate(
        n_requests=Count("interactions", filter=Q(**{kind: InteractionKind.REQUEST})),
        n_answered=Count("interactions", filter=Q(**{kind: InteractionKind.CALL, data + "outcome": "answered"})),
        n_missed=Count("interactions", filter=Q(**{kind: InteractionKind.CALL, data + "outcome": "no_answer"})),
        n_replies=Count("interactions", filter=Q(**{kind: InteractionKind.MESSAGE, data + "direction": "in"})),
        n_meetings=Count("interactions", filter=Q(**{kind: InteractionKind.MEETING})),
        n_other_leads=Coalesce(Subquery(others, output_field=IntegerField()), Value(0)),
    )


def compute(lead, rules):
    """(score, reasons) for a lead annotated by `with_stats`; reasons are [{"rule", "points"}] in rule order."""
    reasons = []

    def add(rule, value):
        if value:
            reasons.append({"rule": rule, "points": int(value)})

    add("source", getattr(rules, SOURCE_FIELDS.get(lead.source, "source_other")))
    add("kind", getattr(rules, KIND_FIELDS[lead.kind]) if lead.kind in KIND_FIELDS else 0)
    if lead.listing_price is not None:
        if lead.listing_price >= rules.price_high:
            add("price", rules.price_high_points)
        elif lead.listing_price >= rules.price_mid:
            add("price", rules.price_mid_points)
    repeats = max(lead.n_requests - 1, 0) + lead.n_other_leads
    add("repeat", min(repeats * rules.repeat_request_points, rules.repeat_request_max))
    context = lead.visitor_context if isinstance(lead.visitor_context, dict) else {}
    if _count(context.get("visits")) >= rules.visits_from > 0:
        add("visits", rules.visits_points)
    viewed = context.get("viewed_count", context.get("viewed"))
    if _count(viewed) >= rules.viewed_from > 0:
        add("viewed", rules.viewed_points)
    if lead.n_answered:
        add("answered_call", rules.answered_call_points)
    if lead.n_replies:
        add("reply", rules.reply_points)
    if lead.n_meetings or lead.stage in MET_STAGES:
        add("meeting", rules.meeting_points)
    if lead.n_missed:
        add("missed_calls", max(lead.n_missed * rules.missed_call_points, -abs(rules.missed_call_max)))
    score = min(max(sum(reason["points"] for reason in reasons), 0), MAX_SCORE)
    return score, reasons


def _count(value):
    """A number or a list's length from the visitor context; anything else counts as 0."""
    if isinstance(value, bool):
        return 0
    if isinstance(value, int):
        return value
    if isinstance(value, list | tuple):
        return len(value)
    return 0


def rescore(lead, *, rules=None):
    """Recompute and store one lead's score and reasons; the lead object gets them too."""
    rules = rules or LeadScoringSettings.load()
    annotated = with_stats(Lead.objects.filter(pk=lead.pk)).get()
    lead.score, lead.score_reasons = compute(annotated, rules)
    Lead.objects.filter(pk=lead.pk).update(score=lead.score, score_reasons=lead.score_reasons)
    return lead.score


def rescore_many(leads, *, rules=None, batch_size=500):
    """Recompute the score of every lead of the queryset (after the rules changed): one read, batched updates."""
    rules = rules or LeadScoringSettings.load()
    changed = []
    for lead in with_stats(leads.order_by()).iterator(chunk_size=batch_size):
        score, reasons = compute(lead, rules)
        if (score, reasons) != (lead.score, lead.score_reasons):
            lead.score, lead.score_reasons = score, reasons
            changed.append(lead)
    Lead.objects.bulk_update(changed, ["score", "score_reasons"], batch_size=batch_size)
    return len(changed)


def reasons_for_display(lead):
    """[(label, points), ...] for the lead's stored reasons."""
    return [(RULE_LABELS.get(reason["rule"], reason["rule"]), reason["points"]) for reason in lead.score_reasons]
