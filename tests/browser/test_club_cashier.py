"""The club's cashier screen in a real browser: the owner of «Лисичкино» types a member's fallback code and the
amount, and the member's points are pending. (The member's home page is another branch's work: the points are
checked on the member's admin row, as the superuser sees it.)"""

import pytest

from tests.browser.conftest import DEMO_PASSWORD
from tests.browser.test_signup import shoot

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

# The member's points pending, her purchases at the cashier, and her card's current fallback code.
MEMBER = (
    "from loyalty import wallet; from loyalty.models import Member; "
    "m = Member.objects.get(user__email='club5@demo.example.com'); "
    "print(m.points_pending, m.purchases.filter(source='cashier').count(), wallet.current_code(m).fallback)"
)


def test_the_cashier_credits_a_purchase_by_the_fallback_code(page, demo_server):
    manage = demo_server["manage"]
    *before, code = manage("shell", "-c", MEMBER).split()[-3:]
    base = f"http://localhost:{demo_server['port']}"
    page.goto(base + "/accounts/login/")
    page.fill("input[name=login]", "cashier@demo.example.com")
    page.fill("input[name=password]", DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Войти", exact=True).click()
    page.goto(base + "/admin/club/cashier/")
    assert "Лисичкино" in page.locator("main").inner_text()

    page.fill("input[name=code]", code)
    page.locator("input[name=amount]").click()  # leaves the code field: the script looks the member up
    member_line = page.locator("[data-cashier-member]", has_text="·")
    member_line.wait_for()
    assert "VIP" in member_line.inner_text(), member_line.inner_text()
    page.fill("input[name=amount]", "3000")
    assert "не больше" in page.locator("[data-cashier-limit]").inner_text()
    shoot(page, "club-cashier")
    with page.expect_navigation():
        page.get_by_role("button", name="Записать покупку").click()
    assert "записана" in page.locator(".messages").inner_text()

    pending, cashier_purchases, _ = manage("shell", "-c", MEMBER).split()[-3:]
    assert float(pending) == pytest.approx(float(before[0]) + 210)  # 7 % of 3000 ₽ at VIP
    assert int(cashier_purchases) == int(before[1]) + 1
