"""InBack rules: a complex's derived figures, the price history of apartments and the comparison list."""

from django.contrib import messages
from django.db import models
from django.db.models import Count, Max, Min, Q
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from core.cache import has_visitor_state
from core.http import safe_next
from core.restrictions import public_q

SESSION_COMPARE = "realty_compare_ids"
MAX_COMPARE = 4


def refresh_complex_stats(complex_id):
    """Recompute the price and area range, the counts and the earliest completion year of a complex
    from its published apartments, and store them (a plain UPDATE: no revision, no signals)."""
    from catalog.models import ApartmentPage, Building, ResidentialComplexPage
    from catalog.realty_charts import complex_price_series

    complex_year = ResidentialComplexPage.objects.filter(pk=complex_id).values_list("completion_year", flat=True)
    complex_year = complex_year.first()
    if complex_year is None:  # the complex is gone (deleted with its apartments)
        return
    on_sale = Q(status=ApartmentPage.Status.AVAILABLE)
    apartments = ApartmentPage.objects.live().filter(complex_id=complex_id)
    stats = apartments.aggregate(
        price_min=Min("price", filter=on_sale),
        price_max=Max("price", filter=on_sale),
        area_min=Min("area", filter=on_sale),
        area_max=Max("area", filter=on_sale),
        available_count=Count("pk", filter=on_sale),
        apartments_count=Count("pk"),
    )
    buildings_on_sale = set(apartments.filter(on_sale).values_list("building_id", flat=True))
    buildings = list(Building.objects.filter(complex_id=complex_id).values_list("pk", "completion_year"))
    years = [year or complex_year for pk, year in buildings if pk in buildings_on_sale]
    years = years or [year or complex_year for _pk, year in buildings] or [complex_year]
    stats["ready_year"] = min(years)
    stats["price_history"] = complex_price_series(complex_id)
    ResidentialComplexPage.objects.filter(pk=complex_id).update(**stats)


def record_price_change(apartment, when=None):
    """Write the apartment's price to its history if it differs from the last one (or there is none)."""
    from catalog.models import ApartmentPriceChange

    last = (
        ApartmentPriceChange.objects.filter(apartment_id=apartment.pk)
        .order_by("-changed_at", "-pk")
        .values_list("price", flat=True)
        .first()
    )
    if last is not None and last == apartment.price:
        return None
    return ApartmentPriceChange.objects.create(
        apartment_id=apartment.pk, price=apartment.price, changed_at=when or timezone.now()
    )


# -- comparison (kept in the session: up to MAX_COMPARE apartment ids) --------------------------------------------


def compare_ids(request):
    if not has_visitor_state(request):
        return []  # a new visitor compares nothing yet; the page stays cacheable (core.cache)
    return list(request.session.get(SESSION_COMPARE, []))


def compared_apartments(request):
    """The live apartments in the visitor's comparison, in the order they were added."""
    from catalog.models import ApartmentPage
    from images.models import CustomImage

    ids = compare_ids(request)
    if not ids:
        return []
    apartments = (
        ApartmentPage.objects.live()
        .filter(public_q())
        .filter(pk__in=ids)
        .select_related(
            "complex", "complex__city", "complex__district", "complex__developer", "complex__housing_class", "building"
        )
        .prefetch_related(
            models.Prefetch(
                "layout_image", queryset=CustomImage.objects.prefetch_renditions("fill-400x300|format-webp")
            )
        )
    )
    by_id = {apartment.pk: apartment for apartment in apartments}
    return [by_id[pk] for pk in ids if pk in by_id]


def change_comparison(request, *, index_page, add):
    """Add an apartment to the comparison or remove it; a fifth one is refused and changes nothing.

    Answers htmx with the updated button, a plain form post with a redirect and a flash message."""
    from catalog.models import ApartmentPage

    try:
        apartment_id = int(request.POST.get("apartment", ""))
    except ValueError:
        raise Http404 from None
    # by `id`, not `pk` (the page_ptr link): an id beyond the column's range is no row, not an OverflowError
    apartment = (
        ApartmentPage.objects.live().filter(public_q()).descendant_of(index_page).filter(id=apartment_id).first()
    )
    if apartment is None and add:
        raise Http404
    ids = compare_ids(request)
    level = messages.SUCCESS
    if add:
        if apartment_id in ids:
            text, level = _("Эта квартира уже в сравнении."), messages.INFO
        elif len(ids) >= MAX_COMPARE:
            text = _("В сравнении уже %(count)s квартиры — уберите одну из них, чтобы добавить новую.") % {
                "count": MAX_COMPARE
            }
            level = messages.ERROR
        else:
            ids.append(apartment_id)
            text = _("Квартира добавлена к сравнению.")
    else:
        if apartment_id in ids:
            ids.remove(apartment_id)
        text = _("Квартира убрана из сравнения.")
    request.session[SESSION_COMPARE] = ids

    if request.htmx and apartment is not None:
        response = TemplateResponse(
            request,
            "catalog/realty/includes/compare_button.html",
            {
                "listing": apartment,
                "realty_index": index_page,
                "in_compare": apartment_id in ids,
                "compare_count": len(ids),
                "compare_message": text,
                "compare_message_is_error": level == messages.ERROR,
                "next_url": request.POST.get("next", ""),
            },
        )
    else:
        messages.add_message(request, level, text)
        compare_page = index_page.get_url(request) + index_page.reverse_subpage("compare")
        response = HttpResponseRedirect(safe_next(request, request.POST.get("next"), fallback=compare_page))
    add_never_cache_headers(response)
    return response
