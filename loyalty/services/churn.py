"""The churn forecast: a logistic regression fitted on the club's own history, in plain Python (no new dependency).

The model. A member "churns" when they make no purchase in the club for `HORIZON_DAYS` (90) days. Looking back
from a cutoff `at − 90 days`, each member who had bought before it is described by five features (one aggregate
query): days since their last purchase, the number of purchases, log(1 + money spent), days in the club and the
number of categories they bought in. The label is whether they bought nothing in the 90 days after the cutoff, which
we know today. The features are standardised and a logistic regression with a small L2 penalty is fitted by
Newton's method (iteratively reweighted least squares: 5 weights + intercept, a few iterations). One member in
five (by id) is held out of the fit and the model's AUC on them is stored: 0.5 is a coin toss, 1.0 perfect; the
dashboard shows it so owners know how far to trust the forecast. Then the same features as of today give each
member the probability of making no purchase in the next 90 days, and the reason shown is the feature that pushes
their probability up the most (its weight × their standardised value).

Refitted nightly with the RFM scores (loyalty.tasks.refresh_analytics)."""

import math
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, Max, Q, Sum
from django.db.models.functions import Coalesce

from loyalty.models import ChurnModel, Purchase

HORIZON_DAYS = 90
FEATURES = ("recency", "frequency", "monetary", "tenure", "categories")
PENALTY = 1e-3
MAX_TRAIN = 50_000
HOLDOUT = 5  # every fifth member (by id) is held out


def features(at):
    """{member_id: (features, churned)} from one aggregate query: history before `at`, and whether the member
    bought in [at, at + horizon) (meaningful only when that lies in the past)."""
    horizon = at + timedelta(days=HORIZON_DAYS)
    before = Q(purchased_at__lt=at)
    rows = (
        Purchase.objects.filter(member__isnull=False, refunded_at__isnull=True, purchased_at__lt=horizon)
        .values("member")
        .annotate(
            last=Max("purchased_at", filter=before),
            n=Count("pk", filter=before),
            spent=Coalesce(Sum("amount", filter=before), 0, output_field=Purchase._meta.get_field("amount")),
            categories=Count("category", distinct=True, filter=before),
            joined=Max("member__joined_at"),
            later=Count("pk", filter=~before),
        )
        .filter(n__gt=0)
        .order_by("member")
    )
    day = 86400.0
    return {
        r["member"]: (
            (
                (at - r["last"]).total_seconds() / day,
                float(r["n"]),
                math.log1p(float(r["spent"])),
                max((at - r["joined"]).total_seconds() / day, 0.0),
                float(r["categories"]),
            ),
            r["later"] == 0,
        )
        for r in rows.iterator(chunk_size=5000)
    }


def standardiser(rows):
    n = len(rows) or 1
    means = [sum(row[j] for row in rows) / n for j in range(len(FEATURES))]
    sds = [math.sqrt(sum((row[j] - means[j]) ** 2 for row in rows) / n) or 1.0 for j in range(len(FEATURES))]
    return means, sds


def sigmoid(z):
    if z >= 0:
        return 1 / (1 + math.exp(-z))
    e = math.exp(z)
    return e / (1 + e)


def solve(matrix, vector):
    """Gaussian elimination with partial pivoting (a 6×6 system)."""
    size = len(vector)
    a = [[*row, vector[i]] for i, row in enumerate(matrix)]
    for col in range(size):
        pivot = max(range(col, size), key=lambda r: abs(a[r][col]))
        a[col], a[pivot] = a[pivot], a[col]
        if abs(a[col][col]) < 1e-12:
            continue
        for r in range(size):
            if r != col:
                factor = a[r][col] / a[col][col]
                for c in range(col, size + 1):
                    a[r][c] -= factor * a[col][c]
    return [a[i][size] / a[i][i] if abs(a[i][i]) >= 1e-12 else 0.0 for i in range(size)]


