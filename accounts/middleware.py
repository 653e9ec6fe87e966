from allauth.core import ratelimit
from allauth.core.exceptions import RateLimited
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _


class StaffMFAMiddleware:
    """With settings.MFA_REQUIRED_FOR_STAFF, anyone who may use the Wagtail admin opens it only
    after setting up an authenticator app; until then every admin page leads to the TOTP setup.

    Login itself goes through allauth (see config/urls.py), whose MFA stage then asks for the code."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.MFA_REQUIRED_FOR_STAFF and self.must_set_up_mfa(request):
            messages.warning(
                request,
                _(
                    "Панель управления открывается только с двухфакторной аутентификацией. "
                    "Подключите приложение-аутентификатор (Google Authenticator, Яндекс Ключ и т. п.): "
                    "отсканируйте QR-код и введите код из приложения."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    def must_set_up_mfa(self, request):
        path = request.path_info
        if not path.startswith(reverse("wagtailadmin_home")) or path == reverse("wagtailadmin_logout"):
            return False
        user = request.user
        return (
            user.is_authenticated
            and user.has_perm("wagtailadmin.access_admin")
            and not is_mfa_enabled(user, [Authenticator.Type.TOTP])
        )


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
