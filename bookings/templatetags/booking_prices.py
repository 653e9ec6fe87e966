from django import template

from core.money import format_tenge

register = template.Library()


@register.filter
def tenge(amount):
    """12000 -> "12 000 ₸"."""
    return f"{format_tenge(amount)}\u00a0₸"
