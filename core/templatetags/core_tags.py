from django import template

from core import jsonld as ld

register = template.Library()


@register.simple_tag
def jsonld(data):
    """Print a JSON-LD document as a script element."""
    return ld.to_script_json(data)
