"""The lead form with htmx in a real browser: errors and the thank-you note swap in place, no page load."""

import pytest

from tests.browser.test_pages import shoot

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_a_visitor_asks_for_a_callback_on_a_complex_page(page, demo_server):
    base = f"http://inback.localhost:{demo_server['port']}"
    page.goto(base + "/novostroyki/severnaya-gavan/")
    box = page.locator("details.lead-box-callback")
    box.locator("summary").click()
    form = box.locator("form.lead-form")
    form.locator("input[name=name]").fill("Анна")
    form.locator("input[name=phone]").fill("12345")
    page.evaluate("window.leadPageMarker = 'still here'")  # gone if the page reloads
    form.get_by_role("button", name="Перезвоните мне").click()
    error = box.locator(".errorlist", has_text="Введите номер телефона полностью")
    error.first.wait_for()
    assert box.locator(".errorlist", has_text="дайте согласие").count() == 1
    box.locator("input[name=phone]").fill("8 900 123-45-67")
    box.locator("input[name=consent]").check()
    box.get_by_role("button", name="Перезвоните мне").click()
    thanks = box.locator(".lead-thanks")
    thanks.wait_for()
    assert "принята" in thanks.inner_text()
    assert page.evaluate("window.leadPageMarker") == "still here"
    shoot(page, "lead-form-thanks")
