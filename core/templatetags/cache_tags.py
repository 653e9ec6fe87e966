"""CSRF tokens on pages a shared cache may store (core.cache): a visitor without session or CSRF cookie gets
none in the page (the token would set a cookie and make the page theirs); static/js/site.js fetches one from
`/csrf/` when a form is first used."""

from django import template
from django.middleware.csrf import get_token
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from core.cache import has_visitor_state

register = template.Library()


@register.simple_tag(takes_context=True)
def lazy_csrf_token(context):
    """The visitor's CSRF token when the request already has a session or CSRF cookie, else ""."""
    request = context.get("request")
    if request is None or not has_visitor_state(request):
        return ""
    return get_token(request)


@register.simple_tag(takes_context=True)
def csrf_field(context):
    """`{% csrf_token %}` for forms on cacheable pages: empty (marked for site.js to fill) for a new visitor."""
    token = lazy_csrf_token(context)
    if token:
        return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)
    return mark_safe('<input type="hidden" name="csrfmiddlewaretoken" value="" data-csrf-pending>')
