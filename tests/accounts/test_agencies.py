"""Agencies (seed 003, scenarios 9-10): what a realtor and an agency admin can do in the admin, through
Wagtail's own page permissions; and the agencies' part of the public rentals section."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import GroupPagePermission, WorkflowState
from wagtail.test.utils.form_data import querydict_from_html, rich_text

from accounts import roles
from agencies.models import Agency, AgencyFolderPage, AgencyMembership
from catalog.models import City, HousingClass, PropertyType, RentalIndexPage, RentalPropertyPage
from demo import staff as demo
from tests.catalog.factories import RentalPropertyPageFactory
from tests.utils import parse_html

pytestmark = pytest.mark.django_db
HOST = "zhilego.localhost"
User = get_user_model()


def person(name):
    return User.objects.get(email=f"{name}@demo.example.com")


@pytest.fixture
def agency_a():
    return Agency.objects.get(name="Астана Комфорт")


@pytest.fixture
def agency_b():
    return Agency.objects.get(name="Есиль Хоум")


def listing_of(name):
    return RentalPropertyPage.objects.filter(owner=person(name)).order_by("path").first()


def logged_in(client, name):
    client.force_login(person(name))
    return client


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def edit_form(client, page):
    response = client.get(edit_url(page))
    assert response.status_code == 200
    return querydict_from_html(response.content.decode(), form_id="page-edit-form")


# -- the demo's agencies -------------------------------------------------------------------------------------------


def test_demo_agencies_hold_their_realtors_listings(agency_a, agency_b):
    assert set(agency_a.members.values_list("user__email", "role")) == {
        ("realtor1@demo.example.com", roles.REALTOR),
        ("realtor2@demo.example.com", roles.REALTOR),
        ("agency-admin@demo.example.com", roles.AGENCY_ADMIN),
    }
    assert list(agency_b.members.values_list("user__email", flat=True)) == ["realtor3@demo.example.com"]
    for name, agency in [("realtor1", agency_a), ("realtor2", agency_a), ("realtor3", agency_b)]:
        listings = RentalPropertyPage.objects.filter(owner=person(name), locale=agency.root_page.locale)
        assert listings.count() == 2
        assert all(page.is_descendant_of(agency.root_page) for page in listings)
        # A listing's Kazakh and English translations sit under the folder's translations.
        translations = RentalPropertyPage.objects.filter(owner=person(name)).exclude(locale=agency.root_page.locale)
        for page in translations:
            assert page.get_parent().translation_key == agency.root_page.translation_key
    realtor = person("realtor1")
    assert set(realtor.groups.values_list("name", flat=True)) == {"Риелтор", agency_a.realtors_group.name}
    assert roles.role_of(realtor) == roles.REALTOR


def test_agency_folder_grants_and_review_workflow(agency_a):
    grants = GroupPagePermission.objects.filter(page=agency_a.root_page)
    by_group = {}
    for grant in grants.select_related("permission", "group"):
        by_group.setdefault(grant.group_id, set()).add(grant.permission.codename)
    assert by_group == {
        agency_a.realtors_group_id: {"add_page"},
        agency_a.admins_group_id: {"add_page", "change_page", "publish_page", "lock_page", "unlock_page"},
    }
    workflow = listing_of("realtor1").get_workflow()
    assert workflow.name == "Проверка агентства «Астана Комфорт»"
    assert list(workflow.tasks.first().specific.groups.all()) == [agency_a.admins_group]


# -- what a realtor can do -------------------------------------------------------------------------------------------


def test_realtor_adds_a_listing_in_the_agency_folder_and_it_waits_for_review(client, agency_a):
    logged_in(client, "realtor1")
    folder = agency_a.root_page
    url = reverse("wagtailadmin_pages:add", args=["catalog", "rentalpropertypage", folder.pk])
    response = client.get(url)
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    astana = City.objects.get(slug="astana")
    data.update(
        {
            "title": "Студия у Байтерека",
            "slug": "studiya-u-baytereka",
            "city": str(astana.pk),
            "district": str(astana.districts.get(slug="esilskiy").pk),
            "housing_class": str(HousingClass.objects.get(slug="komfort").pk),
            "property_type": str(PropertyType.objects.get(slug="kvartira").pk),
            "rooms": "1",
            "sleeping_places": "2",
            "area": "34",
            "street": "проспект Мангилик Ел",
            "house": "12",
            "description": rich_text("<p>Студия с видом на Байтерек.</p>"),
            "price_per_night": "18000",
            "realtor_phone": "+7 701 123-45-67",
            "action-submit": "action-submit",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    page = RentalPropertyPage.objects.get(slug="studiya-u-baytereka")
    assert page.get_parent().pk == folder.pk
    assert page.owner == person("realtor1")
    assert not page.live  # realtors cannot publish: it waits for the agency admin
    state = WorkflowState.objects.get(object_id=str(page.pk), status=WorkflowState.STATUS_IN_PROGRESS)
    assert list(state.current_task_state.task.specific.groups.all()) == [agency_a.admins_group]


def test_realtor_edits_own_listing_as_a_draft_and_the_agency_admin_publishes_it(client):
    page = listing_of("realtor1")
    price = page.price_per_night
    logged_in(client, "realtor1")
    data = edit_form(client, page)
    data["price_per_night"] = str(price + 1000)
    data["action-publish"] = "action-publish"  # not theirs to do: Wagtail saves a draft instead
    assert client.post(edit_url(page), data).status_code == 302
    page.refresh_from_db()
    assert page.price_per_night == price
    assert page.has_unpublished_changes
    assert page.get_latest_revision().user == person("realtor1")

    logged_in(client, "agency-admin")
    data = edit_form(client, page)
    assert data["price_per_night"] == str(price + 1000)
    data["action-publish"] = "action-publish"
    assert client.post(edit_url(page), data).status_code == 302
    page.refresh_from_db()
    assert page.price_per_night == price + 1000
    assert not page.has_unpublished_changes


def test_realtor_cannot_edit_or_unpublish_a_colleagues_listing(client):
    own, colleagues = listing_of("realtor1"), listing_of("realtor2")
    logged_in(client, "realtor1")
    data = edit_form(client, own)
    data["title"] = "Чужая правка"
    revisions = colleagues.revisions.count()
    response = client.post(edit_url(colleagues), data)
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    assert colleagues.revisions.count() == revisions
    unpublish = reverse("wagtailadmin_pages:unpublish", args=[colleagues.pk])
    assert client.post(unpublish).status_code == 302
    colleagues.refresh_from_db()
    assert colleagues.live and colleagues.title != "Чужая правка"
    # nor their own: unpublishing is publishing work
    client.post(reverse("wagtailadmin_pages:unpublish", args=[own.pk]))
    own.refresh_from_db()
    assert own.live


def test_realtor_cannot_touch_another_agencys_listing(client):
    other = listing_of("realtor3")
    logged_in(client, "realtor1")
    assert client.get(edit_url(other)).status_code == 302
    assert client.post(reverse("wagtailadmin_pages:delete", args=[other.pk])).status_code == 302
    assert RentalPropertyPage.objects.filter(pk=other.pk, live=True).exists()


def test_agency_admin_unpublishes_a_realtors_listing_but_not_another_agencys(client):
    mine, elsewhere = listing_of("realtor2"), listing_of("realtor3")
    logged_in(client, "agency-admin")
    client.post(reverse("wagtailadmin_pages:unpublish", args=[mine.pk]))
    client.post(reverse("wagtailadmin_pages:unpublish", args=[elsewhere.pk]))
    mine.refresh_from_db()
    elsewhere.refresh_from_db()
    assert not mine.live
    assert elsewhere.live


def test_explorer_shows_a_realtor_only_their_own_listings(client, agency_a):
    folder_url = reverse("wagtailadmin_explore", args=[agency_a.root_page_id])
    logged_in(client, "realtor1")
    response = client.get(folder_url)
    assert response.status_code == 200
    shown = {page.pk for page in response.context["pages"]}
    own = RentalPropertyPage.objects.filter(owner=person("realtor1"), locale=agency_a.root_page.locale)
    assert shown == set(own.values_list("pk", flat=True))
    logged_in(client, "agency-admin")
    shown = {page.pk for page in client.get(folder_url).context["pages"]}
    assert shown == set(agency_a.root_page.get_children().values_list("pk", flat=True))
    assert len(shown) == 4


# -- agency records ----------------------------------------------------------------------------------------------------


def test_new_agency_gets_groups_permissions_and_members_follow_membership(agency_b):
    index = RentalIndexPage.objects.get(slug="arenda", locale__language_code="ru")
    folder = index.add_child(instance=AgencyFolderPage(title="Новое агентство", slug="novoe"))
    agency = Agency.objects.create(name="Новое агентство", root_page=folder)
    assert agency.realtors_group.name == "Агентство «Новое агентство»: риелторы"
    assert GroupPagePermission.objects.filter(group=agency.admins_group, page=folder).count() == 5
    newcomer = User.objects.create_user(email="newcomer@example.com", password="pw")
    AgencyMembership.objects.create(agency=agency, user=newcomer, role=roles.AGENCY_ADMIN)
    assert set(newcomer.groups.values_list("name", flat=True)) == {"Администратор агентства", agency.admins_group.name}
    membership = newcomer.agency_membership
    membership.agency, membership.role = agency_b, roles.REALTOR
    membership.save()
    assert set(newcomer.groups.values_list("name", flat=True)) == {
        "Риелтор",
        agency_b.realtors_group.name,
    }
    membership.delete()
    assert set(newcomer.groups.values_list("name", flat=True)) == {"Риелтор"}

    agency.name = "Переименованное"
    agency.save()
    assert Group.objects.filter(name="Агентство «Переименованное»: администраторы").exists()
    group_ids = [agency.realtors_group_id, agency.admins_group_id]
    agency.delete()
    assert not Group.objects.filter(pk__in=group_ids).exists()


def test_agency_snippet_is_for_the_superuser_only(client):
    url = reverse(Agency.snippet_viewset.get_url_name("list"))
    logged_in(client, "agency-admin")
    assert client.get(url).status_code == 302
    client.force_login(User.objects.create_superuser(email="root@example.com", password="pw"))
    response = client.get(url)
    assert response.status_code == 200
    assert "Астана Комфорт" in response.content.decode()


# -- the public side -----------------------------------------------------------------------------------------------


def test_rental_search_finds_listings_inside_agency_folders(client, agency_a):
    index = RentalIndexPage.objects.get(slug="arenda", locale__language_code="ru")
    response = client.get(index.url, HTTP_HOST=HOST)
    found = {page.pk for page in response.context["listings"].paginator.object_list}
    in_folders = RentalPropertyPage.objects.descendant_of(agency_a.root_page).filter(live=True, is_active=True)
    assert in_folders.count() == 4
    assert set(in_folders.values_list("pk", flat=True)) <= found


def test_listing_in_a_folder_has_the_agency_in_its_address_and_serves(client, agency_a):
    page = listing_of("realtor1")
    path = page.get_url_parts()[2]
    assert path == f"/arenda/{agency_a.root_page.slug}/{page.slug}/"
    response = client.get(path, HTTP_HOST=HOST)
    assert response.status_code == 200
    assert response.context["page"].pk == page.pk


def test_agency_page_lists_its_listings_in_constant_queries(client, agency_a):
    folder = agency_a.root_page

    def visit():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(folder.get_url_parts()[2], HTTP_HOST=HOST)
        assert response.status_code == 200
        return response, len(queries)

    visit()  # the first visit makes the card renditions and fills the caches
    response, before = visit()
    titles = [card.get_text(strip=True) for card in parse_html(response).select(".rental-card .card-title")]
    assert len(titles) == 4
    assert folder.title in response.content.decode()
    for _ in range(5):
        RentalPropertyPageFactory(parent=folder)
    response, after = visit()
    assert len(parse_html(response).select(".rental-card")) == 9
    assert after == before


def test_demo_accounts_each_hold_their_role():
    for account in demo.ACCOUNTS:
        assert roles.role_of(User.objects.get(email=account.email)) == account.role, account.email
