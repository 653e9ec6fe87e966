"""Nobody learns from our answers whether an email or a phone is registered (ACCOUNT_PREVENT_ENUMERATION).

Password reset, login codes and sign-up answer a registered and an unknown address alike: the same redirect,
the same page, the same number of SQL queries and the same work (one mail, one SMS, one password hash), so
neither the answer nor its time tells them apart. The owner of the address hears about it instead."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import MD5PasswordHasher
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests.accounts.factories import UserFactory
from tests.fakes.sms_ru import fake_sms_ru, sent_messages

pytestmark = pytest.mark.django_db
User = get_user_model()
PASSWORD = "Ветер-над-Ишимом-42"


class CountingHasher(MD5PasswordHasher):
    """The test settings' fast hasher, counting the passwords it hashes."""

    hashed = 0

    def encode(self, password, salt):
        CountingHasher.hashed += 1
        return super().encode(password, salt)


@pytest.fixture
def sms_api(settings):
    with fake_sms_ru() as service:
        settings.SMS_API_URL = service.url
        settings.SMS_API_ID = "test-api-id"
        yield service


@pytest.fixture
def counting_hasher(settings):
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    CountingHasher.hashed = 0
    return CountingHasher


def registered(email="owner@example.com", **fields):
    user = UserFactory(email=email, **fields)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def post_counting_queries(client, url, data):
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, data)
    return response, len(queries)


def answer(response):
    return response.status_code, response.get("Location")


def page(client, url):
    """The page's HTML without its CSRF token and CSP nonces, which differ per visitor and per response."""
    html = client.get(url).content.decode()
    return re.sub(r'"X-CSRFToken": "\w+"|name="csrfmiddlewaretoken" value="\w+"|nonce="[^"]+"', "", html)


# Password reset