def fit_logistic(xs, ys, iterations=25):
    """Weights [intercept, w1..wd] maximising the penalised log-likelihood (Newton / IRLS)."""
    d = len(xs[0]) + 1
    w = [0.0] * d
    for _ in range(iterations):
        gradient = [0.0] * d
        hessian = [[0.0] * d for _ in range(d)]
        for x, y in zip(xs, ys, strict=True):
            row = (1.0, *x)
            p = sigmoid(sum(wi * xi for wi, xi in zip(w, row, strict=True)))
            weight = p * (1 - p)
            for i in range(d):
                gradient[i] += (y - p) * row[i]
                hi = hessian[i]
                wri = weight * row[i]
                for j in range(i, d):
                    hi[j] += wri * row[j]
        for i in range(d):
            for j in range(i):
                hessian[i][j] = hessian[j][i]
            if i:
                gradient[i] -= PENALTY * w[i]
                hessian[i][i] += PENALTY
            hessian[i][i] += 1e-9
        step = solve(hessian, gradient)
        w = [wi + si for wi, si in zip(w, step, strict=True)]
        if max(abs(s) for s in step) < 1e-6:
            break
    return w


def auc(scores, labels):
    """The probability that a churned member is scored above a kept one (ties count half): Mann–Whitney."""
    positives = sum(labels)
    negatives = len(labels) - positives
    if not positives or not negatives:
        return None
    order = sorted(range(len(scores)), key=lambda i: scores[i])
    rank_sum, i = 0.0, 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and scores[order[j + 1]] == scores[order[i]]:
            j += 1
        average_rank = (i + j) / 2 + 1
        rank_sum += average_rank * sum(labels[order[k]] for k in range(i, j + 1))
        i = j + 1
    return round((rank_sum - positives * (positives + 1) / 2) / (positives * negatives), 4)


@dataclass
class Forecast:
    model: ChurnModel
    predictions: dict = field(default_factory=dict)  # member_id: (probability, top feature)


def fit(at) -> Forecast:
    """Fit on the history up to `at − horizon`, check on the held-out members, score everyone as of `at`."""
    history = features(at - timedelta(days=HORIZON_DAYS))
    train = [(mid, x, y) for mid, (x, y) in history.items() if mid % HOLDOUT]
    test = [(mid, x, y) for mid, (x, y) in history.items() if not mid % HOLDOUT]
    if len(train) > MAX_TRAIN:
        train = train[:: math.ceil(len(train) / MAX_TRAIN)]
    means, sds = standardiser([x for _, x, _ in train])

    def z(x):
        return [(value - means[j]) / sds[j] for j, value in enumerate(x)]

    labels = [1.0 if y else 0.0 for _, _, y in train]
    base_rate = sum(labels) / len(labels) if labels else 0.0
    if 0 < sum(labels) < len(labels):
        weights = fit_logistic([z(x) for _, x, _ in train], labels)
    else:  # nothing to learn from: everyone gets the base rate
        clipped = min(max(base_rate, 1e-3), 1 - 1e-3)
        weights = [math.log(clipped / (1 - clipped))] + [0.0] * len(FEATURES)

    def probability(zx):
        return sigmoid(weights[0] + sum(w * v for w, v in zip(weights[1:], zx, strict=True)))

    quality = auc([probability(z(x)) for _, x, _ in test], [1 if y else 0 for _, _, y in test])
    model = ChurnModel(
        fitted_at=at, horizon_days=HORIZON_DAYS, train_size=len(train), test_size=len(test),
        base_rate=round(base_rate, 4), auc=quality,
        coefficients={"intercept": weights[0], **dict(zip(FEATURES, weights[1:], strict=True)),
                      "means": means, "sds": sds},
    )  # fmt: skip
    predictions = {}
    for member_id, (x, _later) in features(at).items():
        zx = z(x)
        contributions = [w * v for w, v in zip(weights[1:], zx, strict=True)]
        top = max(range(len(FEATURES)), key=lambda j: contributions[j])
        predictions[member_id] = (round(probability(zx), 4), FEATURES[top] if contributions[top] > 0 else "")
    return Forecast(model, predictions)


__all__ = ["FEATURES", "HORIZON_DAYS", "Forecast", "auc", "features", "fit", "fit_logistic"]
