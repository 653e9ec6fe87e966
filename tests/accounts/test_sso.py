"""One account, every brand (accounts/sso.py): a brand's «Войти» goes through the central login (the portal,
localhost) and comes back signed in with a single-use hand-off; signing out on one brand signs out on all.

Each host gets its own test client, as a browser keeps a cookie jar per host."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.test import Client
from django.utils import timezone

from accounts import sso
from tests.accounts.factories import UserFactory
from tests.utils import parse_html

pytestmark = pytest.mark.django_db

CENTRAL = "localhost"  # the demo's default site, the portal
BRAND = "zhilego.localhost"
OTHER_BRAND = "inback.localhost"


@pytest.fixture
def person():
    user = UserFactory(email="guest@example.com")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def client_on(host):
    return Client(HTTP_HOST=host)


def query(url):
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def signed_in(client):
    return "_auth_user_id" in client.session


def handoff_url(central, brand_host=BRAND, next_url="/arenda/"):
    """The central host's answer to a signed-in visitor sent from `brand_host`: the brand's hand-off link."""
    response = central.get("/accounts/sso/start/", {"host": brand_host, "next": next_url})
    assert response.status_code == 302
    return response["Location"]


def test_a_brand_login_goes_through_the_central_login_and_comes_back_signed_in(person):
    brand, central = client_on(BRAND), client_on(CENTRAL)

    to_central = brand.get("/accounts/login/", {"next": "/arenda/"})
    assert to_central.status_code == 302
    assert to_central["Location"].startswith(f"http://{CENTRAL}/accounts/login/?")
    start = query(to_central["Location"])["next"]
    assert start.startswith(f"http://{CENTRAL}/accounts/sso/start/?")
    assert query(start) == {"host": BRAND, "next": "/arenda/"}
    assert not brand.cookies  # nothing stored on the brand until the visitor is signed in

    start_path = start.removeprefix(f"http://{CENTRAL}")
    assert central.get("/accounts/login/", {"next": start_path}).status_code == 200  # the form, on the portal
    logged_in = central.post("/accounts/login/", {"login": person.email, "password": "pw", "next": start_path})
    assert logged_in.status_code == 302 and logged_in["Location"] == start_path

    to_brand = central.get(start_path)
    assert to_brand["Location"].startswith(f"http://{BRAND}/accounts/handoff/?token=")
    landed = brand.get(to_brand["Location"].removeprefix(f"http://{BRAND}"))
    assert landed.status_code == 302 and landed["Location"] == "/arenda/"
    assert brand.session["_auth_user_id"] == str(person.pk)
    assert brand.get("/account/").status_code == 200  # the cabinet, on the brand's own host


def test_signed_in_on_the_central_host_a_second_brand_needs_no_form(person):
    central, other = client_on(CENTRAL), client_on(OTHER_BRAND)
    central.force_login(person)

    start = query(other.get("/accounts/login/", {"next": "/novostroyki/"})["Location"])["next"]
    link = central.get(start.removeprefix(f"http://{CENTRAL}"))["Location"]
    assert link.startswith(f"http://{OTHER_BRAND}/accounts/handoff/")

    assert other.get(link.removeprefix(f"http://{OTHER_BRAND}"))["Location"] == "/novostroyki/"
    assert signed_in(other)


def test_a_hand_off_link_works_once(person):
    central, brand = client_on(CENTRAL), client_on(BRAND)
    central.force_login(person)
    link = handoff_url(central).removeprefix(f"http://{BRAND}")

    assert brand.get(link).status_code == 302
    replay = client_on(BRAND).get(link)

    assert replay.status_code == 400
    assert "уже использована" in replay.content.decode()
    assert not signed_in(client_on(BRAND))


def test_an_expired_hand_off_link_is_refused(person):
    central, brand = client_on(CENTRAL), client_on(BRAND)
    central.force_login(person)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        link = handoff_url(central).removeprefix(f"http://{BRAND}")
        clock.shift(timedelta(seconds=61))
        response = brand.get(link)

    assert response.status_code == 400
    assert "устарела" in response.content.decode()
    assert not signed_in(brand)


def test_a_link_for_one_brand_does_not_sign_in_on_another(person):
    central, other = client_on(CENTRAL), client_on(OTHER_BRAND)
    central.force_login(person)
    link = handoff_url(central, brand_host=BRAND)

    response = other.get("/accounts/handoff/", query(link))

    assert response.status_code == 400
    assert "для другого сайта" in response.content.decode()
    assert not signed_in(other)


def test_a_forged_or_missing_token_is_refused(person):
    token = sso.issue_token(person, BRAND)
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")

    for value in (forged, "", "garbage"):
        response = client_on(BRAND).get("/accounts/handoff/", {"token": value})
        assert response.status_code == 400
        assert "повреждена" in response.content.decode()


@pytest.mark.parametrize(
    "host",
    ["evil.example.com", "localhost.evil.com", "", "zhilego.localhost@evil.com", "zhilego.localhost:80@evil.com"],
)
def test_only_our_sites_hosts_receive_a_hand_off(person, host):
    central = client_on(CENTRAL)
    central.force_login(person)

    response = central.get("/accounts/sso/start/", {"host": host, "next": "/"})

    assert response.status_code == 400
    assert not response.has_header("Location")


@pytest.mark.parametrize("next_url", ["https://evil.example.com/", "//evil.example.com/", "/\\evil.example.com"])
def test_next_never_leads_off_the_brand(person, next_url):
    central, brand = client_on(CENTRAL), client_on(BRAND)
    central.force_login(person)

    link = handoff_url(central, next_url=next_url)
    assert query(link)["next"] == "/"
    forged_next = brand.get("/accounts/handoff/", {"token": query(link)["token"], "next": next_url})

    assert forged_next.status_code == 302 and forged_next["Location"] == "/"


def test_signing_out_on_one_brand_signs_out_everywhere(person):
    central, brand, other = client_on(CENTRAL), client_on(BRAND), client_on(OTHER_BRAND)
    central.force_login(person)
    for client, host in ((brand, BRAND), (other, OTHER_BRAND)):
        client.get(handoff_url(central, brand_host=host).removeprefix(f"http://{host}"))
        assert client.get("/account/").status_code == 200
    unused_link = handoff_url(central).removeprefix(f"http://{BRAND}")

    brand.post("/accounts/logout/")

    for client in (central, brand, other):
        response = client.get("/account/")
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    refused = client_on(BRAND).get(unused_link)  # issued before the sign-out
    assert refused.status_code == 400 and "уже вышли" in refused.content.decode()


def test_a_brand_asks_for_a_login_code_on_the_central_host_too():
    response = client_on(BRAND).get("/accounts/login/code/", {"next": "/arenda/"})
    assert response["Location"].startswith(f"http://{CENTRAL}/accounts/login/code/?next=")


def test_the_central_host_and_unknown_hosts_keep_their_own_login_page():
    assert client_on(CENTRAL).get("/accounts/login/").status_code == 200
    assert Client().get("/accounts/login/").status_code == 200  # testserver: no site of ours, no hand-off


def test_the_central_host_can_be_set(settings, person):
    settings.ACCOUNTS_CENTRAL_HOST = "svoykrug.localhost"

    response = client_on(BRAND).get("/accounts/signup/")

    assert response["Location"].startswith("http://svoykrug.localhost/accounts/signup/?next=")
    assert client_on("svoykrug.localhost").get("/accounts/signup/").status_code == 200


def test_a_brand_page_stays_cacheable_for_anonymous_visitors():
    response = client_on(BRAND).get("/")

    assert response.status_code == 200
    assert not response.cookies
    assert "public" in response["Cache-Control"]


def test_the_central_login_may_send_its_form_on_to_our_sites_only():
    """A browser holds a form's redirects to the page's form-action: the hand-off to a brand must be allowed."""
    policy = client_on(CENTRAL).get("/accounts/login/")["Content-Security-Policy"]
    form_action = next(part for part in policy.split(";") if part.strip().startswith("form-action"))
    assert "'self'" in form_action
    assert f"http://{BRAND}:*" in form_action and f"http://{OTHER_BRAND}:*" in form_action
    assert "*.example" not in form_action and " *" not in form_action.replace(":*", "")
    brand_page = client_on(BRAND).get("/")["Content-Security-Policy"]
    assert BRAND not in brand_page  # the brands' own pages keep form-action 'self'


def test_the_headers_login_link_comes_back_to_the_same_page():
    link = parse_html(client_on(BRAND).get("/arenda/?city=astana")).select_one("a.account-link")["href"]
    assert link == "/accounts/login/?next=/arenda/%3Fcity%3Dastana"
