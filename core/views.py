from django.http import HttpResponse, HttpResponseServerError
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET
from wagtail.models import Site


@require_GET
def robots_txt(request):
    """Per-site robots.txt that points crawlers at the site's sitemap."""
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
    """The 500 page in the site's look, rendered without touching the database."""
    try:
        return HttpResponseServerError(render_to_string("500.html", request=None))
    except Exception:  # noqa: BLE001 - the error page must never fail
        return HttpResponseServerError("<h1>500</h1>", content_type="text/html")
