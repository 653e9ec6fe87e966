"""Each brand's favicon and web app manifest, drawn from its BrandSettings (name, logo, colours)."""

from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.html import escape
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from home.models import BrandSettings

MAX_AGE = 24 * 60 * 60  # a changed logo or colour shows within a day

LETTER_ICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
    '<rect width="64" height="64" rx="12" fill="{color}"/>'
    '<text x="32" y="44" font-family="Arial, sans-serif" font-size="36" font-weight="700" fill="#fff" '
    'text-anchor="middle">{letter}</text></svg>'
)


def letter_icon(brand) -> str:
    """A square in the brand colour with the first letter of its name: the icon of a brand without a logo."""
    return LETTER_ICON.format(color=escape(brand.primary_color), letter=escape((brand.name or "·")[:1].upper()))


@require_GET
@cache_control(public=True, max_age=MAX_AGE)
def favicon(request):
    brand = BrandSettings.for_request(request)
    if brand.logo:
        return HttpResponseRedirect(brand.logo.get_rendition("fill-64x64|format-png").url)
    return HttpResponse(letter_icon(brand), content_type="image/svg+xml")


@require_GET
@cache_control(public=True, max_age=MAX_AGE)
def manifest(request):
    brand = BrandSettings.for_request(request)
    if brand.logo:
        icons = [
            {
                "src": brand.logo.get_rendition(f"fill-{size}x{size}|format-png").url,
                "sizes": f"{size}x{size}",
                "type": "image/png",
            }
            for size in (192, 512)
        ]
    else:
        icons = [{"src": reverse("favicon"), "sizes": "any", "type": "image/svg+xml"}]
    data = {
        "name": brand.name,
        "short_name": brand.name[:12],
        "description": brand.tagline,
        "start_url": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": brand.primary_color,
        "icons": icons,
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response
