"""Favorites and recently viewed listings, for guests (in the session) and users (in the database).

A guest's favorites and history move into the account when they log in."""

from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone
from wagtail.models import Page

from accounts.models import Favorite, RecentView
from core.cache import has_visitor_state

SESSION_FAVORITES = "favorite_page_ids"
SESSION_HISTORY = "recent_page_ids"
HISTORY_LENGTH = 12


def favorite_ids(request):
    """Ids of the pages the visitor saved; computed once per request."""
    if not hasattr(request, "_favorite_ids"):
        if not has_visitor_state(request):
            request._favorite_ids = set()  # a new visitor: nothing saved, and the page stays cacheable (core.cache)
        elif request.user.is_authenticated:
            request._favorite_ids = set(Favorite.objects.filter(user=request.user).values_list("page_id", flat=True))
        else:
            request._favorite_ids = set(request.session.get(SESSION_FAVORITES, []))
    return request._favorite_ids


def toggle_favorite(request, page):
    """Add the page to the visitor's favorites, or remove it; returns True when it is now a favorite."""
    ids = favorite_ids(request)
    now_favorite = page.pk not in ids
    if request.user.is_authenticated:
        if now_favorite:
            Favorite.objects.get_or_create(user=request.user, page=page)
        else:
            Favorite.objects.filter(user=request.user, page=page).delete()
    else:
        stored = [pk for pk in request.session.get(SESSION_FAVORITES, []) if pk != page.pk]
        request.session[SESSION_FAVORITES] = [*stored, page.pk] if now_favorite else stored
    (ids.add if now_favorite else ids.discard)(page.pk)
    return now_favorite


def record_view(request, page):
    """Remember the listing in the visitor's history: in the database for a user, in the session for a guest who
    already has one (no session is created for it: a detail page read by a new visitor stays cacheable)."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return
    history = request.session.get(SESSION_HISTORY, [])
    if history[:1] != [page.pk]:  # a reload of the same listing leaves the session untouched
        request.session[SESSION_HISTORY] = [page.pk, *(pk for pk in history if pk != page.pk)][:HISTORY_LENGTH]
    if request.user.is_authenticated:
        now = timezone.now()
        if not RecentView.objects.filter(user=request.user, page=page).update(viewed_at=now):
            RecentView.objects.get_or_create(user=request.user, page=page, defaults={"viewed_at": now})


def _live_specific(ids):
    """The live pages with these ids, in this order, with their card images fetched in bulk."""
    pages = list(Page.objects.live().public().filter(pk__in=ids).specific())
    by_class = defaultdict(list)
    for page in pages:
        by_class[type(page)].append(page)
    for model, instances in by_class.items():
        # A card may show any of the listing's own references (city, district, make...): fetch each
        # in one query per field, so the page costs the same for 3 saved listings or 300.
        references = [
            field.name
            for field in model._meta.get_fields()
            if field.many_to_one and field.concrete and field.model is model and not field.remote_field.parent_link
        ]
        prefetch_related_objects(instances, *references)
    by_id = {page.pk: page for page in pages}
    return [by_id[pk] for pk in ids if pk in by_id]


def favorite_pages(request):
    if request.user.is_authenticated:
        ids = list(Favorite.objects.filter(user=request.user).values_list("page_id", flat=True))
    else:
        ids = list(reversed(request.session.get(SESSION_FAVORITES, [])))
    return _live_specific(ids)


def recent_pages(request, exclude=None):
    if request.user.is_authenticated:
        views = RecentView.objects.filter(user=request.user)
        ids = list(views.values_list("page_id", flat=True)[:HISTORY_LENGTH])
    else:
        ids = request.session.get(SESSION_HISTORY, [])
    return _live_specific([pk for pk in ids if pk != exclude])


def merge_guest_data(sender, request, user, **kwargs):
    """On login, keep what the visitor saved and viewed as a guest."""
    if request is None or not hasattr(request, "session"):
        return
    favorites = request.session.get(SESSION_FAVORITES, [])
    history = request.session.get(SESSION_HISTORY, [])
    if not favorites and not history:
        return
    existing = set(Page.objects.filter(pk__in=[*favorites, *history]).values_list("pk", flat=True))
    now = timezone.now()
    with transaction.atomic():
        Favorite.objects.bulk_create(
            [Favorite(user=user, page_id=pk) for pk in favorites if pk in existing], ignore_conflicts=True
        )
        for age, pk in enumerate(history):
            if pk in existing:
                viewed_at = now - timedelta(seconds=age)
                RecentView.objects.update_or_create(user=user, page_id=pk, defaults={"viewed_at": viewed_at})
    request.session.pop(SESSION_FAVORITES, None)
    if hasattr(request, "_favorite_ids"):
        del request._favorite_ids


def register_signal_handlers():
    user_logged_in.connect(merge_guest_data, dispatch_uid="accounts-merge-guest-data")
