"""Small additions to allauth's views: a clear word when a code can no longer be used."""

from functools import wraps

from allauth.account import views as allauth_views
from allauth.account.internal.flows.login_by_code import LoginCodeVerificationProcess
from allauth.account.internal.flows.phone_verification import (
    ChangePhoneVerificationProcess,
    PhoneVerificationStageProcess,
)
from allauth.account.stages import LoginByCodeStage, LoginStageController, PhoneVerificationStage
from django.contrib import messages
from django.utils.translation import gettext as _


def _phone_code_pending(request):
    if request.user.is_authenticated:
        return ChangePhoneVerificationProcess.resume(request) is not None
    stage = LoginStageController.enter(request, PhoneVerificationStage.key)
    return stage is not None and PhoneVerificationStageProcess.resume(stage) is not None


def _login_code_pending(request):
    if request.user.is_authenticated:
        return False
    stage = LoginStageController.enter(request, LoginByCodeStage.key)
    return stage is not None and LoginCodeVerificationProcess.resume(stage) is not None


def _explain_spent_code(view, is_pending):
    """allauth answers a code sent after it was used or expired with a bare redirect; say why."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "POST" and not is_pending(request):
            messages.error(request, _("Этот код больше не действует: он уже использован или истёк. Запросите новый."))
        return view(request, *args, **kwargs)

    return wrapper


verify_phone = _explain_spent_code(allauth_views.verify_phone, _phone_code_pending)
confirm_login_code = _explain_spent_code(allauth_views.confirm_login_code, _login_code_pending)
