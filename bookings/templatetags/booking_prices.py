from django import template

from core.money import format_rubles, format_tenge

register = template.Library()


@register.filter
def tenge(amount):
    """12000 -> "12 000 ₸"."""
    return f"{format_tenge(amount)}\u00a0₸"


@register.filter
def amount(value):
    """Decimal("42000") -> "42 000", Decimal("1234.5") -> "1 234,50": the same in every language (Django's own
    number formats leave the Kazakh «42000» without its thousands space)."""
    return format_rubles(value, sign=False)
