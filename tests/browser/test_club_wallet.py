"""The member's wallet in a real browser: the member opens her card on the club's site, the cashier types the
card's fallback code on the cashier screen and records a purchase, and the member's home shows the points
pending. Then the card, installed by its service worker, still shows a code with the network off."""

import time
from decimal import Decimal

import pytest

from tests.browser.conftest import DEMO_PASSWORD
from tests.browser.test_signup import shoot


def wait_until(page, predicate, timeout=15.0):
    """Poll `predicate` (a JS function) until it is true. page.wait_for_function would compile the predicate with
    eval inside the page, which the Content-Security-Policy refuses; page.evaluate does not."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(predicate):
        assert time.monotonic() < deadline, f"still false after {timeout} s: {predicate}"
        page.wait_for_timeout(200)


pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def number(text):
    """«1 234,50» → Decimal("1234.50")"""
    return Decimal(text.replace("\u00a0", "").replace(" ", "").replace(",", ".").strip())


def log_in(page, base, email):
    page.goto(base + "/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Войти", exact=True).click()


def test_the_member_shows_her_card_and_the_cashier_credits_her(new_context, demo_server):
    port = demo_server["port"]
    club = f"http://svoykrug.localhost:{port}"

    member = new_context(viewport={"width": 390, "height": 844}, locale="ru-RU").new_page()
    log_in(member, club, "member@demo.example.com")
    member.goto(club + "/club/")
    pending_before = number(member.locator("[data-balance-pending]").inner_text())
    rate = Decimal(member.locator(".club-tier-line").inner_text().split("%")[0].split()[-1].replace(",", "."))
    member.goto(club + "/club/card/")
    assert member.locator(".club-qr svg").count() == 1
    fallback = member.locator("[data-fallback]").inner_text().replace(" ", "")
    assert fallback.isdigit() and len(fallback) >= 8
    shoot(member, "club-card")

    cashier = new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU").new_page()
    log_in(cashier, f"http://localhost:{port}", "cashier@demo.example.com")
    cashier.goto(f"http://localhost:{port}/admin/club/cashier/")
    cashier.fill("input[name=code]", fallback)
    cashier.locator("input[name=amount]").click()  # leaves the code field: the script looks the member up
    cashier.locator("[data-cashier-member]", has_text="·").wait_for()
    cashier.fill("input[name=amount]", "3000")
    with cashier.expect_navigation():
        cashier.get_by_role("button", name="Записать покупку").click()
    assert "записана" in cashier.locator(".messages").inner_text()

    member.goto(club + "/club/")
    pending_after = number(member.locator("[data-balance-pending]").inner_text())
    assert pending_after - pending_before == (Decimal(3000) * rate / 100).quantize(Decimal("0.01"))
    assert "Лисичкино" in member.locator("#history").inner_text()

    # The service worker keeps the card and its codes: offline, the card still shows a code.
    member.goto(club + "/club/card/")
    wait_until(member, "() => navigator.serviceWorker && navigator.serviceWorker.controller !== null")
    member.reload()
    wait_until(member, "() => caches.open('svoykrug-card-v1').then(c => c.match('/club/card/codes/')).then(r => !!r)")
    member.context.set_offline(True)
    member.reload()
    wait_until(member, "() => document.querySelector('[data-wallet]').classList.contains('is-offline')")
    shown = member.locator("[data-fallback]").inner_text().replace(" ", "")
    assert shown.isdigit() and shown[:4] == fallback[:4]
    assert member.locator(".club-qr svg").count() == 1
    member.context.set_offline(False)
