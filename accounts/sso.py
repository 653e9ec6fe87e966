"""One account, every brand: a central login and a signed, single-use hand-off of the session to each brand's host.

Each brand is a Wagtail Site on its own host (its own domain in production), and a session cookie belongs to one
host. So a brand's «Войти» (and sign-up) lead to the login on the central host (settings.ACCOUNTS_CENTRAL_HOST,
the portal by default) with the brand's host and the page to come back to:

    brand  /accounts/login/?next=/arenda/
      ->   central  /accounts/sso/start/?host=zhilego.kz&next=/arenda/   (asks to log in first if need be)
      ->   brand  /accounts/handoff/?token=…&next=/arenda/              (logs in on the brand's host)

The token is signed (django.core.signing, salted), names the account, the target host and a one-time nonce, lives
ACCOUNTS_HANDOFF_MAX_AGE seconds, and is spent on first use (the nonce is added to the cache; a second use finds
it there). Only hosts of our Wagtail Sites are targets, and `next` is only ever a path on that host: no open
redirect.

Signing out on any brand signs out everywhere: it bumps User.session_generation, which is part of the session's
auth hash (accounts.models.User), so every other session of the account fails Django's own hash check at its next
request; a hand-off token issued before the sign-out names the old generation and is refused.

A visitor is signed in on a brand when they click «Войти» there (one click, no form, when already signed in on the
central host). There is no silent sign-in on first visit: it would cost every anonymous page a redirect and its
cacheability (core.cache)."""

import secrets
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.cache import cache
from django.db.models import F
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

SALT = "accounts.sso.handoff"
NONCE_PREFIX = "sso-handoff-used:"


class HandoffRefused(Exception):
    """A hand-off token that does not sign anybody in; the message says why, for the visitor."""


def split_host(host):
    hostname, _sep, port = host.rpartition(":") if ":" in host else (host, "", "")
    return hostname.lower(), port


def central_host(request):
    """The central login's host, with the request's port when the setting names none (a local server on :8000)."""
    host = settings.ACCOUNTS_CENTRAL_HOST
    if not host:
        default = Site.objects.filter(is_default_site=True).values_list("hostname", flat=True).first()
        host = default or request.get_host()
    if ":" not in host:
        _hostname, port = split_host(request.get_host())
        if port and port not in ("80", "443"):
            host = f"{host}:{port}"
    return host


def is_central(request):
    return split_host(request.get_host())[0] == split_host(central_host(request))[0]


def is_brand_host(request):
    """A host of one of our sites that is not the central one: its logins go through the central host."""
    hostname = split_host(request.get_host())[0]
    return not is_central(request) and Site.objects.filter(hostname=hostname).exists()


def allowed_target(request, host):
    """True when `host` is one of our sites' hosts: on the site's own port, the central request's, or none."""
    hostname, port = split_host(host or "")
    if not hostname:
        return False
    ports = {str(site_port) for site_port in Site.objects.filter(hostname=hostname).values_list("port", flat=True)}
    if not ports:
        return False
    return not port or port in ports or port == split_host(request.get_host())[1]


def safe_next(url, default="/"):
    """`url` when it is a path on the same host (never another host, scheme or `//host`), else `default`."""
    if url and url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=set()):
        return url
    return default


def absolute(request, to_host, path, **query):
    return f"{request.scheme}://{to_host}{path}?{urlencode(query)}"


def start_url(request, next_url):
    """Where a brand's «Войти» leads: the central host's start, naming this host and the page to return to."""
    return absolute(request, central_host(request), reverse("sso_start"), host=request.get_host(), next=next_url)


# -- tokens --------------------------------------------------------------------------------------------------------


def issue_token(user, host):
    payload = {"u": user.pk, "h": host.lower(), "g": user.session_generation, "n": secrets.token_urlsafe(16)}
    return signing.dumps(payload, salt=SALT)


def redeem_token(token, host):
    """The active user the token signs in on `host`, spending it; HandoffRefused when it is not valid here."""
    max_age = settings.ACCOUNTS_HANDOFF_MAX_AGE
    try:
        payload = signing.loads(token or "", salt=SALT, max_age=max_age)
    except signing.SignatureExpired as error:
        raise HandoffRefused(_("Ссылка для входа устарела. Войдите ещё раз.")) from error
    except signing.BadSignature as error:
        raise HandoffRefused(_("Ссылка для входа повреждена. Войдите ещё раз.")) from error
    if payload.get("h") != host.lower():
        raise HandoffRefused(_("Эта ссылка для входа выдана для другого сайта. Войдите ещё раз."))
    # The nonce is spent atomically (SET NX on Redis): of two uses of one token only the first gets here.
    if not cache.add(NONCE_PREFIX + str(payload.get("n")), True, timeout=max_age + 60):
        raise HandoffRefused(_("Эта ссылка для входа уже использована. Войдите ещё раз."))
    user = get_user_model().objects.filter(pk=payload.get("u"), is_active=True).first()
    if user is None or user.session_generation != payload.get("g"):
        raise HandoffRefused(_("Вы уже вышли из учётной записи. Войдите ещё раз."))
    return user


# -- one sign-out --------------------------------------------------------------------------------------------------


def sign_out_everywhere(sender, request, user, **kwargs):
    """user_logged_out: every session of the account, on every brand's host, is signed out at its next request."""
    if user is not None and user.pk:
        get_user_model().objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)


def register_signal_handlers():
    from django.contrib.auth.signals import user_logged_out

    user_logged_out.connect(sign_out_everywhere, dispatch_uid="accounts-sso-sign-out-everywhere")


# -- the central host's pages may send their forms on to a brand --------------------------------------------------


class HandoffFormActionMiddleware:
    """A form on the central host's account pages (login, sign-up, a code, MFA) ends in redirects to a brand's
    host (the hand-off), and a browser holds those redirects to the page's CSP form-action: there it lists our
    sites' hosts (ours only, any port) besides 'self'. Sits below core.csp.CSPMiddleware, which reads it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "/accounts/" in request.path_info and "html" in response.get("Content-Type", "") and is_central(request):
            hostnames = Site.objects.exclude(hostname="").values_list("hostname", flat=True).distinct()
            update = dict(getattr(response, "_csp_update", None) or {})
            origins = [f"{request.scheme}://{hostname}:*" for hostname in sorted(hostnames)]
            update["form-action"] = [*update.get("form-action", []), *origins]
            response._csp_update = update
        return response
