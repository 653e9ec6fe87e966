"""The heart on listings and the favorites page (the records are accounts.favorites'); the car filter's models."""

from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST
from wagtail.models import Page

from accounts.favorites import favorite_pages, recent_pages, toggle_favorite
from catalog.filters.cars import model_choices
from catalog.models import ListingPage
from core.http import safe_next


@require_POST
def favorite_toggle(request, page_id):
    """The heart button: works as a plain form post and, with htmx, swaps itself in place."""
    page = get_object_or_404(Page.objects.live().public(), pk=page_id).specific
    if not isinstance(page, ListingPage):
        raise Http404
    toggle_favorite(request, page)
    if request.htmx:
        return TemplateResponse(request, "catalog/includes/favorite_button.html", {"listing": page})
    return HttpResponseRedirect(safe_next(request, request.POST.get("next"), fallback=page.get_url(request)))


def favorites(request):
    return TemplateResponse(
        request,
        "catalog/favorites.html",
        {"favorite_pages": favorite_pages(request), "recent_pages": recent_pages(request)},
    )


def car_model_options(request):
    """The <option>s of the car filter's model select for the chosen make (htmx swaps them in); no query: the
    options are cached (catalog.filters). Without a known make, every model."""
    return TemplateResponse(
        request,
        "catalog/cars/model_options.html",
        {"models": model_choices(request.GET.get("make", "")), "selected": request.GET.get("model", "")},
    )
