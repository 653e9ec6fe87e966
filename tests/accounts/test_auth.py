"""Sign-up and login by email or phone through allauth, with SMS codes sent to a fake SMS.ru."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.urls import reverse

from tests.fakes.sms_ru import fake_sms_ru, sent_messages

pytestmark = pytest.mark.django_db
User = get_user_model()
PASSWORD = "Ветер-над-Ишимом-42"


@pytest.fixture
def sms_api(settings):
    with fake_sms_ru() as service:
        settings.SMS_API_URL = service.url
        settings.SMS_API_ID = "test-api-id"
        yield service


def sms_code(service):
    """The code in the last SMS the fake received."""
    _phone, text = sent_messages(service)[-1]
    return re.search(r"\d{6}", text).group()


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def signup(client, **data):
    return client.post(reverse("account_signup"), {"password1": PASSWORD, "password2": PASSWORD, **data})


def test_signup_page_is_russian_in_the_site_layout(client):
    response = client.get(reverse("account_signup"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Регистрация</h1>" in html
    assert 'class="site-header"' in html  # the site's own header and footer around the form
    assert 'name="email"' in html and 'name="phone"' in html
    assert "css/account.css" in html


# Email


def test_signup_by_email_sends_a_link_that_confirms_the_address(client, mailoutbox):
    response = signup(client, email="anna@example.com")
    assert response.status_code == 302
    user = User.objects.get(email="anna@example.com")
    assert user.phone == ""
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["anna@example.com"]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mailoutbox[0].body).group()
    path = link.split("testserver", 1)[1]

    page = client.get(path)
    assert page.status_code == 200
    assert "anna@example.com" in page.content.decode()
    client.post(path)
    assert EmailAddress.objects.get(user=user).verified
    welcome = user.notifications.get(kind="account.welcome")
    assert (welcome.channel, welcome.address) == ("email", "anna@example.com")


def test_mandatory_email_verification_holds_login_until_confirmed(client, settings, mailoutbox):
    settings.ACCOUNT_EMAIL_VERIFICATION_POLICY = "mandatory"
    response = signup(client, email="boris@example.com")
    assert response.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session
    assert len(mailoutbox) == 1

    client.post(reverse("account_login"), {"login": "boris@example.com", "password": PASSWORD})
    assert "_auth_user_id" not in client.session  # still waiting for the link

    EmailAddress.objects.filter(email="boris@example.com").update(verified=True)
    client.post(reverse("account_login"), {"login": "boris@example.com", "password": PASSWORD})
    assert int(client.session["_auth_user_id"]) == User.objects.get(email="boris@example.com").pk


def test_mandatory_email_verification_leaves_phone_only_accounts_to_their_sms_code(client, settings, sms_api):
    settings.ACCOUNT_EMAIL_VERIFICATION_POLICY = "mandatory"
    signup(client, phone="+77015550101")
    client.post(reverse("account_verify_phone"), {"code": sms_code(sms_api)})
    assert int(client.session["_auth_user_id"]) == User.objects.get(phone="+77015550101").pk


def test_password_reset_by_email_sets_a_new_password(client, mailoutbox, django_capture_on_commit_callbacks):
    user = User.objects.create_user(email="reset@example.com", password="old-password-1")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": "reset@example.com"})
    assert len(mailoutbox) == 1
    path = re.search(r"https?://testserver(/\S+/password/reset/key/\S+/)", mailoutbox[0].body).group(1)
    form_url = client.get(path).url  # allauth swaps the key for a session token first
    response = client.post(form_url, {"password1": "new-password-for-reset", "password2": "new-password-for-reset"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("new-password-for-reset")


# Phone


def test_signup_by_phone_sends_an_sms_code_and_the_right_code_verifies(client, sms_api):
    response = signup(client, phone="8 701 555-01-02")
    assert response.url == reverse("account_verify_phone")
    user = User.objects.get(phone="+77015550102")  # stored as E.164
    assert user.email is None and not user.phone_verified
    assert [phone for phone, _text in sent_messages(sms_api)] == ["77015550102"]
    assert "_auth_user_id" not in client.session  # not in before the code

    code_page = client.get(reverse("account_verify_phone"))
    assert "+77015550102" in code_page.content.decode()

    response = client.post(reverse("account_verify_phone"), {"code": sms_code(sms_api)})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.phone_verified
    assert int(client.session["_auth_user_id"]) == user.pk


def test_wrong_sms_code_is_refused_and_changes_nothing(client, sms_api):
    signup(client, phone="+77015550103")
    code = sms_code(sms_api)
    wrong = "000000" if code != "000000" else "111111"
    response = client.post(reverse("account_verify_phone"), {"code": wrong})
    assert response.status_code == 200
    assert "Неверный код" in response.content.decode()
    assert not User.objects.get(phone="+77015550103").phone_verified
    assert "_auth_user_id" not in client.session

    client.post(reverse("account_verify_phone"), {"code": code})  # the right one still works
    assert User.objects.get(phone="+77015550103").phone_verified


def test_used_sms_code_is_refused_with_a_clear_message(client, sms_api):
    signup(client, phone="+77015550104")
    code = sms_code(sms_api)
    client.post(reverse("account_verify_phone"), {"code": code})
    client.post(reverse("account_logout"))

    response = client.post(reverse("account_verify_phone"), {"code": code})
    assert response.status_code == 302
    assert "Этот код больше не действует: он уже использован или истёк. Запросите новый." in messages_of(response)
    assert "_auth_user_id" not in client.session


def test_too_many_wrong_codes_end_the_attempt(client, sms_api):
    signup(client, phone="+77015550105")
    for _ in range(3):
        response = client.post(reverse("account_verify_phone"), {"code": "999999x"})
    assert response.url == reverse("account_login")
    assert "Слишком много неудачных попыток. Подождите несколько минут и попробуйте снова." in messages_of(response)
    assert not User.objects.get(phone="+77015550105").phone_verified


@pytest.mark.parametrize("phone", ["12345", "+7 123 456 78 90", "телефон"])
def test_invalid_phone_is_refused_in_russian(client, phone):
    response = signup(client, phone=phone)
    assert response.status_code == 200
    assert "Введите номер телефона полностью" in response.content.decode()
    assert not User.objects.filter(email=None).exists()


def test_signup_needs_an_email_or_a_phone(client):
    response = signup(client)
    assert response.status_code == 200
    assert "Укажите email или номер телефона" in response.content.decode()


def test_weak_password_is_refused(client):
    before = User.objects.count()
    response = client.post(
        reverse("account_signup"), {"email": "weak@example.com", "password1": "12345678", "password2": "12345678"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Введённый пароль слишком широко распространён." in html
    assert "Введённый пароль состоит только из цифр." in html
    assert User.objects.count() == before


def test_sms_outage_is_explained_and_a_new_code_can_be_asked_for(client, settings):
    with fake_sms_ru(fail_times=1) as service:
        settings.SMS_API_URL = service.url
        settings.SMS_API_ID = "test-api-id"
        response = signup(client, phone="+77015550107")
        assert "Не удалось отправить SMS с кодом. Попробуйте запросить новый код через минуту." in messages_of(response)
        page = client.get(reverse("account_verify_phone"))
        assert 'value="resend"' in page.content.decode()


# Login


def test_login_by_email(client):
    user = User.objects.create_user(email="login@example.com", password=PASSWORD)
    response = client.post(reverse("account_login"), {"login": "login@example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


@pytest.mark.parametrize("typed", ["+77015550108", "8 701 555 01 08", "+7 (701) 555-01-08"])
def test_login_by_phone_in_any_spelling(client, typed):
    user = User.objects.create_user(phone="+77015550108", phone_verified=True, password=PASSWORD)
    response = client.post(reverse("account_login"), {"login": typed, "password": PASSWORD})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


def test_wrong_password_is_refused_in_russian(client):
    User.objects.create_user(phone="+77015550109", phone_verified=True, password=PASSWORD)
    response = client.post(reverse("account_login"), {"login": "+77015550109", "password": "not-it"})
    assert response.status_code == 200
    assert "Неверный номер телефона или пароль." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_by_sms_code(client, sms_api):
    user = User.objects.create_user(phone="+77015550110", phone_verified=True, password=PASSWORD)
    response = client.post(reverse("account_request_login_code"), {"phone": "87015550110"})
    assert response.url.startswith(reverse("account_confirm_login_code"))
    assert sent_messages(sms_api)[-1][0] == "77015550110"
    client.post(reverse("account_confirm_login_code"), {"code": sms_code(sms_api)})
    assert int(client.session["_auth_user_id"]) == user.pk


def test_failed_logins_are_limited_per_account_with_a_clear_message(client):
    User.objects.create_user(phone="+77015550111", phone_verified=True, password=PASSWORD)
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "+77015550111", "password": "guess"})
    # the sixth try is refused even with the right password, whatever the spelling of the number
    response = client.post(reverse("account_login"), {"login": "8 701 555 01 11", "password": PASSWORD})
    assert "Слишком много неудачных попыток. Подождите несколько минут и попробуйте снова." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_failed_phone_logins_of_one_account_leave_others_alone(client):
    User.objects.create_user(phone="+77015550112", phone_verified=True, password=PASSWORD)
    other = User.objects.create_user(phone="+77015550113", phone_verified=True, password=PASSWORD)
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "+77015550112", "password": "guess"})
    client.post(reverse("account_login"), {"login": "+77015550113", "password": PASSWORD})
    assert int(client.session["_auth_user_id"]) == other.pk


def test_too_many_requests_get_the_429_page_in_russian(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login": "2/m/ip"}
    for _ in range(2):
        client.post(reverse("account_login"), {"login": "x@example.com", "password": "x"})
    response = client.post(reverse("account_login"), {"login": "x@example.com", "password": "x"})
    html = response.content.decode()
    assert response.status_code == 429
    assert "<h1>Слишком много попыток</h1>" in html
    assert 'class="site-header"' in html


def test_second_sms_code_within_seconds_gets_the_429_page_not_an_error(client, sms_api):
    User.objects.create_user(phone="+77015550114", password=PASSWORD)  # phone not confirmed yet
    first = client.post(reverse("account_login"), {"login": "+77015550114", "password": PASSWORD})
    assert first.url == reverse("account_verify_phone")
    client.logout()
    again = client.post(reverse("account_login"), {"login": "+77015550114", "password": PASSWORD})
    assert again.status_code == 429
    assert "Слишком много попыток" in again.content.decode()
    assert len(sent_messages(sms_api)) == 1
