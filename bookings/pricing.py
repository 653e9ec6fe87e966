"""What a stay costs. Today: the nightly price times the nights."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class Quote:
    check_in: date
    check_out: date
    nights: int
    nightly_prices: tuple[Decimal, ...]
    total: Decimal


def quote(rental, check_in: date, check_out: date) -> Quote:
    nights = (check_out - check_in).days
    prices = tuple(rental.price_per_night for _ in range(nights))
    return Quote(check_in, check_out, nights, prices, sum(prices, Decimal(0)))
