"""Login stages that differ from allauth's."""

from allauth.account import stages
from allauth.account.app_settings import EmailVerificationMethod
from allauth.account.utils import user_email
from django.conf import settings


class EmailVerificationStage(stages.EmailVerificationStage):
    """allauth's email stage, with settings.ACCOUNT_EMAIL_VERIFICATION_POLICY = "mandatory" holding back every
    account that has an email until the address is confirmed.

    allauth itself allows "mandatory" only when every sign-up gives an email; ours may sign up by
    phone alone, and such an account is held by the phone verification stage instead."""

    def handle(self):
        user = self.login.user
        if settings.ACCOUNT_EMAIL_VERIFICATION_POLICY == "mandatory" and user is not None and user_email(user):
            self.login.email_verification = EmailVerificationMethod.MANDATORY
        return super().handle()
