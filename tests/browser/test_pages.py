"""What a person sees in a real browser: portal, a brand home page, a blog post, the admin login."""

from pathlib import Path

import pytest

from tests.browser.conftest import ADMIN_EMAIL, ADMIN_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def shoot(page, name):
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def images_loaded(page, selector):
    return page.eval_on_selector_all(selector, "imgs => imgs.length > 0 && imgs.every(i => i.naturalWidth > 0)")


def test_portal_shows_every_brand_and_leads_to_one(page, demo_server):
    page.goto(demo_server["url"] + "/")
    assert page.locator("h1").inner_text() == "Платформа брендов"
    cards = page.locator(".brand-card")
    assert cards.count() == 4
    assert {name.strip() for name in page.locator(".brand-card .card-title").all_inner_texts()} == {
        "InBack",
        "Avtofamily",
        "Свой Круг",
        "ЖильеGO",
    }
    shoot(page, "portal")
    with page.expect_navigation():
        page.locator(".brand-card a", has_text="InBack").click()
    assert page.url == f"http://inback.localhost:{demo_server['port']}/"
    assert page.locator(".brand-name").inner_text() == "InBack"


def test_brand_home_page_in_brand_colours_with_navigation(page, demo_server):
    page.goto(f"http://avtofamily.localhost:{demo_server['port']}/")
    nav = page.get_by_role("navigation", name="Главное меню")
    assert nav.get_by_role("link").all_inner_texts() == ["Автомобили", "О компании", "Блог", "Контакты"]
    header_colour = page.eval_on_selector(".site-header", "el => getComputedStyle(el).backgroundColor")
    assert header_colour == "rgb(31, 41, 51)"  # Avtofamily's #1F2933
    assert images_loaded(page, ".home-hero img")  # the hero block over the search (home/blocks.py)
    assert page.locator(".post-card").count() == 3
    # keyboard users can skip straight to the content
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    shoot(page, "avtofamily-home")


def test_blog_post_reads_well(page, demo_server):
    page.goto(f"http://zhilego.localhost:{demo_server['port']}/blog/")
    first_title = page.locator(".post-card .card-title").first.inner_text()
    with page.expect_navigation():
        page.locator(".post-card a").first.click()
    assert page.locator("h1").inner_text() == first_title
    assert images_loaded(page, "article picture img")
    crumbs = page.get_by_role("navigation", name="Навигационная цепочка").get_by_role("link").all_inner_texts()
    assert crumbs == ["Главная", "Блог"]
    assert page.locator(".tag-list a").count() >= 2
    shoot(page, "zhilego-post")


def test_phone_width_has_no_sideways_scrolling(new_context, demo_server):
    page = new_context(viewport={"width": 375, "height": 740}, is_mobile=True).new_page()
    page.goto(f"http://inback.localhost:{demo_server['port']}/blog/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shoot(page, "inback-blog-phone")


def test_phone_width_folds_the_menu_behind_a_button_and_gives_search_a_row(new_context, demo_server):
    page = new_context(viewport={"width": 390, "height": 740}, is_mobile=True).new_page()
    page.goto(f"http://inback.localhost:{demo_server['port']}/")
    menu = page.get_by_role("navigation", name="Главное меню")
    toggle = page.get_by_role("button", name="Меню")
    assert menu.is_hidden() and toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    assert menu.is_visible() and toggle.get_attribute("aria-expanded") == "true"
    assert menu.get_by_role("link", name="Блог").is_visible()
    assert page.locator("#site-search").bounding_box()["width"] > 250  # not squeezed beside the other tools
    shoot(page, "inback-menu-phone")


def test_language_switcher_opens_the_english_home(page, demo_server):
    page.goto(f"http://inback.localhost:{demo_server['port']}/")
    with page.expect_navigation():
        page.get_by_role("navigation", name="Язык").get_by_role("link", name="EN").click()
    assert page.url.endswith("/en/")
    assert page.locator("h1").inner_text() == "New-build apartments with cashback"  # the hero of demo/homes.py
    assert page.locator("html").get_attribute("lang") == "en"


def test_admin_login_with_printed_credentials(page, demo_server):
    page.goto(demo_server["url"] + "/admin/")
    assert "/accounts/login/" in page.url  # the admin signs in through the site's login page
    assert page.locator("h1").inner_text() == "Вход"
    page.fill("input[name=login]", ADMIN_EMAIL)
    page.fill("input[name=password]", "wrong-password")
    with page.expect_navigation():
        page.get_by_role("button", name="Войти", exact=True).click()
    assert "/accounts/login/" in page.url
    assert page.locator(".errorlist").inner_text() == "Неверный email или пароль."
    page.fill("input[name=password]", ADMIN_PASSWORD)
    page.get_by_role("button", name="Войти", exact=True).click()
    page.wait_for_url("**/admin/")
    assert page.locator("main h1").inner_text() == "Платформа брендов"
    page.wait_for_selector("#wagtail-sidebar >> text=Страницы", state="visible")
    shoot(page, "admin-dashboard")


def test_rental_search_and_favorite_heart(page, demo_server):
    base = f"http://zhilego.localhost:{demo_server['port']}"
    page.goto(base + "/arenda/")
    page.get_by_label("2", exact=True).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Показать").click()
    assert "rooms=2" in page.url
    heading = page.locator("#results-title").inner_text()
    assert heading.startswith("Найдено") or heading.startswith("Найден")
    first_card = page.locator(".listing-card").first
    title = first_card.locator(".card-title").inner_text()
    heart = first_card.locator(".favorite-button")
    assert heart.get_attribute("aria-pressed") == "false"
    heart.click()  # htmx swaps the button in place, no page load
    page.wait_for_selector(".listing-card >> nth=0 >> .favorite-button[aria-pressed=true]")
    assert "rooms=2" in page.url
    shoot(page, "zhilego-search")
    page.goto(base + "/favorites/")
    assert page.locator("#favorite-list .card-title").all_inner_texts() == [title]