def test_password_reset_answers_a_registered_and_an_unknown_email_alike(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    registered("known@example.com")
    url = reverse("account_reset_password")
    with django_capture_on_commit_callbacks() as tasks:
        known, known_queries = post_counting_queries(client, url, {"email": "known@example.com"})
        unknown, unknown_queries = post_counting_queries(client, url, {"email": "nobody@example.com"})

    assert answer(known) == answer(unknown) == (302, reverse("account_reset_password_done"))
    assert known_queries == unknown_queries
    assert mailoutbox == []  # the lookup and the mail wait for the Celery task, after the answer
    for task in tasks:
        task()
    assert [mail.to for mail in mailoutbox] == [["known@example.com"], ["nobody@example.com"]]
    assert "http://testserver/accounts/password/reset/key/" in mailoutbox[0].body
    assert "/accounts/password/reset/key/" not in mailoutbox[1].body


@pytest.mark.parametrize(
    ("prefix", "subject", "sentence"),
    [
        ("", "Учётной записи с этим адресом нет", "Учётной записи с этим адресом у нас нет."),
        ("/kk", "Бұл мекенжаймен есептік жазба жоқ", "Бізде бұл мекенжаймен есептік жазба жоқ."),
        ("/en", "No account with this address", "We have no account with this address."),
    ],
)
def test_unknown_address_gets_a_mail_in_the_visitors_language(
    client, mailoutbox, django_capture_on_commit_callbacks, prefix, subject, sentence
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{prefix}/accounts/password/reset/", {"email": "nobody@example.com"})
    (mail,) = mailoutbox
    assert mail.subject == subject
    assert sentence in " ".join(mail.body.split())
    assert "nobody@example.com" in mail.body
    assert f"http://testserver{prefix}/accounts/signup/" in mail.body
    assert "{%" not in mail.body and "%(" not in mail.body


# Login by code


def test_login_code_by_email_answers_a_registered_and_an_unknown_email_alike(client, mailoutbox):
    registered("known@example.com")
    url = reverse("account_request_login_code")
    known, known_queries = post_counting_queries(client, url, {"email": "known@example.com"})
    client.cookies.clear()  # a new visitor, as an attacker trying addresses would be
    unknown, unknown_queries = post_counting_queries(client, url, {"email": "nobody@example.com"})

    assert answer(known) == answer(unknown)
    assert known.url.startswith(reverse("account_confirm_login_code"))
    assert known_queries == unknown_queries
    assert [mail.to for mail in mailoutbox] == [["known@example.com"], ["nobody@example.com"]]
    assert mailoutbox[1].subject == "Учётной записи с этим адресом нет"


def test_login_code_by_phone_answers_a_registered_and_an_unknown_number_alike(client, sms_api):
    UserFactory(email=None, phone="+77015550201", phone_verified=True)
    url = reverse("account_request_login_code")
    known, known_queries = post_counting_queries(client, url, {"phone": "+77015550201"})
    client.cookies.clear()
    unknown, unknown_queries = post_counting_queries(client, url, {"phone": "+77015550202"})

    assert answer(known) == answer(unknown)
    assert known.url.startswith(reverse("account_confirm_login_code"))
    assert known_queries == unknown_queries
    assert [phone for phone, _text in sent_messages(sms_api)] == ["77015550201"]  # no SMS to strangers


# Sign-up


def signup(client, **data):
    return client.post(reverse("account_signup"), {"password1": PASSWORD, "password2": PASSWORD, **data})


def test_signup_with_a_taken_email_looks_like_a_new_one_and_tells_the_owner(client, mailoutbox, counting_hasher):
    owner = registered("taken@example.com")
    counting_hasher.hashed = 0
    new = signup(client, email="new@example.com")
    assert counting_hasher.hashed == 1
    new_page = page(client, new.url)
    client.cookies.clear()
    taken = signup(client, email="Taken@Example.com")
    taken_page = page(client, taken.url)

    assert answer(new) == answer(taken) == (302, reverse("account_email_verification_sent"))
    assert counting_hasher.hashed == 2  # the password is hashed for the taken address too: same time
    assert new_page.replace("new@example.com", "taken@example.com") == taken_page
    assert "уже зарегистрирован" not in taken_page
    assert list(User.objects.filter(email__iexact="taken@example.com")) == [owner]
    assert "_auth_user_id" not in client.session

    confirmation, to_owner = mailoutbox
    assert confirmation.to == ["new@example.com"]
    assert to_owner.to == ["taken@example.com"]
    assert to_owner.subject == "У вас уже есть учётная запись"
    assert "http://testserver/accounts/password/reset/" in to_owner.body
    assert "вторую мы не создали" in " ".join(to_owner.body.split())


def test_account_already_exists_mail_speaks_kazakh_and_english(client, mailoutbox):
    registered("first@example.com")
    registered("second@example.com")
    client.post("/kk/accounts/signup/", {"email": "first@example.com", "password1": PASSWORD, "password2": PASSWORD})
    client.post("/en/accounts/signup/", {"email": "second@example.com", "password1": PASSWORD, "password2": PASSWORD})
    kazakh, english = mailoutbox
    assert kazakh.subject == "Сізде есептік жазба бар"
    assert "http://testserver/kk/accounts/password/reset/" in kazakh.body
    assert english.subject == "You already have an account"
    assert "so we did not create another one" in " ".join(english.body.split())


def test_new_account_confirms_its_email_then_goes_in(client, mailoutbox):
    signup(client, email="anna@example.com")
    with translation.override("ru"):
        link = next(word for word in mailoutbox[0].body.split() if "/accounts/confirm-email/" in word)
    client.post(link.split("testserver", 1)[1])
    assert int(client.session["_auth_user_id"]) == User.objects.get(email="anna@example.com").pk


def test_signup_with_a_taken_phone_looks_like_a_new_one_and_texts_the_owner(client, sms_api, counting_hasher):
    UserFactory(email=None, phone="+77015550211", phone_verified=True)
    counting_hasher.hashed = 0
    new = signup(client, phone="+77015550212")
    client.cookies.clear()
    taken = signup(client, phone="8 701 555 02 11")

    assert answer(new) == answer(taken) == (302, reverse("account_verify_phone"))
    assert counting_hasher.hashed == 2
    assert User.objects.filter(phone="+77015550211").count() == 1
    (new_phone, code_text), (owner_phone, owner_text) = sent_messages(sms_api)
    assert (new_phone, owner_phone) == ("77015550212", "77015550211")
    assert "Код для входа" in code_text
    assert "Кто-то указал ваш номер при регистрации" in owner_text


def test_taken_email_with_a_free_phone_sends_no_sms_to_that_phone(client, sms_api, mailoutbox):
    registered("taken@example.com")
    response = signup(client, email="taken@example.com", phone="+77015550213")
    assert response.url == reverse("account_verify_phone")
    assert sent_messages(sms_api) == []  # «an account exists» would tell the phone's holder about the email
    assert not User.objects.filter(phone="+77015550213").exists()
