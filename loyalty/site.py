"""Which site is the club's: the one whose home holds the partner catalog (catalog.BusinessIndexPage). The member's
pages answer only there; on another brand's host they are not found."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from wagtail.models import Site

from catalog.models import BusinessIndexPage
from loyalty.models import Member

__all__ = ["club_index", "club_view", "member_view"]


def club_index(request):
    """The club's partner catalog when the request is for the club's site, else None (one query, kept on the
    request)."""
    if not hasattr(request, "_club_index"):
        site = Site.find_for_request(request)
        index = None
        if site is not None:
            index = (
                BusinessIndexPage.objects.live()
                .filter(depth=site.root_page.depth + 1, path__startswith=site.root_page.path)
                .first()
            )
        request._club_index = index
    return request._club_index


def club_view(view):
    """Only on the club's site (404 elsewhere, before asking anyone to log in), only for a logged-in account."""
    signed_in = login_required(view)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if club_index(request) is None:
            raise Http404
        return signed_in(request, *args, **kwargs)

    return never_cache(wrapped)


def member_view(view):
    """A club view for members: `request.member` is the account's membership; others are sent to join."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        member = Member.objects.filter(user=request.user).first()
        if member is None:
            return redirect("loyalty:join")
        request.member = member
        return view(request, *args, **kwargs)

    return club_view(wrapped)
