from django import template

from accounts.cabinet.sections import sections

register = template.Library()


@register.simple_tag
def cabinet_sections():
    """The cabinet's menu: the registered sections, in order."""
    return sections()
