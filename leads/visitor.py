"""What a request tells about the visitor who sends a lead: UTM tags, where they came from, what they viewed.

UTM tags and the outside referrer are remembered at landing (LandingMiddleware writes a signed cookie),
because by the time the visitor sends the form they have clicked through our own pages."""

import json
from datetime import UTC, datetime
from urllib.parse import urlencode

from django.core import signing
from django.urls import reverse

from accounts.favorites import SESSION_HISTORY, favorite_ids
from accounts.models import RecentView
from core.http import url_host
from leads.intake import clean_utm

LANDING_COOKIE = "lead_landing"
LANDING_MAX_AGE = 30 * 24 * 3600
LANDING_SALT = "leads.landing"
SKIP_PREFIXES = ("/admin/", "/static/", "/media/", "/documents/", "/leads/", "/favicon")


def is_outside(referrer, host):
    referrer_host = url_host(referrer)
    return bool(referrer_host) and referrer_host != host.split(":")[0].lower()


class LandingMiddleware:
    """Remember the UTM tags and the outside referrer a visitor arrived with (last touch wins), so the lead
    they send later knows its source. Only a landing request (tags in the URL or a referrer from another
    site) sets the cookie; ordinary page views leave responses untouched and cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method != "GET" or request.path_info.startswith(SKIP_PREFIXES):
            return response
        utm = clean_utm(request.GET)
        referrer = request.META.get("HTTP_REFERER", "")[:1000]
        if not utm and not is_outside(referrer, request.get_host()):
            return response
        landing = {
            "utm": utm,
            "referrer": referrer if is_outside(referrer, request.get_host()) else "",
            "at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        response.set_signed_cookie(
            LANDING_COOKIE,
            json.dumps(landing),  # ASCII: a header is latin-1, and a Cyrillic campaign name is not
            salt=LANDING_SALT,
            max_age=LANDING_MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
        return response


def form_action(request):
    """Where the lead form posts: the submit view, with the page's UTM tags (and nothing else of its query)."""
    utm = clean_utm(request.GET) if request is not None else {}
    return reverse("leads:submit") + (f"?{urlencode(utm)}" if utm else "")


def landing(request) -> dict:
    try:
        value = request.get_signed_cookie(LANDING_COOKIE, salt=LANDING_SALT, max_age=LANDING_MAX_AGE)
        data = json.loads(value)
    except (KeyError, signing.BadSignature, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def utm_and_referrer(request) -> tuple[dict, str]:
    """UTM tags from the query string (the form carries the page's own), else from the landing cookie;
    the outside referrer from the landing cookie."""
    remembered = landing(request)
    utm = clean_utm(request.GET) or clean_utm(remembered.get("utm") or {})
    return utm, str(remembered.get("referrer", ""))[:1000]


def visitor_context(request) -> dict:
    """The listings the visitor viewed recently and how many they saved, for lead scoring."""
    if request.user.is_authenticated:
        viewed = list(RecentView.objects.filter(user=request.user).values_list("page_id", flat=True)[:12])
    else:
        viewed = list(request.session.get(SESSION_HISTORY, []))[:12]
    context = {"viewed": viewed, "favorites": len(favorite_ids(request)), "signed_in": request.user.is_authenticated}
    remembered = landing(request)
    if remembered.get("at"):
        context["landed_at"] = remembered["at"]
    return context
