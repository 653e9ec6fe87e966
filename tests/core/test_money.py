from decimal import Decimal

from core.money import format_rubles, format_tenge


def test_rubles_show_kopecks_only_when_there_are_any():
    assert format_rubles(Decimal("12000")) == "12\u00a0000\u00a0₽"
    assert format_rubles(Decimal("1234.5")) == "1\u00a0234,50\u00a0₽"
    assert format_rubles(Decimal("-77.05"), sign=False) == "−77,05"
    assert format_tenge(Decimal("12000")) == "12\u00a0000"
