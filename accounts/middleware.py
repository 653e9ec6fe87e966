from allauth.core import ratelimit
from allauth.core.exceptions import RateLimited
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from accounts.mfa import is_staff_url, must_set_up_mfa


class StaffMFAMiddleware:
    """With settings.MFA_REQUIRED_FOR_STAFF, staff reach staff-only URLs (the Wagtail admin and the views marked
    @staff_only) only after setting up an authenticator app; until then every such URL leads to the TOTP setup.

    Login itself goes through allauth (see config/urls.py), whose MFA stage then asks for the code."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not (is_staff_url(request, view_func) and must_set_up_mfa(request.user)):
            return None
        messages.warning(
            request,
            _(
                "Панель управления открывается только с двухфакторной аутентификацией. "
                "Подключите приложение-аутентификатор (Google Authenticator, Яндекс Ключ и т. п.): "
                "отсканируйте QR-код и введите код из приложения."
            ),
        )
        return redirect("mfa_activate_totp")


class RateLimitedMiddleware:
    """allauth raises RateLimited from inside some flows (say, a second SMS code to one number
    within 30 seconds) instead of answering; turn it into the 429 page rather than a server error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, RateLimited):
            return ratelimit.respond_429(request)
        return None
