"""Login stages that differ from allauth's."""

from allauth.account import stages
from allauth.account.app_settings import EmailVerificationMethod
from allauth.account.utils import user_email
from django.conf import settings


class EmailVerificationStage(stages.EmailVerificationStage):
    """allauth's email stage, with two rules of ours.

    settings.ACCOUNT_EMAIL_VERIFICATION_POLICY = "mandatory" holds back every account that has an email until
    the address is confirmed. allauth itself allows "mandatory" only when every sign-up gives an email; ours
    may sign up by phone alone, and such an account is held by the phone verification stage instead.

    A sign-up by email always ends on «check your inbox», also with the "optional" policy: a sign-up with a
    taken email (no account, login.user is None) ends there too, with a mail to the owner, so the two
    cannot be told apart (ACCOUNT_PREVENT_ENUMERATION). A person who has just proved a new phone by its
    code is past that point and goes in."""

    def handle(self):
        login, user = self.login, self.login.user
        email = login.email or (user_email(user) if user is not None else None)
        signing_up_by_email = login.signup and not (user is not None and user.phone_verified)
        mandatory_policy = settings.ACCOUNT_EMAIL_VERIFICATION_POLICY == "mandatory" and user is not None
        if email and (signing_up_by_email or mandatory_policy):
            login.email_verification = EmailVerificationMethod.MANDATORY
        return super().handle()
