"""The personal cabinet: profile, lists, data export and account deletion (152-ФЗ)."""

import json

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.models import Favorite, RecentView
from catalog.models import ListingPage
from tests.factories import SiteFactory, rental_on
from tests.utils import parse_html

pytestmark = pytest.mark.django_db
HOST = "cabinet.localhost"
PASSWORD = "cabinet-pass-Long-1"


@pytest.fixture
def user():
    user = get_user_model().objects.create_user(
        email="anna@example.com", password=PASSWORD, first_name="Анна", last_name="Иванова", phone="+77011234567"
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture(autouse=True)
def site(db):
    return SiteFactory(hostname=HOST)


@pytest.fixture
def listings(site):
    """Three live listing pages of the site."""
    pages = [rental_on(site) for _ in range(3)]
    assert all(isinstance(page, ListingPage) for page in pages)
    return pages


def get(client, url):
    return client.get(url, HTTP_HOST=HOST)


@pytest.mark.parametrize("url", ["/account/", "/account/favorites/", "/account/bookings/", "/account/privacy/"])
def test_guests_are_sent_to_login(client, url):
    response = get(client, url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_profile_saves_name_and_language(client, user):
    client.force_login(user)
    response = client.post(
        "/account/", {"first_name": "Анна", "last_name": "Петрова", "language": "kk"}, HTTP_HOST=HOST
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.last_name, user.language) == ("Петрова", "kk")
    assert response.cookies["django_language"].value == "kk"


def test_profile_rejects_unknown_language_and_changes_nothing(client, user):
    client.force_login(user)
    response = client.post("/account/", {"first_name": "X", "last_name": "Y", "language": "de"}, HTTP_HOST=HOST)
    assert response.status_code == 200
    assert parse_html(response).select(".errorlist")
    user.refresh_from_db()
    assert (user.first_name, user.language) == ("Анна", "ru")


def test_cabinet_lists_show_own_favorites_and_history_only(client, user, listings):
    other = get_user_model().objects.create_user(email="other@example.com", password=PASSWORD)
    Favorite.objects.create(user=user, page=listings[0])
    Favorite.objects.create(user=other, page=listings[1])
    RecentView.objects.create(user=user, page=listings[2], viewed_at=timezone.now())
    client.force_login(user)
    titles = [t.get_text(strip=True) for t in parse_html(get(client, "/account/favorites/")).select(".card-title")]
    assert titles == [listings[0].title]
    history = [t.get_text(strip=True) for t in parse_html(get(client, "/account/history/")).select(".card-title")]
    assert history == [listings[2].title]


def test_empty_states_say_what_will_appear(client, user):
    client.force_login(user)
    for url in ["/account/favorites/", "/account/history/", "/account/requests/", "/account/bookings/"]:
        assert parse_html(get(client, url)).select_one(".empty"), url


def test_cabinet_query_count_does_not_grow_with_favorites(client, user, listings, django_assert_max_num_queries):
    client.force_login(user)
    Favorite.objects.create(user=user, page=listings[0])
    get(client, "/account/favorites/")  # warm caches (site, settings)
    with django_assert_max_num_queries(30) as few:
        get(client, "/account/favorites/")
    for page in listings[1:]:
        Favorite.objects.create(user=user, page=page)
    with django_assert_max_num_queries(len(few.captured_queries)):
        get(client, "/account/favorites/")


def test_export_is_a_json_download_of_everything_we_keep(client, user, listings):
    Favorite.objects.create(user=user, page=listings[0])
    client.force_login(user)
    assert get(client, "/account/privacy/export/").status_code == 405  # GET never triggers a download
    response = client.post("/account/privacy/export/", HTTP_HOST=HOST)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="personal-data-')
    data = json.loads(response.content)
    assert data["account"]["email"] == "anna@example.com"
    assert data["account"]["phone"] == "+77011234567"
    assert [f["page_id"] for f in data["favorites"]] == [listings[0].pk]
    assert data["email_addresses"] == [{"email": "anna@example.com", "verified": True, "primary": True}]


def test_delete_needs_the_password_and_the_checkbox(client, user, listings):
    Favorite.objects.create(user=user, page=listings[0])
    client.force_login(user)
    response = client.post("/account/privacy/delete/", {"password": "wrong", "confirm": "on"}, HTTP_HOST=HOST)
    assert response.status_code == 400
    assert "Неверный пароль." in response.content.decode()
    response = client.post("/account/privacy/delete/", {"password": PASSWORD}, HTTP_HOST=HOST)
    assert response.status_code == 400
    user.refresh_from_db()
    assert user.is_active and user.email == "anna@example.com" and user.anonymised_at is None
    assert Favorite.objects.filter(user=user).exists()


def test_delete_erases_personal_data_and_keeps_the_row(client, user, listings):
    Favorite.objects.create(user=user, page=listings[0])
    RecentView.objects.create(user=user, page=listings[1], viewed_at=timezone.now())
    other_session = type(client)()
    other_session.force_login(user)
    client.force_login(user)
    response = client.post("/account/privacy/delete/", {"password": PASSWORD, "confirm": "on"}, HTTP_HOST=HOST)
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.anonymised_at is not None
    assert not user.is_active and not user.has_usable_password()
    assert (user.first_name, user.last_name, user.phone) == ("", "", "")
    assert user.email is None
    assert not Favorite.objects.filter(user=user).exists()
    assert not RecentView.objects.filter(user=user).exists()
    assert not EmailAddress.objects.filter(user=user).exists()
    # This session is logged out, and so is every other session of the account.
    assert get(client, "/account/").status_code == 302
    assert get(other_session, "/account/").status_code == 302
    # The address is free for a new account.
    get_user_model().objects.create_user(email="anna@example.com", password=PASSWORD)


def test_export_and_erasure_cover_notifications(client, user):
    from notifications.models import NotificationPreference, TelegramLink
    from notifications.services import notify

    NotificationPreference.objects.create(user=user, kind="booking.confirmed", channel="email", enabled=False)
    TelegramLink.objects.create(user=user, chat_id=424242)
    notify(user, "account.welcome", {})
    client.force_login(user)
    data = json.loads(client.post("/account/privacy/export/", HTTP_HOST=HOST).content)
    assert data["notifications"]["telegram"]["chat_id"] == 424242
    assert data["notifications"]["preferences"] == [{"kind": "booking.confirmed", "channel": "email", "enabled": False}]
    assert len(data["notifications"]["messages"]) == 1
    client.post("/account/privacy/delete/", {"password": PASSWORD, "confirm": "on"}, HTTP_HOST=HOST)
    assert not NotificationPreference.objects.filter(user=user).exists()
    assert not TelegramLink.objects.filter(user=user).exists()
    assert not user.notifications.exists()


def test_profile_keeps_each_contact_with_its_own_label(client, user):
    """Each dt/dd pair is one grid cell of `.facts`, so a long email cannot run into the «Телефон» label."""
    client.force_login(user)
    page = parse_html(get(client, "/account/"))
    pairs = {item.dt.get_text(strip=True): item.dd.get_text(" ", strip=True) for item in page.select("dl.facts > div")}
    assert pairs["Адрес электронной почты"].startswith("anna@example.com")
    assert pairs["Телефон"].startswith("+77011234567")
    assert not page.select("dl.facts > dt")
