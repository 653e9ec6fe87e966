"""The views of the central login (accounts/sso.py): a brand's login and sign-up lead to the central host, which
hands the session back to the brand with a single-use link."""

from allauth.account import views as allauth_views
from django.contrib.auth import login
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from accounts import sso

LOGIN_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _via_central(request, allauth_view, url_name, *args, **kwargs):
    """On a brand's host, a GET of the login (sign-up) page goes to the central host's one instead, to come back
    signed in; on the central host (and on hosts that are no site of ours) allauth's page answers as before."""
    if request.method == "GET" and not request.user.is_authenticated and sso.is_brand_host(request):
        start_url = sso.start_url(request, sso.safe_next(request.GET.get("next")))
        return redirect(sso.absolute(request, sso.central_host(request), reverse(url_name), next=start_url))
    return allauth_view(request, *args, **kwargs)


@never_cache
def login_view(request, *args, **kwargs):
    return _via_central(request, allauth_views.login, "account_login", *args, **kwargs)


@never_cache
def signup_view(request, *args, **kwargs):
    return _via_central(request, allauth_views.signup, "account_signup", *args, **kwargs)


@never_cache
def login_code_view(request, *args, **kwargs):
    return _via_central(request, allauth_views.request_login_code, "account_request_login_code", *args, **kwargs)


@never_cache
def start(request):
    """On the central host: hand the signed-in visitor to the brand host `host`, at the path `next`."""
    host = request.GET.get("host", "")
    next_url = sso.safe_next(request.GET.get("next"))
    if not sso.allowed_target(request, host):
        return HttpResponseBadRequest(_("Вход на этот адрес через общую учётную запись невозможен."))
    if not request.user.is_authenticated:
        return redirect(f"{reverse('account_login')}?{sso.urlencode({'next': request.get_full_path()})}")
    token = sso.issue_token(request.user, host)
    return redirect(sso.absolute(request, host, reverse("sso_handoff"), token=token, next=next_url))


@never_cache
def handoff(request):
    """On a brand host: sign in with the central host's single-use link, then go on to `next` on this host."""
    next_url = sso.safe_next(request.GET.get("next"))
    try:
        user = sso.redeem_token(request.GET.get("token"), request.get_host())
    except sso.HandoffRefused as refusal:
        context = {"message": refusal, "login_url": f"{reverse('account_login')}?{sso.urlencode({'next': next_url})}"}
        return render(request, "account/handoff_refused.html", context, status=400)
    login(request, user, backend=LOGIN_BACKEND)
    return redirect(next_url)
