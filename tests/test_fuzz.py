"""No input answers 5xx: a property-based fuzz (hypothesis) over every public URL and form (issue 12, item 3).

Generated, so a new URL, page type, route or form is fuzzed without touching this file:
- every pattern of the URLconf but the admin's (walked by tests/core/test_admin_scope.py) and the webhooks' (their
  own tests), its path parameters drawn from its converters or its regex, under each language prefix; a pattern
  that sends an anonymous visitor to the login page is fuzzed as a logged-in plain user (who has bookings);
- every page type and each of its routes (RoutablePageMixin), on every site of the demo that has one, with junk
  path segments below it;
- every form those pages and URLs show, its field names and values read from the HTML, posted (or sent) with junk;
  query strings use the names of the page's forms and of its filterset (django-filter).
Each request carries junk in the query string, the body, the headers (Host variants of the sites, Accept-Language,
X-Forwarded-For, htmx, Referer, cookies) and the path. Hypothesis runs a few derandomized examples per target: the
same ones on every run and in CI, and no example database. The inputs that found a 5xx are kept as plain tests
in the apps' test folders."""

import json
import re
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import quote, urlencode, urlsplit

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.shortcuts import resolve_url
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import URLResolver, get_resolver, resolve
from django.urls.converters import IntConverter, UUIDConverter
from django.urls.exceptions import Resolver404
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern
from django.utils import timezone, translation
from hypothesis import HealthCheck, Phase, given, note
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, Site, get_page_models

from catalog.models import RentalPropertyPage
from leads.visitor import LANDING_COOKIE
from tests.accounts.factories import UserFactory
from tests.bookings.factories import BookingFactory
from tests.utils import parse_html

pytestmark = pytest.mark.django_db

FUZZ = hypothesis_settings(
    derandomize=True,  # the same examples on every run
    database=None,  # no example database (.hypothesis/ keeps only hypothesis' cache of the source's constants)
    deadline=None,
    suppress_health_check=list(HealthCheck),
    phases=(Phase.explicit, Phase.generate, Phase.shrink),  # shrinking runs only after a failure
)
PAGE_EXAMPLES = 3  # per page and route on each site
URL_EXAMPLES = 3  # per URL pattern
FORM_EXAMPLES = 3  # per distinct form

# The admin has its own walk; the webhooks their own tests of malformed bodies.
NOT_FUZZED_HERE = ("admin/", "telegram/webhook/", "payments/webhook/")
# Forms of the layout, on (nearly) every page: fuzzed once, by their URL's own test, not on each page.
LAYOUT_FORMS = {"search", "account_logout"}
GENERIC_NAMES = ("page", "sort", "q", "next", "utm_source", "utm_campaign", "format", "language")

JUNK = (
    "",
    " ",
    "\x00",
    "a\x00b",
    "-1",
    "0",
    "2",
    "abc",
    '"',
    "1.5",
    "1,5",
    "1e309",
    "NaN",
    "-inf",
    "2147483648",
    "9223372036854775808",
    "99999999999999999999999999999",
    "-99999999999999999999999999999",
    "9999-12-31",
    "0001-01-01",
    "0000-00-00",
    "2026-02-30",
    "31.12.9999",
    "9999-12-31T23:59:59",
    "ДВА",
    "қала",
    "🏠",
    "\u202e",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "' OR '1'='1",
    "%",
    "[]",
    "{}",
    "null",
    "on",
    "https://evil.example.com/",
    "//evil.example.com",
    "x" * 5000,
)
RAW_QUERIES = ("%00", "q=%00", "=", "&&&", "a=%", "%%%", "page=1&page=2&page=-1", ";", "q=%FF%FE", "a[]=1&a[x]=2")
values = st.one_of(st.sampled_from(JUNK), st.text(max_size=30), st.integers().map(str))
# WSGI delivers header values as latin-1 text
header_text = st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF), max_size=40)
segments = st.lists(st.one_of(st.sampled_from(JUNK[1:]), st.text(min_size=1, max_size=20)), min_size=1, max_size=3)


