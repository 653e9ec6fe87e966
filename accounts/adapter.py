"""allauth, fitted to our User: phone numbers live on the user, codes go out by SMS."""

import logging

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.forms import PhoneField
from accounts.roles import USER, role_group
from core.http import client_ip
from core.phones import to_e164
from integrations.sms import SmsError, send_sms

logger = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
    # allauth's own Russian is fine for most messages; these are the ones people meet when
    # something goes wrong, so they say what happened and what to do next.
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": _("Неверный email или пароль."),
        "phone_password_mismatch": _("Неверный номер телефона или пароль."),
        "email_taken": _("Этот email уже зарегистрирован. Войдите или восстановите пароль."),
        "phone_taken": _("Этот номер телефона уже зарегистрирован. Войдите по номеру или по коду из SMS."),
        "incorrect_code": _("Неверный код. Проверьте цифры из сообщения и введите их ещё раз."),
        "too_many_login_attempts": _("Слишком много неудачных попыток. Подождите несколько минут и попробуйте снова."),
        "unknown_email": _("Учётной записи с таким email нет. Проверьте адрес или зарегистрируйтесь."),
        "unknown_phone": _("Учётной записи с таким номером нет. Проверьте номер или зарегистрируйтесь."),
        "rate_limited": _("Слишком много запросов подряд. Подождите минуту и попробуйте снова."),
    }

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            user.groups.add(role_group(USER))  # everyone who signs up starts as a «Пользователь»
        return user

    def get_login_stages(self):
        # Our email stage applies mandatory verification to accounts that have an email (see stages.py).
        ours = {"allauth.account.stages.EmailVerificationStage": "accounts.stages.EmailVerificationStage"}
        return [ours.get(path, path) for path in super().get_login_stages()]

    # Phone numbers: stored on User.phone (E.164) with User.phone_verified.

    def phone_form_field(self, **kwargs):
        return PhoneField(**kwargs)

    def get_phone(self, user):
        if not user.phone:
            return None
        return user.phone, user.phone_verified

    def set_phone(self, user, phone, verified):
        user.phone = phone
        user.phone_verified = verified
        user.save(update_fields=["phone", "phone_verified"])

    def set_phone_verified(self, user, phone):
        if user.phone == phone and not user.phone_verified:
            user.phone_verified = True
            user.save(update_fields=["phone_verified"])

    def get_user_by_phone(self, phone):
        try:
            phone = to_e164(phone)
        except ValidationError:
            return None
        return get_user_model().objects.filter(phone=phone).first()

    def get_client_ip(self, request):
        """allauth's login and sign-up limits count per visitor by the same CLIENT_IP_HEADER rule as the lead
        and door-code limits: behind our proxy REMOTE_ADDR is the proxy, and X-Forwarded-For is the client's word."""
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine client IP address")
        return ip

    def _get_login_attempts_cache_key(self, request, **credentials):
        # allauth counts failed logins per email or username; without this every phone login
        # would share one counter, and five typos by anyone would lock out all phone logins.
        if credentials.get("phone"):
            try:
                phone = to_e164(credentials["phone"])
            except ValidationError:
                phone = credentials["phone"]
            return super()._get_login_attempts_cache_key(request, email=phone)
        return super()._get_login_attempts_cache_key(request, **credentials)

    def send_verification_code_sms(self, user, phone, code, **kwargs):
        self._send_sms(phone, gettext("Код для входа: %(code)s. Никому его не сообщайте.") % {"code": code})

    def send_account_already_exists_sms(self, phone):
        """A sign-up (or a phone change) with a registered number: the form goes on to the code page as for a new
        number (ACCOUNT_PREVENT_ENUMERATION), and the number's owner gets this instead of a code.

        A sign-up with a free number and a taken email also gets here: no SMS then, the number is not the owner's."""
        if self.get_user_by_phone(phone) is None:
            return
        self._send_sms(
            phone,
            gettext(
                "Кто-то указал ваш номер при регистрации или в профиле на сайте. У вас уже есть учётная запись "
                "с этим номером: войдите по коду из SMS. Если это были не вы, ничего делать не нужно."
            ),
        )

    def _send_sms(self, phone, text):
        try:
            send_sms(phone, text)
        except SmsError:
            # The code page still opens and offers a new code; the visitor learns why none came.
            logger.exception("SMS with a verification code to %s failed", phone)
            messages.error(
                self.request,
                gettext("Не удалось отправить SMS с кодом. Попробуйте запросить новый код через минуту."),
            )
