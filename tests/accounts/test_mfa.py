"""Staff reach the Wagtail admin only through allauth's login and with an authenticator app."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.urls import reverse

pytestmark = pytest.mark.django_db
User = get_user_model()
PASSWORD = "Пароль-для-панели-77"


def current_totp(secret):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.fixture
def mfa_required(settings):
    settings.MFA_REQUIRED_FOR_STAFF = True


@pytest.fixture
def staff():
    return User.objects.create_superuser(email="staff@example.com", password=PASSWORD)


@pytest.fixture
def staff_with_totp(staff):
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    codes = RecoveryCodes.activate(staff).get_unused_codes()
    return staff, secret, codes


def log_in(client, login=None, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": login, "password": password})


def logged_in_user_id(client):
    return client.session.get("_auth_user_id")


def test_admin_login_page_leads_to_allauth_login(client):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response.url == reverse("account_login") + "?next=/admin/pages/"
    anonymous = client.get("/admin/")
    assert anonymous.url.startswith(reverse("account_login") + "?next=")


def test_admin_password_reset_leads_to_allauth(client):
    assert client.get("/admin/password_reset/").url == reverse("account_reset_password")


def test_admin_logout_goes_through_allauth(client, staff):
    client.force_login(staff)
    client.post("/admin/logout/")
    assert logged_in_user_id(client) is None


def test_staff_without_authenticator_is_sent_to_totp_setup(client, mfa_required, staff):
    log_in(client, staff.email)
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")
    assert any("двухфакторной аутентификацией" in str(m) for m in get_messages(response.wsgi_request))
    # allauth asks for the password once more before an authenticator is added
    reauthenticate = client.get(response.url)
    assert reauthenticate.url.startswith(reverse("account_reauthenticate"))
    setup = client.post(reauthenticate.url, {"password": PASSWORD}, follow=True)
    assert setup.redirect_chain[-1][0] == reverse("mfa_activate_totp")
    html = setup.content.decode()
    assert "Подключите приложение-аутентификатор" in html
    assert "Панель управления открывается только с двухфакторной аутентификацией" in html


def test_editor_in_a_group_with_admin_access_must_set_up_totp_too(client, mfa_required):
    editor = User.objects.create_user(email="editor@example.com", password=PASSWORD)
    group = Group.objects.create(name="Тестовые редакторы")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    editor.groups.add(group)
    client.force_login(editor)
    assert client.get("/admin/").url == reverse("mfa_activate_totp")


def test_customer_is_not_sent_to_totp_setup(client, mfa_required):
    customer = User.objects.create_user(email="customer@example.com", password=PASSWORD)
    client.force_login(customer)
    response = client.get("/admin/")
    assert response.url != reverse("mfa_activate_totp")  # Wagtail turns them away as usual
    assert not Authenticator.objects.filter(user=customer).exists()


def test_without_the_setting_staff_open_the_admin_directly(client, settings, staff):
    settings.MFA_REQUIRED_FOR_STAFF = False
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200


def test_staff_sets_up_totp_then_opens_the_admin(client, mfa_required, staff):
    log_in(client, staff.email)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    client.get(reverse("mfa_activate_totp"))  # the page puts a fresh secret into the session
    secret = client.session["mfa.totp.secret"]

    wrong = client.post(reverse("mfa_activate_totp"), {"code": "000000" if current_totp(secret) != "000000" else "1"})
    assert wrong.status_code == 200
    assert not Authenticator.objects.filter(user=staff).exists()

    response = client.post(reverse("mfa_activate_totp"), {"code": current_totp(secret)})
    assert response.url == reverse("mfa_view_recovery_codes")
    assert set(Authenticator.objects.filter(user=staff).values_list("type", flat=True)) == {"totp", "recovery_codes"}
    codes_page = client.get(response.url).content.decode()
    assert "Перейти в панель управления" in codes_page
    assert client.get("/admin/").status_code == 200


def test_staff_with_totp_needs_the_code_after_the_password(client, mfa_required, staff_with_totp):
    staff, secret, _codes = staff_with_totp
    response = log_in(client, staff.email)
    assert response.url == reverse("mfa_authenticate")
    assert logged_in_user_id(client) is None
    assert client.get("/admin/").url.startswith(reverse("account_login"))

    wrong = client.post(reverse("mfa_authenticate"), {"code": "12345"})
    assert wrong.status_code == 200
    assert logged_in_user_id(client) is None

    client.post(reverse("mfa_authenticate"), {"code": current_totp(secret)})
    assert int(logged_in_user_id(client)) == staff.pk
    assert client.get("/admin/").status_code == 200


def test_recovery_code_works_once(client, mfa_required, staff_with_totp):
    staff, _secret, codes = staff_with_totp
    log_in(client, staff.email)
    client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert int(logged_in_user_id(client)) == staff.pk
    client.post(reverse("account_logout"))

    log_in(client, staff.email)
    again = client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert again.status_code == 200
    assert "Неверный код" in again.content.decode()
    assert logged_in_user_id(client) is None
    client.post(reverse("mfa_authenticate"), {"code": codes[1]})
    assert int(logged_in_user_id(client)) == staff.pk