def junk_path(segments):
    return "/".join(quote(segment, safe="") for segment in segments) + "/"


@dataclass
class Target:
    """Where fuzzed requests go: paths (a strategy of percent-encoded paths), the hosts they are sent to, the
    query names and the form fields ((name, (values seen in the HTML...)), ...) to fill."""

    paths: st.SearchStrategy
    hosts: tuple
    methods: tuple = ("GET", "POST")
    query_names: tuple = ()
    fields: tuple = ()
    login_required: bool = False
    label: str = ""


# -- what is fuzzed, generated from the URLconf, the page models and the HTML ------------------------------------


def url_patterns(entries=None, chain=()):
    """(route text, chain of patterns) of every URL pattern, the first of each route only (as Django resolves)."""
    seen = set()
    for entry in get_resolver().url_patterns if entries is None else entries:
        if isinstance(entry, URLResolver):
            found = url_patterns(entry.url_patterns, (*chain, entry.pattern))
        else:
            found = [("".join(describe(pattern) for pattern in (*chain, entry.pattern)), (*chain, entry.pattern))]
        for route, patterns in found:
            if route not in seen:
                seen.add(route)
                yield route, patterns


def describe(pattern):
    return "<language>/" if isinstance(pattern, LocalePrefixPattern) else str(pattern)


PUBLIC_PATTERNS = [
    (route, patterns)
    for route, patterns in url_patterns()
    if not route.removeprefix("<language>/").startswith(NOT_FUZZED_HERE)
]


def page_routes():
    """(page model, route pattern or None) of every page type: the page itself and each of its subpage routes."""
    for model in get_page_models():
        if model is Page:
            continue
        yield model, None
        if issubclass(model, RoutablePageMixin):
            for pattern in model.get_subpage_urls():
                if str(pattern.pattern):  # the empty route is the page itself
                    yield model, pattern.pattern


PAGE_ROUTES = list(page_routes())


def literal_paths(patterns, uuids):
    """Paths of the chain of patterns to read forms from: itself when it has no parameters (in the default
    language), or with each of the guest's bookings when its parameters are UUIDs (a booking's pages); else none."""
    routes = [pattern for pattern in patterns if not isinstance(pattern, LocalePrefixPattern)]
    if not all(
        isinstance(pattern, RoutePattern) and all(isinstance(c, UUIDConverter) for c in pattern.converters.values())
        for pattern in routes
    ):
        return []
    route = "/" + "".join(str(pattern) for pattern in routes)
    return list(dict.fromkeys(re.sub(r"<[^>]+>", uuid, route) for uuid in uuids))


def path_strategy(patterns, uuids):
    """Paths that the chain of patterns matches, parameters drawn from their converters (or regex)."""
    parts = [part_strategy(pattern, uuids) for pattern in patterns]
    return st.tuples(*parts).map(lambda bits: "/" + "".join(bits))


def part_strategy(pattern, uuids):
    if isinstance(pattern, LocalePrefixPattern):
        return st.sampled_from(["", *(f"{code}/" for code, _name in django_settings.LANGUAGES[1:])])
    if isinstance(pattern, RegexPattern):
        regex = pattern._regex.removeprefix("^").removesuffix("$")
        return st.from_regex(regex, fullmatch=True).map(lambda text: quote(text, safe="/"))
    route = re.split(r"<(?:[^>:]+:)?([^>]+)>", str(pattern))  # literal, parameter, literal, ...
    return st.tuples(
        *(
            converter_values(pattern.converters[piece], uuids) if index % 2 else st.just(piece)
            for index, piece in enumerate(route)
        )
    ).map("".join)


def converter_values(converter, uuids):
    if isinstance(converter, IntConverter):
        return st.one_of(st.integers(0, 2000), st.sampled_from([10**12, 2**63, 10**30])).map(str)
    if isinstance(converter, UUIDConverter):
        return st.one_of(st.sampled_from(uuids), st.uuids().map(str))  # the guest's bookings first
    return st.from_regex(converter.regex, fullmatch=True).map(lambda text: quote(text, safe=""))


