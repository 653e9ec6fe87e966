"""The assistant's figures for a period: conversations, resolved without a person, handoff rate, time to first
answer, CSAT, top and unanswered questions, model cost per conversation. A fixed number of queries."""

import math
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.db.models.functions import Lower

from assistant.models import Message, Role

TOP = 10


@dataclass
class Figures:
    conversations: int
    without_person: int
    handed_off: int
    first_answer_seconds: float | None
    csat: float | None
    rated: int
    cost: Decimal
    top_questions: list
    unanswered: list

    @property
    def without_person_rate(self):
        return round(100 * self.without_person / self.conversations, 1) if self.conversations else 0

    @property
    def handoff_rate(self):
        return round(100 * self.handed_off / self.conversations, 1) if self.conversations else 0

    @property
    def cost_per_conversation(self):
        return (self.cost / self.conversations).quantize(Decimal("0.0001")) if self.conversations else Decimal(0)


def figures(conversations, start, end):
    """`conversations`: the user's scope; [start, end) datetimes."""
    rows = conversations.filter(started_at__gte=start, started_at__lt=end)
    people = Q(staff_replied=True) | ~Q(handoff_reason="")
    totals = rows.aggregate(
        total=Count("pk"),
        handed=Count("pk", filter=people),
        alone=Count("pk", filter=~people),
        first=Avg(ExpressionWrapper(F("first_answer_at") - F("started_at"), output_field=DurationField())),
        csat_avg=Avg("csat"),
        rated=Count("csat"),
    )
    questions = Message.objects.filter(conversation__in=rows.values("pk"), role=Role.CUSTOMER, is_media=False)
    cost = Message.objects.filter(conversation__in=rows.values("pk")).aggregate(cost=Sum("cost"))["cost"]

    def top(queryset):
        return list(
            queryset.annotate(question=Lower("text"))
            .values("question")
            .annotate(times=Count("pk"))
            .order_by("-times", "question")[:TOP]
        )

    first = totals["first"]
    if first is not None and not isinstance(first, timedelta):  # some backends give microseconds
        first = timedelta(microseconds=first)
    return Figures(
        conversations=totals["total"],
        without_person=totals["alone"],
        handed_off=totals["handed"],
        first_answer_seconds=round(first.total_seconds(), 1) if first is not None else None,
        csat=round(totals["csat_avg"], 2) if totals["csat_avg"] is not None else None,
        rated=totals["rated"],
        cost=cost or Decimal(0),
        top_questions=top(questions),
        unanswered=top(questions.filter(answered=False)),
    )


def per_bot(conversations, start, end):
    rows = conversations.filter(started_at__gte=start, started_at__lt=end)
    return list(
        rows.values("bot__name")
        .annotate(
            total=Count("pk"),
            handed=Count("pk", filter=Q(staff_replied=True) | ~Q(handoff_reason="")),
            csat_avg=Avg("csat"),
        )
        .order_by("bot__name")
    )


@dataclass
class Variant:
    name: str
    conversations: int
    without_person: int
    csat: float | None
    rated: int = 0
    satisfied: int = 0  # rated 4 or 5

    @property
    def rate(self):
        return round(100 * self.without_person / self.conversations, 1) if self.conversations else 0

    @property
    def satisfied_rate(self):
        return round(100 * self.satisfied / self.rated, 1) if self.rated else None


@dataclass
class ABResult:
    a: Variant
    b: Variant
    p_value: float | None  # the share resolved without a person
    csat_p_value: float | None = None  # the share of ratings 4–5 among the rated

    @property
    def significant(self):
        return self.p_value is not None and self.p_value < 0.05

    @property
    def csat_significant(self):
        return self.csat_p_value is not None and self.csat_p_value < 0.05


def two_proportion_p_value(success_a, total_a, success_b, total_b):
    """Two-sided p-value of the difference of two shares (the normal approximation of the z-test)."""
    if not total_a or not total_b:
        return None
    pooled = (success_a + success_b) / (total_a + total_b)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / total_a + 1 / total_b))
    if spread == 0:
        return 1.0
    z = (success_a / total_a - success_b / total_b) / spread
    return math.erfc(abs(z) / math.sqrt(2))


def ab_test(conversations, start, end, field="variant"):
    """Arm A against B of a test (`field`: "variant" for the personas, "template_variant" for the answer
    templates): the share resolved without a person and the CSAT, and whether each difference is real."""
    rows = conversations.filter(started_at__gte=start, started_at__lt=end).exclude(**{field: ""})
    people = Q(staff_replied=True) | ~Q(handoff_reason="")
    counted = {
        row[field]: row
        for row in rows.values(field).annotate(
            total=Count("pk"), alone=Count("pk", filter=~people), score=Avg("csat"), rated=Count("csat"),
            happy=Count("pk", filter=Q(csat__gte=4)),
        )
    }  # fmt: skip
    if not counted:
        return None
    variants = [
        Variant(name, counted.get(name, {}).get("total", 0), counted.get(name, {}).get("alone", 0),
                counted.get(name, {}).get("score"), counted.get(name, {}).get("rated", 0),
                counted.get(name, {}).get("happy", 0))
        for name in ("a", "b")
    ]  # fmt: skip
    a, b = variants
    return ABResult(
        a,
        b,
        two_proportion_p_value(a.without_person, a.conversations, b.without_person, b.conversations),
        two_proportion_p_value(a.satisfied, a.rated, b.satisfied, b.rated),
    )
