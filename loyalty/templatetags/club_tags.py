"""The club's numbers on the member's pages, and the club's link in the site header."""

from django import template
from django.urls import reverse

from core.money import format_rubles
from loyalty.services import coupon_summary

register = template.Library()


@register.filter
def rubles(amount):
    """12 400 ₽"""
    return format_rubles(amount) if amount is not None else ""


@register.filter
def points(amount):
    """12 400 (points, kopecks only when there are any)"""
    return format_rubles(amount, sign=False) if amount is not None else ""


@register.filter
def coupon_value(coupon):
    """−10 %, −500 ₽, +300 баллов"""
    return coupon_summary(coupon)


@register.simple_tag(takes_context=True)
def club_url(context):
    """The member's part of the club when this page is on the club's site, else "" (for the header and home)."""
    from loyalty.site import club_index

    request = context.get("request")
    if request is None or club_index(request) is None:
        return ""
    return reverse("loyalty:home")
