"""The Content-Security-Policy in a real browser: an injected script is refused, and the pages of every kind
(catalogs, the lead form, compare and favorites, accounts, the cabinet, a booking, the admin) run without a
single violation; the `new_context` fixture fails a test on any."""

import pytest

from tests.browser.conftest import ADMIN_EMAIL, ADMIN_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

INJECTION = """() => {
  const script = document.createElement("script");
  script.textContent = "window.injected = true";
  document.body.append(script);
  document.body.insertAdjacentHTML("beforeend", '<img src="x" onerror="window.injected = true">');
}"""


def visit(page, url):
    response = page.goto(url)
    assert response.status == 200, url
    page.wait_for_load_state("networkidle")  # deferred scripts and their requests have run


def log_in(page, base):
    page.goto(base + "/accounts/login/")
    page.fill("input[name=login]", ADMIN_EMAIL)
    page.fill("input[name=password]", ADMIN_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Войти", exact=True).click()
    assert "/accounts/login/" not in page.url


def test_an_injected_inline_script_and_handler_are_refused(new_context, demo_server):
    page = new_context().new_page()
    visit(page, f"http://inback.localhost:{demo_server['port']}/")
    with page.expect_console_message(lambda message: message.text.startswith("CSP violation")):
        page.evaluate(INJECTION)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.injected") is None
    assert any("script-src-elem refused inline" in text for text in new_context.violations)
    new_context.violations.clear()  # expected here; any other test fails on one


def test_the_sort_order_applies_on_change(page, demo_server):
    visit(page, f"http://zhilego.localhost:{demo_server['port']}/arenda/")
    values = page.locator("#sort option").evaluate_all("options => options.map(o => o.value)")
    with page.expect_navigation():
        page.select_option("#sort", values[-1])  # static/js/site.js submits the form
    assert f"sort={values[-1]}" in page.url


def test_public_pages_of_every_site_run_without_violations(page, demo_server):
    port = demo_server["port"]
    urls = [
        f"http://localhost:{port}/",
        f"http://inback.localhost:{port}/novostroyki/",
        f"http://inback.localhost:{port}/novostroyki/severnaya-gavan/",
        f"http://inback.localhost:{port}/novostroyki/apartments/",
        f"http://inback.localhost:{port}/novostroyki/compare/",
        f"http://avtofamily.localhost:{port}/cars/",
        f"http://svoykrug.localhost:{port}/partners/",
        f"http://svoykrug.localhost:{port}/events/",
        f"http://zhilego.localhost:{port}/arenda/",
        f"http://zhilego.localhost:{port}/favorites/",
        f"http://zhilego.localhost:{port}/search/?q=астана",
        f"http://zhilego.localhost:{port}/en/",
        f"http://zhilego.localhost:{port}/accounts/login/",
        f"http://zhilego.localhost:{port}/accounts/login/code/",
        f"http://zhilego.localhost:{port}/accounts/signup/",
        f"http://zhilego.localhost:{port}/accounts/password/reset/",
    ]
    for url in urls:
        visit(page, url)
    # a listing card, and comparison by htmx
    visit(page, f"http://inback.localhost:{port}/novostroyki/apartments/")
    with page.expect_navigation():
        page.locator(".listing-card a").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").count() == 1


def test_cabinet_booking_and_admin_run_without_violations(page, demo_server):
    port = demo_server["port"]
    base = f"http://zhilego.localhost:{port}"
    log_in(page, base)
    for path in (
        "/account/",
        "/account/notifications/",
        "/accounts/email/",
        "/accounts/phone/change/",
        "/accounts/2fa/",
    ):
        visit(page, base + path)
    # a booking: the property card's dates form leads to the booking page
    visit(page, base + "/arenda/")
    with page.expect_navigation():
        page.locator(".listing-card a").first.click()
    book_form = page.locator("form.book-form")
    visit(page, base + book_form.get_attribute("action"))
    assert page.locator("main form").count() >= 1

    admin = f"http://localhost:{port}"  # signed in already: the login above went through this central host
    for path in ("/admin/", "/admin/pages/", "/admin/bookings/analytics/", "/admin/calendar/", "/admin/images/"):
        visit(page, admin + path)
    # a page editor: Draftail, choosers, the preview panel
    visit(page, admin + "/admin/pages/search/?q=" + "Северная")
    with page.expect_navigation():
        page.locator("a[href*='/edit/']").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("form[data-edit-form]").count() == 1
