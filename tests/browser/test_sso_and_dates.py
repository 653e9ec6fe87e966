"""In a real browser, with a cookie jar per host as in production: one sign-in for every brand through the central
login and one sign-out (accounts/sso.py), and the rental card's calendar as its date picker (bookings/card.py)."""

import pytest

from tests.browser.conftest import DEMO_PASSWORD as PASSWORD  # set for every demo login when the server starts

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

MEMBER = "user@demo.example.com"


def test_one_sign_in_and_one_sign_out_for_every_brand(new_context, demo_server):
    port = demo_server["port"]
    rentals, realty = f"http://zhilego.localhost:{port}", f"http://inback.localhost:{port}"
    page = new_context(viewport={"width": 1366, "height": 900}, locale="ru-RU").new_page()

    page.goto(rentals + "/arenda/")
    with page.expect_navigation():
        page.locator(".account-link").click()
    assert page.url.startswith(f"http://localhost:{port}/accounts/login/")  # the central login
    page.fill("input[name=login]", MEMBER)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation(url=rentals + "/arenda/"):
        page.get_by_role("button", name="Войти", exact=True).click()
    assert page.locator(".account-link").inner_text() == "Кабинет"

    page.goto(realty + "/")
    assert page.locator(".account-link").inner_text() == "Войти"  # another domain: no session of its own yet
    with page.expect_navigation(url=realty + "/"):
        page.locator(".account-link").click()  # signed in on the central host already: no form
    assert page.locator(".account-link").inner_text() == "Кабинет"

    page.goto(realty + "/accounts/logout/")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    for host in (rentals, realty, f"http://localhost:{port}"):
        page.goto(host + "/")
        assert page.locator(".account-link").inner_text() == "Войти", host


def test_the_calendar_is_the_date_picker(new_context, demo_server):
    page = new_context(viewport={"width": 390, "height": 844}, locale="ru-RU").new_page()
    page.goto(f"http://zhilego.localhost:{demo_server['port']}/arenda/")
    with page.expect_navigation():
        page.locator(".listing-card a").first.click()

    check_in = page.locator("td.day-pick-in a.day-link").nth(3)
    day = check_in.inner_text().split()[0]
    with page.expect_navigation():
        check_in.click()
    assert page.locator("#book-check-in").input_value().endswith(f"-{int(day):02d}")
    assert "выберите в календаре день выезда" in page.locator("#stay").inner_text()

    with page.expect_navigation():
        page.locator("td.day-pick-out a.day-link").nth(1).click()  # two nights
    assert page.locator("#book-check-out").input_value()
    assert "Итого" in page.locator("#stay .stay-total").inner_text()
    assert page.locator("td.day-chosen").count() == 2
    assert page.locator(".booking-bar").is_visible()  # the total stays in view on a phone
