"""Staff reach the Wagtail admin only through allauth's login and with an authenticator app."""

import re
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.urls import URLResolver, get_resolver, reverse
from django.urls.resolvers import LocalePrefixPattern, RegexPattern

from accounts import roles
from tests.accounts.factories import UserFactory
from tests.accounts.factories import staff as staff_in_role

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


def test_wagtails_frontend_login_cannot_skip_the_code(client, mfa_required, staff_with_totp):
    staff, _secret, _codes = staff_with_totp
    response = client.post("/_util/login/?next=/admin/", {"username": staff.email, "password": PASSWORD})
    assert response.url == reverse("account_login") + "?next=/admin/"
    assert logged_in_user_id(client) is None


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


# Every staff-only URL goes through the gate: the admin, and the views of ours marked @staff_only.

SAMPLE_VALUES = {"int": "1", "slug": "x", "str": "x", "path": "x", "uuid": "00000000-0000-0000-0000-000000000001"}
REGEX_GROUP = re.compile(r"\((?:[^()]|\([^()]*\))*\)")
OUR_PACKAGES = {"accounts", "agencies", "blog", "bookings", "catalog", "config", "core", "demo", "home", "images"}
OUR_PACKAGES |= {"integrations", "leads", "notifications", "search"}
# Our views outside /admin/ that need no staff rights: public pages, webhooks, and a person's own things.
NOT_STAFF_VIEWS = {
    "core.views.robots_txt",
    "core.views.csrf_token",  # a visitor's own CSRF token, for the forms of cached pages
    "catalog.views.car_model_options",  # the car filter's model options for a make (htmx)
    "core.sitemaps.index",
    "core.sitemaps.section",
    "notifications.views.telegram_webhook",  # signed by Telegram's secret
    "bookings.views_payments.payment_webhook",  # signed by the payment provider
    "search.views.search",
    "search.views.suggest",
    "catalog.views.favorites",
    "catalog.views.favorite_toggle",
    "notifications.views.preferences",
    "notifications.views.push_subscribe",
    "notifications.views.push_unsubscribe",
    "notifications.views.telegram_unlink",
    "accounts.cabinet.views.profile",
    "accounts.cabinet.views.favorites",
    "accounts.cabinet.views.history",
    "accounts.cabinet.views.privacy",
    "accounts.cabinet.views.export_data",
    "accounts.cabinet.views.delete_account",
    "leads.customer.requests_list",
    "leads.views_deals.cabinet_cashback",
    "bookings.cabinet.bookings_list",
    "bookings.views.new_booking",
    "bookings.views.booking_detail",
    "bookings.views_access.reveal_booking_door_codes",  # the guest's own booking only
    "bookings.views_reviews.write_review",
    "bookings.views_reviews.complain_about_review",
    "bookings.views_payments.pay",
    "bookings.views_payments.payment_status",
    "bookings.views_payments.cancel",
    "bookings.views_payments.sandbox_payment",
    "leads.views_viewing.viewing_by_link",  # the client's signed link
    "leads.views_viewing.my_viewing",
    # A manager's own calendar for calendar apps, which cannot pass a second factor: its secret token is the key.
    "leads.views_viewing.calendar_feed",
    "leads.views.submit",
    "leads.views.privacy",
    "core.csp.csp_report",  # browsers' reports of blocked content
    "home.views.favicon",  # the brand's icon and web manifest, public
    "home.views.manifest",
    "accounts.sso_views.login_view",  # the central login (accounts/sso.py): allauth's pages, or the way to them
    "accounts.sso_views.signup_view",
    "accounts.sso_views.login_code_view",
    "accounts.sso_views.start",
    "accounts.sso_views.handoff",
}


def url_patterns(patterns=None, prefix="/"):
    """(a path that the pattern matches, its view) for every pattern of the project's URLconf."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        part = "" if isinstance(entry.pattern, LocalePrefixPattern) else str(entry.pattern)
        if isinstance(entry.pattern, RegexPattern):
            part = REGEX_GROUP.sub("1", part.lstrip("^").rstrip("$")).replace("\\", "")
        else:
            part = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE_VALUES[m.group(1) or "str"], part)
        if isinstance(entry, URLResolver):
            yield from url_patterns(entry.url_patterns, prefix + part)
        else:
            yield prefix + part, entry.callback


def view_name(view):
    return f"{view.__module__}.{view.__qualname__}"


def staff_urls():
    admin, logout = reverse("wagtailadmin_home"), reverse("wagtailadmin_logout")
    return sorted(
        {
            path
            for path, view in url_patterns()
            if (path.startswith(admin) and path != logout) or getattr(view, "staff_only", False)
        }
    )


def test_every_view_of_ours_outside_the_admin_is_marked_staff_only_or_known_not_to_be():
    """A new view must be sorted here: @staff_only if it serves what only staff may, or NOT_STAFF_VIEWS."""
    ours = {
        view_name(view): view
        for path, view in url_patterns()
        if not path.startswith(reverse("wagtailadmin_home")) and view.__module__.split(".")[0] in OUR_PACKAGES
    }
    staff_only = {name for name, view in ours.items() if getattr(view, "staff_only", False)}
    assert staff_only == {"leads.views_deals.download_document"}
    assert sorted(set(ours) - staff_only - NOT_STAFF_VIEWS) == []
    assert sorted(NOT_STAFF_VIEWS - set(ours)) == []  # no stale names


def test_every_staff_url_sends_staff_without_an_authenticator_to_set_it_up(client, mfa_required):
    urls = staff_urls()
    assert "/admin/" in urls and "/leads/deals/documents/1/" in urls
    assert len(urls) > 500  # the whole admin, read from the URLconf
    # The gate decides by the path's prefix or the view's mark, so one URL of each admin section stands for the
    # section (/admin/snippets/loyalty/..., /admin/pages/...: about 150 of the 900); marked views are all opened.
    sections = {}
    for url in urls:
        sections.setdefault("/".join(url.split("/")[:4]), url)
    client.force_login(staff_in_role(roles.MANAGER))
    sample = sorted(set(sections.values()) | {url for url in urls if not url.startswith("/admin/")})
    not_gated = [url for url in sample if client.get(url).get("Location") != reverse("mfa_activate_totp")]
    assert not_gated == []


def test_staff_without_an_authenticator_still_use_the_public_site_and_their_cabinet(client, mfa_required):
    client.force_login(staff_in_role(roles.MANAGER))
    for url in ("/", reverse("cabinet:profile"), reverse("account_reauthenticate"), reverse("account_logout")):
        assert client.get(url).get("Location") != reverse("mfa_activate_totp"), url


def test_staff_only_views_are_open_to_customers_and_to_staff_with_an_authenticator(
    client, mfa_required, staff_with_totp
):
    document = reverse("leads:deal_document", args=[1])
    client.force_login(UserFactory())
    assert client.get(document).status_code == 404  # no such document; the view ran
    staff, _secret, _codes = staff_with_totp
    client.force_login(staff)
    assert client.get(document).status_code == 404
    assert client.get("/admin/").status_code == 200
