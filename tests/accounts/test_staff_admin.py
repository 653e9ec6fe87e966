"""Staff in the admin: each role's dashboard and menu; the superuser blocks, unblocks and changes roles,
and every such change lands in the audit log with who and when."""

from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.menu import admin_menu
from wagtail.log_actions import LogContext
from wagtail.models import ModelLogEntry

from accounts import audit, roles
from accounts.access import setup_roles
from agencies.models import AgencyMembership
from catalog.models import (
    BusinessCategory,
    BusinessIndexPage,
    RentalPropertyPage,
)
from tests.accounts.factories import agency, staff
from tests.catalog.factories import BusinessPageFactory, RentalPropertyPageFactory
from tests.factories import SiteFactory, rental_on, rental_references, rentals_index
from tests.utils import visible_text

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def world(db):
    """One account per role: two agencies in a rentals section (two realtors with
    two listings each and an admin in the first, one realtor in the second), a business owner of
    «Skinerica» (one of two partners), an editor, a manager and a customer. Page permissions as setup_roles
    grants them."""
    site = SiteFactory()
    rentals = rentals_index(site)
    agency_a, agency_b = agency("Левый берег", rentals), agency("Правый берег", rentals)
    people = {
        "realtor1": staff(roles.REALTOR, agency=agency_a, first_name="Айгерим", last_name="Сапарова"),
        "realtor2": staff(roles.REALTOR, agency=agency_a, first_name="Ерлан", last_name="Жумабаев"),
        "realtor3": staff(roles.REALTOR, agency=agency_b, first_name="Дана", last_name="Ким"),
        "agency-admin": staff(roles.AGENCY_ADMIN, agency=agency_a, first_name="Марат", last_name="Оспанов"),
        "manager": staff(roles.MANAGER, first_name="Михаил", last_name="Орлов"),
        "editor": staff(roles.EDITOR, first_name="Елена", last_name="Воронцова"),
        "user": staff(roles.USER, first_name="Анна", last_name="Смирнова"),
    }
    for name in ("realtor1", "realtor2", "realtor3"):
        folder = people[name].agency_membership.agency.root_page
        for number in (1, 2):
            rental_on(site, parent=folder, owner=people[name], title=f"Объект {name}-{number}")
    partners = site.root_page.add_child(instance=BusinessIndexPage(title="Партнёры", slug="partnery"))
    business = {
        "city": rental_references()["city"],
        "category": BusinessCategory.objects.create(name="Тестовая", slug="test-category"),
    }
    skinerica = BusinessPageFactory(parent=partners, title="Skinerica", **business)
    other_business = BusinessPageFactory(parent=partners, title="Другой партнёр", **business)
    people["business"] = staff(roles.BUSINESS_OWNER, business=skinerica, first_name="Ольга", last_name="Белова")
    setup_roles()
    return SimpleNamespace(
        people=people, agency_a=agency_a, agency_b=agency_b, skinerica=skinerica, other_business=other_business
    )


@pytest.fixture
def people(world):
    return world.people


@pytest.fixture
def superuser():
    return User.objects.create_superuser(email="root@example.com", password="pw", first_name="Главный")


def dashboard(client, user):
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return visible_text(response), len(queries)


# -- dashboards ------------------------------------------------------------------------------------------------------


def test_realtor_dashboard_lists_their_listings_with_status(client, world, people):
    realtor = people["realtor1"]
    text, _queries = dashboard(client, realtor)
    assert "Мои объекты" in text
    assert f"Агентство «{world.agency_a.name}»" in text
    for page in RentalPropertyPage.objects.filter(owner=realtor):
        assert page.title in text
    assert "опубликован" in text
    colleague = RentalPropertyPage.objects.filter(owner=people["realtor2"]).first()
    assert colleague.title not in text


