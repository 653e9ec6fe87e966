import json
import re

from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError


def parse_html(response):
    return BeautifulSoup(response.content, "html.parser")


def jsonld_documents(response):
    soup = parse_html(response)
    return [json.loads(script.string) for script in soup.find_all("script", type="application/ld+json")]


def jsonld_nodes(response):
    """Every top-level node of every JSON-LD document on the page (graphs flattened)."""
    nodes = []
    for document in jsonld_documents(response):
        nodes.extend(document.get("@graph", [document]))
    return nodes


def node_of_type(response, type_name):
    return next((node for node in jsonld_nodes(response) if node.get("@type") == type_name), None)


def visible_text(response):
    return re.sub(r"\s+", " ", parse_html(response).get_text(" "))


def validation_errors(check):
    """The field errors that `check` (a model's `clean` or `full_clean`) raises, or {} when it passes."""
    try:
        check()
    except ValidationError as error:
        return error.message_dict
    return {}
