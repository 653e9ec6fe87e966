from django import template

from core.csp import allow_service

register = template.Library()


@register.simple_tag(takes_context=True)
def csp_allow(context, name):
    """`{% csp_allow "video" %}`: this page's Content-Security-Policy lets in the outside service `name`
    (CSP_SERVICES). Never inside `{% cache %}`: a cached fragment does not run the tag."""
    if request := context.get("request"):
        allow_service(request, name)
    return ""