def test_agency_admin_dashboard_counts_listings_by_realtor(client, people):
    text, _queries = dashboard(client, people["agency-admin"])
    assert "Объекты агентства по риелторам" in text
    assert "Айгерим Сапарова 2 2 0 0" in text  # total, published, drafts, hidden from search
    assert "Ерлан Жумабаев 2 2 0 0" in text
    other_agency = RentalPropertyPage.objects.filter(owner=people["realtor3"]).first()
    assert other_agency.title not in text


def test_manager_dashboard_shows_their_day(client, people):
    from leads.models import ManagerProfile

    manager = people["manager"]
    ManagerProfile.objects.get_or_create(user=manager)
    text, _queries = dashboard(client, manager)
    assert "Мой день" in text
    assert "Встречи сегодня" in text and "Просроченных задач нет" in text


def test_business_owner_dashboard_shows_their_business(client, world, people):
    owner = people["business"]
    text, _queries = dashboard(client, owner)
    assert "Мой бизнес" in text
    assert "Skinerica" in text
    assert world.other_business.title not in text


def test_editor_dashboard_shows_recent_content_edits(client, world, people):
    editor = people["editor"]
    page = world.other_business
    page.save_revision(user=editor, log_action=True)
    text, _queries = dashboard(client, editor)
    assert "Последние правки контента" in text
    assert page.title in text
    assert "Елена Воронцова" in text


def test_superuser_dashboard_shows_roles_and_access_log(client, superuser, people):
    with LogContext(user=superuser):
        roles.set_blocked(people["user"], True)
    text, _queries = dashboard(client, superuser)
    assert "Пользователи и доступ" in text
    # every account in the database counts (the demo's too)
    assert f"Риелтор {User.objects.filter(groups=roles.role_group(roles.REALTOR)).count()}" in text
    assert f"Заблокированы {User.objects.filter(is_active=False).count()}" in text
    assert "Анна Смирнова Пользователь заблокирован Главный" in text


def test_staff_dashboards_make_the_same_number_of_queries_with_more_data(client, world, people):
    realtor, admin = people["realtor1"], people["agency-admin"]
    folder = world.agency_a.root_page
    dashboard(client, realtor)  # warm the caches
    _text, realtor_before = dashboard(client, realtor)
    _text, admin_before = dashboard(client, admin)
    for _ in range(4):
        RentalPropertyPageFactory(parent=folder, owner=realtor, **rental_references())
    newcomer = User.objects.create_user(email="newcomer@example.com", password="pw", first_name="Новый")
    AgencyMembership.objects.create(agency=folder.agency, user=newcomer, role=roles.REALTOR)
    RentalPropertyPageFactory(parent=folder, owner=newcomer, **rental_references())
    text, realtor_after = dashboard(client, realtor)
    assert realtor_after == realtor_before
    assert text.count("Тестовая квартира") == 4
    text, admin_after = dashboard(client, admin)
    assert admin_after == admin_before
    assert "Новый 1 1 0 0" in text


# -- menus -------------------------------------------------------------------------------------------------------------


