from django.http import HttpResponse, HttpResponseForbidden, HttpResponseServerError, JsonResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.models import Site

from core.http import safe_next


@require_GET
def robots_txt(request):
    """Per-site robots.txt that points crawlers at the site's sitemap."""
    request.cache_kind = "sitemap"  # core.cache
    site = Site.find_for_request(request)
    root_url = site.root_url if site else request.build_absolute_uri("/").rstrip("/")
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        "Disallow: /search/",
        "",
        f"Sitemap: {root_url}{reverse('sitemap')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def server_error(request):
    """The 500 page in the brand's look (its name and colours from the site's settings), and without them
    when the database is what failed."""
    try:
        context = {"brand": settings_registry.get_by_natural_key("home", "BrandSettings").for_request(request)}
        context["request"] = request
    except Exception:  # noqa: BLE001 - e.g. the database is down: the page without the brand
        context = {}
    try:
        return HttpResponseServerError(render_to_string("500.html", context))
    except Exception:  # noqa: BLE001 - the error page must never fail
        return HttpResponseServerError("<h1>500</h1>", content_type="text/html")


@never_cache
@require_GET
def csrf_token(request):
    """The visitor's CSRF token (and its cookie): pages a shared cache stores carry none, so the favorite,
    comparison and request forms fetch it when first used (static/js/site.js)."""
    return JsonResponse({"token": get_token(request)})


def csrf_failure(request, reason=""):
    """A form posted without a valid token (from a cached page with JavaScript off, or an old tab): the visitor
    now has the token's cookie, so the page they go back to carries it and the form works the second time."""
    get_token(request)
    back = safe_next(request, request.META.get("HTTP_REFERER", ""), fallback="/")
    return HttpResponseForbidden(render_to_string("403_csrf.html", {"back": back}, request=request))