@dataclass
class Form:
    action: str
    method: str
    fields: tuple

    @property
    def key(self):
        """Forms differing only in the object of their action (the heart of each card) are fuzzed once."""
        match = resolved(self.action)
        return (match.route, match.url_name) if match else self.action, self.method, self.names

    @property
    def names(self):
        return tuple(name for name, _values in self.fields)


def resolved(path):
    """The URL match of a path, in the language of its prefix (a request leaves its own language active)."""
    with translation.override(translation.get_language_from_path(path) or django_settings.LANGUAGE_CODE):
        try:
            return resolve(path)
        except Resolver404:
            return None


def forms_in(response, path):
    """The forms of an HTML response: action (a path), method and fields with the values the HTML offers."""
    if "html" not in response.get("Content-Type", ""):
        return []
    forms = []
    for form in parse_html(response).find_all("form"):
        fields = {}
        for element in form.find_all(["input", "select", "textarea", "button"]):
            if not (name := element.get("name")):
                continue
            if element.name == "select":
                offered = [option.get("value", option.get_text()) for option in element.find_all("option")]
            elif element.name == "textarea":
                offered = [element.get_text()]
            else:
                offered = [element.get("value", "")] if element.get("type") != "file" else [FILE]
            fields.setdefault(name, []).extend(offered)
        action = urlsplit(form.get("action") or path).path or path
        method = (form.get("method") or "get").upper()
        forms.append(Form(action, method, tuple((name, tuple(offered)) for name, offered in fields.items())))
    return forms


FORM_CONTENT = "application/x-www-form-urlencoded"
FILE = object()  # a file input: filled with junk bytes in a multipart body


def filterset_names(response):
    """The query names of the filterset (django-filter) the response rendered, suffixes of range widgets too."""
    filterset = response.context.get("filter") if response.context else None
    if filterset is None or not hasattr(filterset, "form"):
        return ()
    names = []
    for bound in filterset.form:
        suffixes = getattr(bound.field.widget, "widgets_names", None) or [""]
        names += [bound.html_name + suffix for suffix in suffixes]
    return tuple(names)


# -- the fuzzed request -----------------------------------------------------------------------------------------


def hosts_of(hostnames):
    host = st.sampled_from(hostnames)
    return st.one_of(
        host,
        host,
        host.map(str.upper),
        host.map(lambda name: f"{name}:8000"),
        host.map(lambda name: f"{name}."),
        st.sampled_from(["evil.example.com", "localhost:99999", "[::1]", "inback.localhost:abc", "a" * 300, ""]),
    )


def headers_of(hostnames):
    return st.fixed_dictionaries(
        {"HTTP_HOST": hosts_of(hostnames), "REMOTE_ADDR": st.ip_addresses().map(str)},
        optional={
            "HTTP_ACCEPT_LANGUAGE": st.one_of(
                st.sampled_from(["kk", "en-US,en;q=0.9", "*", "zz-ZZ", "ru;q=abc", "en;q=1e999", ",,;", "x" * 300]),
                header_text,
            ),
            "HTTP_X_FORWARDED_FOR": st.one_of(
                st.sampled_from(["1.2.3.4, 5.6.7.8", "::1", "999.999.999.999", "unknown", ",", "1.2.3.4%eth0"]),
                header_text,
            ),
            "HTTP_HX_REQUEST": st.sampled_from(["true", "false", ""]),
            "HTTP_HX_TARGET": header_text,
            "HTTP_HX_CURRENT_URL": header_text,
            "HTTP_REFERER": st.one_of(
                st.sampled_from(["https://yandex.ru/search/?text=x", "http://[::1", "javascript:alert(1)", "//"]),
                header_text,
            ),
            "HTTP_USER_AGENT": header_text,
            "HTTP_ACCEPT": st.sampled_from(["application/json", "text/html;q=abc", "*/*", ""]),
            "HTTP_IF_NONE_MATCH": header_text,
            "HTTP_IF_MODIFIED_SINCE": st.sampled_from(["Fri, 31 Dec 9999 23:59:59 GMT", "0", "x"]),
        },
    )