def menu_names(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return {item.name for item in admin_menu.menu_items_for_request(request)}


def test_each_role_gets_its_menu(people):
    realtor = menu_names(people["realtor1"])
    assert "my_listings" in realtor and "explorer" in realtor
    assert not realtor & {"help", "reports", "documents", "snippets", "my_business"}
    assert "my_listings" in menu_names(people["agency-admin"])
    business = menu_names(people["business"])
    assert "my_business" in business and "my_listings" not in business
    manager = menu_names(people["manager"])
    assert not manager & {"help", "reports", "documents", "explorer", "my_listings"}
    editor = menu_names(people["editor"])
    assert {"explorer", "images", "documents", "snippets"} <= editor
    assert "my_listings" not in editor


def test_my_listings_and_my_business_lead_to_the_right_place(client, world, people):
    client.force_login(people["realtor1"])
    folder = world.agency_a.root_page
    response = client.get(reverse("agencies_admin:my_listings"))
    assert response.url == reverse("wagtailadmin_explore", args=[folder.pk])
    client.force_login(people["business"])
    response = client.get(reverse("catalog_admin:my_business"))
    skinerica = world.skinerica
    assert response.url == reverse("wagtailadmin_pages:edit", args=[skinerica.pk])
    client.force_login(people["manager"])
    response = client.get(reverse("agencies_admin:my_listings"), follow=True)
    assert "Вы не состоите в агентстве" in visible_text(response)


# -- blocking ----------------------------------------------------------------------------------------------------------


def test_superuser_blocks_a_user_who_then_cannot_log_in_and_loses_their_session(client, superuser, people):
    from django.test import Client

    realtor = people["realtor2"]
    realtor.set_password("old-password-123")
    realtor.save()
    theirs = Client()
    theirs.force_login(realtor)
    assert theirs.get(reverse("wagtailadmin_home")).status_code == 200

    client.force_login(superuser)
    url = reverse("accounts_admin:user_block", args=[realtor.pk])
    assert "Заблокировать" in visible_text(client.get(url))
    before = timezone.now()
    response = client.post(url, follow=True)
    assert "заблокирован" in visible_text(response)
    realtor.refresh_from_db()
    assert not realtor.is_active

    entry = ModelLogEntry.objects.get(action=audit.BLOCK, object_id=str(realtor.pk))
    assert entry.user == superuser and entry.timestamp >= before
    assert entry.message == "Пользователь заблокирован"

    # their open session no longer counts, and logging in again shows allauth's "inactive" page
    assert theirs.get(reverse("wagtailadmin_home")).status_code == 302
    response = Client().post(reverse("account_login"), {"login": realtor.email, "password": "old-password-123"})
    assert response.status_code == 302 and response.url == reverse("account_inactive")

    client.post(reverse("accounts_admin:user_unblock", args=[realtor.pk]))
    realtor.refresh_from_db()
    assert realtor.is_active
    assert ModelLogEntry.objects.filter(action=audit.UNBLOCK, object_id=str(realtor.pk), user=superuser).exists()


def test_superuser_cannot_block_themselves_and_others_cannot_block_anyone(client, superuser, people):
    client.force_login(superuser)
    response = client.post(reverse("accounts_admin:user_block", args=[superuser.pk]), follow=True)
    assert "Нельзя заблокировать самого себя" in visible_text(response)
    superuser.refresh_from_db()
    assert superuser.is_active

    target = people["user"]
    client.force_login(people["editor"])
    response = client.post(reverse("accounts_admin:user_block", args=[target.pk]))
    assert response.status_code in (302, 403)
    target.refresh_from_db()
    assert target.is_active
    assert not ModelLogEntry.objects.filter(action=audit.BLOCK, object_id=str(target.pk)).exists()


def test_deactivating_in_wagtails_user_form_or_bulk_action_is_logged_too(client, superuser, people):
    target = people["manager"]
    with LogContext(user=superuser):
        target.is_active = False
        target.save()
    assert ModelLogEntry.objects.filter(action=audit.BLOCK, object_id=str(target.pk), user=superuser).exists()

    other = people["user"]
    client.force_login(superuser)
    url = reverse("wagtail_bulk_action", args=["accounts", "user", "set_active_state"]) + f"?id={other.pk}"
    response = client.post(url, {"mark_as_active": "False"})
    assert response.status_code == 302
    other.refresh_from_db()
    assert not other.is_active
    assert ModelLogEntry.objects.filter(action=audit.BLOCK, object_id=str(other.pk), user=superuser).exists()


# -- roles -------------------------------------------------------------------------------------------------------------


def test_superuser_changes_a_role_and_the_change_is_logged(client, superuser, world, people):
    customer = people["user"]
    agency = world.agency_b
    client.force_login(superuser)
    url = reverse("accounts_admin:user_role", args=[customer.pk])
    response = client.post(url, {"role": roles.REALTOR, "agency": agency.pk}, follow=True)
    assert "теперь: Риелтор" in visible_text(response)
    customer.refresh_from_db()
    assert roles.role_of(customer) == roles.REALTOR
    assert customer.is_staff
    assert set(customer.groups.values_list("name", flat=True)) == {"Риелтор", agency.realtors_group.name}
    logged = ModelLogEntry.objects.filter(object_id=str(customer.pk), user=superuser).order_by("pk")
    messages = [entry.message for entry in logged]
    assert "Снята роль «Пользователь»" in messages
    assert "Назначена роль «Риелтор»" in messages
    assert f"Добавлен в группу «{agency.realtors_group.name}»" in messages

    client.post(url, {"role": roles.MANAGER})
    customer = User.objects.get(pk=customer.pk)
    assert roles.role_of(customer) == roles.MANAGER
    assert not AgencyMembership.objects.filter(user=customer).exists()
    assert set(customer.groups.values_list("name", flat=True)) == {"Менеджер"}

    # the history report shows the entries
    response = client.get(reverse("wagtailadmin_reports:site_history"), {"action": audit.ROLE_ADD})
    assert response.status_code == 200
    assert "Назначена роль «Менеджер»" in visible_text(response)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"role": roles.REALTOR}, "agency", "Выберите агентство"),
        ({"role": roles.AGENCY_ADMIN}, "agency", "Выберите агентство"),
        ({"role": roles.BUSINESS_OWNER}, "business", "Выберите бизнес"),
        ({"role": "pirate"}, "role", "Выберите корректный вариант"),
    ],
)
def test_role_form_refuses_incomplete_input_in_russian_and_changes_nothing(
    client, superuser, people, data, field, message
):
    customer = people["user"]
    groups = set(customer.groups.values_list("pk", flat=True))
    logged = ModelLogEntry.objects.filter(object_id=str(customer.pk), action__in=audit.ACCESS_ACTIONS)
    entries = logged.count()
    client.force_login(superuser)
    response = client.post(reverse("accounts_admin:user_role", args=[customer.pk]), data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert set(customer.groups.values_list("pk", flat=True)) == groups
    assert logged.count() == entries


def test_superuser_cannot_change_their_own_role(client, superuser):
    client.force_login(superuser)
    response = client.post(
        reverse("accounts_admin:user_role", args=[superuser.pk]), {"role": roles.MANAGER}, follow=True
    )
    assert "Свою роль изменить нельзя" in visible_text(response)
    superuser.refresh_from_db()
    assert superuser.is_superuser


def test_user_list_offers_role_and_block_buttons_to_the_superuser(client, superuser, people):
    client.force_login(superuser)
    target = people["realtor3"]
    content = client.get(reverse("wagtailusers_users:index"), {"q": target.email}).content.decode()
    assert reverse("accounts_admin:user_role", args=[target.pk]) in content
    assert reverse("accounts_admin:user_block", args=[target.pk]) in content


def test_roles_come_from_one_table():
    assert roles.GROUP_ROLES == ("user", "manager", "realtor", "agency_admin", "business_owner", "dealer", "editor")
    for code in roles.GROUP_ROLES:
        group = roles.role_group(code)
        perms = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}
        assert set(roles.ROLES[code].permissions) <= perms, code
    assert not roles.role_group(roles.USER).permissions.exists()
    assert {p.codename for p in roles.role_group(roles.MANAGER).permissions.all()} == {
        "access_admin",
        "view_lead",
        "add_lead",
        "view_publication",
        "republish_publication",
    }
    before = {group.pk: group.permissions.count() for group in map(roles.role_group, roles.GROUP_ROLES)}
    from django.apps import apps

    roles.sync_role_groups(apps)
    assert {group.pk: group.permissions.count() for group in map(roles.role_group, roles.GROUP_ROLES)} == before
