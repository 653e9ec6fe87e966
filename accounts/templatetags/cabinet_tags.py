from django import template

from accounts.cabinet.sections import sections

register = template.Library()


@register.simple_tag(takes_context=True)
def cabinet_sections(context):
    """The cabinet's menu: the registered sections, in order, the current site's business first."""
    return sections(context.get("request"))