def query_strings(names):
    name = st.one_of(st.sampled_from(names), st.sampled_from(names), st.text(max_size=10))
    pairs = st.lists(st.tuples(name, values), max_size=6).map(urlencode)
    return st.one_of(pairs, pairs, pairs, st.sampled_from(RAW_QUERIES))


def bodies(fields):
    """(body, content type): the form's fields each left out, as the HTML offers it, or junk; plus junk fields."""
    field_values = [
        st.tuples(st.just(name), st.one_of(st.none(), st.sampled_from(offered), values)) for name, offered in fields
    ]
    extra = st.lists(st.tuples(st.one_of(st.sampled_from(GENERIC_NAMES), st.text(max_size=10)), values), max_size=2)
    pairs = st.tuples(st.tuples(*field_values), extra).map(
        lambda drawn: [(name, value) for name, value in (*drawn[0], *drawn[1]) if value is not None]
    )
    return st.one_of(
        pairs.map(lambda pairs: (urlencode(without_files(pairs)), FORM_CONTENT)),
        pairs.map(lambda pairs: (encode_multipart(BOUNDARY, multipart(pairs)), MULTIPART_CONTENT)),
        pairs.map(lambda pairs: (json.dumps(dict(without_files(pairs))), "application/json")),
        st.sampled_from([("\x00", "text/plain"), ("{", "application/json"), ("a=%ZZ&&=", FORM_CONTENT)]),
    )


def without_files(pairs):
    return [(name, value) for name, value in pairs if value is not FILE]


def multipart(pairs):
    data = {}
    for name, value in pairs:
        if value is FILE:
            value = SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\nnot really", "image/png")
        data.setdefault(name, []).append(value)
    return data


def send(client, data, target, user):
    """One fuzzed request to the target; the answer must not be a 5xx (an exception in the view raises here)."""
    client.logout()  # a fresh start: the last request may have ended the session its cookie names
    if data.draw(st.just(True) if target.login_required else st.booleans(), label="logged in"):
        client.force_login(user)
    method = data.draw(st.sampled_from(target.methods), label="method")
    path = data.draw(target.paths, label="path")
    query = data.draw(query_strings(target.query_names + GENERIC_NAMES), label="query")
    headers = data.draw(headers_of(target.hosts), label="headers")
    body, content_type = data.draw(bodies(target.fields), label="body") if method == "POST" else ("", None)
    for cookie in (django_settings.LANGUAGE_COOKIE_NAME, LANDING_COOKIE):
        if cookie_value := data.draw(st.none() | header_text, label=f"cookie {cookie}"):
            client.cookies[cookie] = cookie_value
        else:
            client.cookies.pop(cookie, None)
    note(f"{target.label}: {method} {path}?{query}")
    response = client.generic(method, path, body, content_type, QUERY_STRING=query, **headers)
    assert response.status_code < 500, f"{method} {path}?{query} answered {response.status_code}"


def fuzz(client, target, user, examples):
    @hypothesis_settings(FUZZ, max_examples=examples)
    @given(st.data())
    def run(data):
        send(client, data, target, user)

    run()


def form_targets(forms, hosts, seen):
    """A target for each form not fuzzed yet (by `seen`, which it adds to), other than the layout's."""
    for form in forms:
        if getattr(resolved(form.action), "url_name", None) in LAYOUT_FORMS or form.key in seen:
            continue
        seen.add(form.key)
        yield Target(
            paths=st.just(quote(form.action)),
            hosts=hosts,
            methods=(form.method,),
            query_names=form.names,
            fields=form.fields,
            label=f"form {form.method} {form.action}",
        )


