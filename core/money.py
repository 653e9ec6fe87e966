"""Money as the sites show it: tenge in whole numbers, rubles with kopecks when there are any."""

from decimal import Decimal


def format_tenge(amount):
    """12000 -> "12 000" (a no-break space between thousands, no decimals)."""
    return f"{int(amount):,}".replace(",", "\u00a0")


def format_rubles(amount, *, sign=True):
    """Decimal("12000") -> "12 000 ₽", Decimal("1234.5") -> "1 234,50 ₽" (kopecks only when there are any)."""
    whole, kopecks = divmod(abs(amount).quantize(Decimal("0.01")), 1)
    text = ("−" if amount < 0 else "") + f"{int(whole):,}".replace(",", "\u00a0")
    if kopecks:
        text += f",{int(kopecks * 100):02d}"
    return f"{text}\u00a0₽" if sign else text
