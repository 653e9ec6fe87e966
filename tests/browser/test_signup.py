"""Sign-up by phone in a real browser: the SMS code arrives at the fake SMS.ru and opens the account."""

import re
from pathlib import Path

import pytest

from tests.fakes.sms_ru import sent_messages

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def shoot(page, name):
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_signup_by_phone_with_sms_code(page, demo_server, sms_server):
    base = f"http://zhilego.localhost:{demo_server['port']}"
    page.goto(base + "/accounts/signup/")
    assert page.locator("h1").inner_text() == "Регистрация"
    page.fill("input[name=phone]", "8 701 555 77 01")
    page.fill("input[name=password1]", "Степь-и-ветер-2024")
    page.fill("input[name=password2]", "Степь-и-ветер-2024")
    shoot(page, "signup-phone")
    with page.expect_navigation():
        page.get_by_role("button", name="Зарегистрироваться").click()

    assert page.url.endswith("/accounts/phone/verify/")
    assert "+77015557701" in page.locator("main").inner_text()
    phone, text = sent_messages(sms_server)[-1]
    assert phone == "77015557701"
    code = re.search(r"\d{6}", text).group()

    page.fill("input[name=code]", "000000" if code != "000000" else "111111")
    with page.expect_navigation():
        page.get_by_role("button", name="Подтвердить").click()
    assert "Неверный код" in page.locator(".errorlist").inner_text()
    shoot(page, "signup-wrong-code")

    page.fill("input[name=code]", code)
    with page.expect_navigation():
        page.get_by_role("button", name="Подтвердить").click()
    assert page.url == base + "/"
    assert page.locator(".account-link").inner_text() == "Кабинет"