@pytest.fixture
def fuzz_settings(settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"  # behind a proxy: the header reaches the limits
    return settings


@pytest.fixture
def guest():
    """A plain user with a stay behind them (its review form) and one held (its payment pages)."""
    user = UserFactory()
    rental = RentalPropertyPage.objects.live().first()
    today = timezone.localdate()
    BookingFactory(rental=rental, guest=user, completed=True, check_in=today - timedelta(days=10))
    BookingFactory(rental=rental, guest=user, hold=True, check_in=today + timedelta(days=300))
    return user


def site_hosts():
    return tuple(Site.objects.values_list("hostname", flat=True))


# -- the tests ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "route"), PAGE_ROUTES, ids=[f"{model._meta.label}:{route or ''}" for model, route in PAGE_ROUTES]
)
def test_no_page_type_answers_5xx(client, fuzz_settings, guest, model, route):
    """On every site with a page of this type, the page (or its route) and every form it shows."""
    uuids = [str(number) for number in guest.bookings.values_list("number", flat=True)]
    pages = [
        (site, page)
        for site in Site.objects.select_related("root_page")
        if (page := model.objects.live().descendant_of(site.root_page, inclusive=True).first())
    ]
    assert pages, f"no live {model._meta.label} in the demo: add one to demo/ so that it is fuzzed"
    seen = set()
    for site, page in pages:
        path = page.relative_url(site)
        forms, query_names, fields = [], (), ()
        if not (route and route.converters):  # a route with parameters has no one page to read the forms of
            path += str(route or "")
            response = client.get(path, HTTP_HOST=site.hostname)
            assert response.status_code < 500
            forms = forms_in(response, path)
            own = [form for form in forms if form.action == path]
            query_names = filterset_names(response) + tuple(name for form in own for name in form.names)
            fields = tuple(field for form in own if form.method == "POST" for field in form.fields)
            seen.update(form.key for form in own)
        target = Target(
            paths=st.tuples(
                st.sampled_from(["", *(f"/{code}" for code, _name in django_settings.LANGUAGES[1:])]),
                st.just(quote(page.relative_url(site))),
                part_strategy(route, uuids) if route else st.just(""),
                st.one_of(st.just(""), st.just(""), segments.map(junk_path)),
            ).map("".join),
            hosts=(site.hostname,),
            query_names=query_names,
            fields=fields,
            label=f"{model._meta.label} on {site.hostname}",
        )
        fuzz(client, target, guest, PAGE_EXAMPLES)
        for form_target in form_targets(forms, (site.hostname,), seen):
            fuzz(client, form_target, guest, FORM_EXAMPLES)


@pytest.mark.parametrize(("route", "patterns"), PUBLIC_PATTERNS, ids=[route for route, _patterns in PUBLIC_PATTERNS])
def test_no_url_answers_5xx(client, fuzz_settings, guest, route, patterns):
    """The URL with parameters from its converters, and every form it shows (for the guest's bookings too)."""
    uuids = [str(number) for number in guest.bookings.values_list("number", flat=True)]
    hosts = site_hosts()
    login_path = resolve_url(django_settings.LOGIN_URL)
    forms, own, login_required = [], [], False
    for path in literal_paths(patterns, uuids):
        response = client.get(path, HTTP_HOST=hosts[0])
        assert response.status_code < 500
        if response.status_code == 302 and urlsplit(response["Location"]).path == login_path:
            login_required = True
            client.force_login(guest)
            response = client.get(path, HTTP_HOST=hosts[0])
            assert response.status_code < 500
        shown = forms_in(response, path)
        forms += shown
        own += [form for form in shown if form.action == path]
    target = Target(
        paths=path_strategy(patterns, uuids),
        hosts=hosts,
        query_names=tuple(name for form in own for name in form.names),
        fields=tuple(field for form in own if form.method == "POST" for field in form.fields),
        login_required=login_required,
        label=route,
    )
    fuzz(client, target, guest, URL_EXAMPLES)
    for form_target in form_targets(forms, hosts, {form.key for form in own}):
        fuzz(client, form_target, guest, FORM_EXAMPLES)
