import json
import re

from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError


def parse_html(response):
    """A page through lxml's parser, three times as fast as Python's on the suite's hundreds of pages; a
    fragment (an htmx swap) through Python's, which does not wrap it in <html><body>."""
    content = response.content
    whole_page = content.lstrip()[:9].lower() in (b"<!doctype", b"<html>") or content.lstrip()[:6].lower() == b"<html "
    return BeautifulSoup(content, "lxml" if whole_page else "html.parser")


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


SITEMAP_NAMESPACES = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


def sitemap_parts(client, host):
    """The responses of every file the site's sitemap index lists (each section, each part)."""
    from urllib.parse import urlsplit
    from xml.etree import ElementTree

    index = client.get("/sitemap.xml", HTTP_HOST=host)
    assert index.status_code == 200
    parts = []
    for loc in ElementTree.fromstring(index.content).findall("sm:sitemap/sm:loc", SITEMAP_NAMESPACES):
        url = urlsplit(loc.text)
        assert url.netloc == host, loc.text
        part = client.get(url.path + (f"?{url.query}" if url.query else ""), HTTP_HOST=host)
        assert part.status_code == 200, loc.text
        parts.append(part)
    return parts


def sitemap_urls(client, host):
    """The <url> elements of the whole sitemap of a site, read through its index."""
    from xml.etree import ElementTree

    return [
        url
        for part in sitemap_parts(client, host)
        for url in ElementTree.fromstring(part.content).findall("sm:url", SITEMAP_NAMESPACES)
    ]


def sitemap_locations(client, host):
    return {url.find("sm:loc", SITEMAP_NAMESPACES).text for url in sitemap_urls(client, host)}
