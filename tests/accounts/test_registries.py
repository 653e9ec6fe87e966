"""The registries accounts offers to higher apps (role scopes, page grants, dashboard panels, cabinet sections):
each app that owns a piece registers it from its AppConfig.ready(), and accounts uses them without importing it."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts import access, dashboard, roles
from accounts.admin_views import RoleForm
from accounts.cabinet.sections import sections
from agencies.dashboard import AgencyListingsPanel, MyListingsPanel
from agencies.roles import grant_agency_pages
from catalog import partners_admin
from home.access import grant_editor_pages
from tests.utils import visible_text

User = get_user_model()


def test_role_scopes_come_from_their_apps_in_the_order_of_the_roles():
    assert [(scope.name, scope.roles) for scope in roles.scopes()] == [
        ("agency", (roles.REALTOR, roles.AGENCY_ADMIN)),
        ("business", (roles.BUSINESS_OWNER,)),
        ("dealer", (roles.DEALER,)),
    ]
    assert list(RoleForm().fields) == ["role", "agency", "business", "dealer"]


@pytest.mark.django_db
def test_set_role_refuses_an_unknown_scope_and_a_missing_one():
    user = User.objects.create_user(email="someone@example.com")
    with pytest.raises(TypeError, match="unknown scopes: shop"):
        roles.set_role(user, roles.EDITOR, shop="x")
    with pytest.raises(ValueError, match="needs agency"):
        roles.set_role(user, roles.REALTOR)
    assert roles.role_of(user) == roles.USER


def test_page_grants_come_from_the_apps_that_own_the_pages():
    assert {grant_editor_pages, partners_admin.review_partner_changes, grant_agency_pages} <= set(access._page_grants)


def test_dashboard_panels_come_from_their_apps():
    assert dashboard.PANELS_BY_ROLE[roles.REALTOR] == [MyListingsPanel]
    assert dashboard.PANELS_BY_ROLE[roles.AGENCY_ADMIN] == [AgencyListingsPanel]
    assert dashboard.PANELS_BY_ROLE[roles.BUSINESS_OWNER] == [partners_admin.MyBusinessPanel]
    dashboard.register_panel(roles.REALTOR, MyListingsPanel)  # registering again changes nothing
    assert dashboard.PANELS_BY_ROLE[roles.REALTOR] == [MyListingsPanel]


def test_cabinet_sections_from_every_app_in_menu_order():
    assert [section.key for section in sections()] == [
        "profile",
        "favorites",
        "history",
        "requests",  # leads
        "bookings",  # bookings
        "cashback",  # leads
        "notifications",  # notifications
        "security",
        "privacy",
    ]
    assert reverse("cabinet:bookings") == "/account/bookings/"
    assert reverse("cabinet:requests") == "/account/requests/"


@pytest.mark.django_db
def test_the_cabinet_menu_lists_every_section_and_marks_the_current_one(client):
    client.force_login(User.objects.create_user(email="guest@example.com", password="pw"))
    response = client.get(reverse("cabinet:bookings"), HTTP_HOST="zhilego.localhost")
    assert response.status_code == 200
    menu = response.content.decode().split('class="cabinet-nav"')[1].split("</nav>")[0]
    for section in sections():
        assert f'href="{reverse(section.url)}"' in menu
    assert f'href="{reverse("cabinet:bookings")}" aria-current="page"' in menu
    assert "Мои бронирования" in visible_text(response)
