"""Celery tasks of accounts: thin, safe to run twice."""

from urllib.parse import urlsplit

from allauth.account.forms import ResetPasswordForm
from allauth.core import context
from celery import shared_task
from django.test import RequestFactory
from django.utils import translation


@shared_task(ignore_result=True)
def send_password_reset(email, page_url, language):
    """Look up the accounts of `email` and mail each a reset link, or mail «no such account» to an unknown
    address (allauth's ResetPasswordForm with ACCOUNT_PREVENT_ENUMERATION). `page_url` is the reset page
    the visitor used: the links are built for its host and language."""
    url = urlsplit(page_url)
    request = RequestFactory().post(url.path, secure=url.scheme == "https", HTTP_HOST=url.netloc)
    with translation.override(language), context.request_context(request):
        form = ResetPasswordForm(data={"email": email})
        if form.is_valid():
            form.save(request)
