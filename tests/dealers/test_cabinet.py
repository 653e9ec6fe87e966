"""The dealer cabinet: the dealer's ads only, with status, the moderator's comment, views, requests and test drives
of a period; the change log; the report as CSV and XLSX; a fixed number of queries. And the view counter."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import Site

from accounts import roles
from dealers.models import AdViewDay
from leads.models import LeadKind
from tests.accounts.factories import staff
from tests.catalog.factories import CarAdPageFactory
from tests.dealers.factories import CARS_HOST, dealer, draft_ad, member, submit
from tests.leads.factories import LeadFactory

pytestmark = pytest.mark.django_db

CABINET = "dealers_admin:cabinet"


@pytest.fixture
def north():
    return dealer("Кабинет Север")


@pytest.fixture
def seller(north):
    return member(north, email="cabinet-seller@example.com")


@pytest.fixture
def live_ad(north, seller):
    ad = CarAdPageFactory(parent=north.root_page, title="Skoda Octavia 1.4 AMT, 2019")
    ad.save_revision(user=seller).publish(skip_permission_checks=True)
    return ad


def lead(ad, kind=LeadKind.CONSULTATION):
    return LeadFactory(site=Site.objects.get(hostname=CARS_HOST), kind=kind, listing=ad, listing_title=ad.title)


def cabinet(client, user, **params):
    client.force_login(user)
    return client.get(reverse(CABINET), params)


def test_the_cabinet_lists_the_dealers_ads_with_status_views_requests_and_test_drives(client, north, seller, live_ad):
    waiting = draft_ad(north, seller, title="Hyundai Solaris на проверке")
    submit(waiting, seller)
    other = dealer("Кабинет Юг")
    CarAdPageFactory(parent=other.root_page, title="Чужое объявление")
    today = timezone.localdate()
    AdViewDay.objects.create(page=live_ad, day=today, views=7)
    AdViewDay.objects.create(page=live_ad, day=today - timedelta(days=60), views=100)  # before the period
    lead(live_ad)
    lead(live_ad, LeadKind.TEST_DRIVE)

    response = cabinet(client, seller)

    assert response.status_code == 200
    rows = {row.ad.title: row for row in response.context["report"].rows}
    assert set(rows) == {"Skoda Octavia 1.4 AMT, 2019", "Hyundai Solaris на проверке"}
    assert rows["Skoda Octavia 1.4 AMT, 2019"].counts == {"views": 7, "requests": 2, "test_drives": 1}
    assert str(rows["Hyundai Solaris на проверке"].status) == "на модерации"
    assert str(rows["Skoda Octavia 1.4 AMT, 2019"].status) == "опубликовано"
    assert "Чужое объявление" not in response.content.decode()


def test_the_moderators_comment_and_the_log_reach_the_dealer(client, north, seller):
    ad = draft_ad(north, seller, title="Lada Vesta с замечанием")
    state = submit(ad, seller)
    moderator = staff(roles.EDITOR, email="cabinet-moderator@example.com")
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state.specific, moderator, "reject", comment="Нет фото салона.")

    response = cabinet(client, seller)

    row = next(row for row in response.context["report"].rows if row.ad.pk == ad.pk)
    assert str(row.status) == "нужны правки"
    assert row.comment == "Нет фото салона."
    log = list(response.context["log"])
    reject = next(entry for entry in log if entry.action == "wagtail.workflow.reject")
    assert (reject.user, reject.comment, reject.page_id) == (moderator, "Нет фото салона.", ad.pk)
    assert {entry.page_id for entry in log} <= {ad.pk, north.root_page_id}


def test_the_report_downloads_as_csv_and_xlsx_for_the_chosen_period(client, north, seller, live_ad):
    AdViewDay.objects.create(page=live_ad, day=timezone.localdate().replace(day=1) - timedelta(days=40), views=5)
    day = AdViewDay.objects.get(page=live_ad, views=5).day
    period = {"start": day.isoformat(), "end": day.isoformat()}

    response = cabinet(client, seller, export="csv", **period)
    assert response["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert lines[1] == ["Объявление", "VIN", "Цена", "Статус", "Просмотры", "Заявки", "Тест-драйвы"]
    assert lines[2][0] == live_ad.title
    assert lines[2][4:] == ["5", "0", "0"]

    response = cabinet(client, seller, export="xlsx", **period)
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[2]][4:] == [5, 0, 0]


def test_the_cabinet_makes_the_same_number_of_queries_for_one_ad_and_for_ten(client, north, seller, live_ad):
    lead(live_ad)
    submit(draft_ad(north, seller), seller)
    client.force_login(seller)
    url = reverse(CABINET)
    client.get(url)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = count()
    for number in range(9):
        ad = CarAdPageFactory(parent=north.root_page)
        lead(ad, LeadKind.TEST_DRIVE)
        AdViewDay.count(ad.pk)
        if number % 2:
            submit(draft_ad(north, seller), seller)
    assert count() == few


def test_only_a_dealers_member_opens_the_cabinet_and_the_superuser_any_dealers(client, north, live_ad):
    editor = staff(roles.EDITOR, email="cabinet-editor@example.com")
    response = cabinet(client, editor)
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    superuser = staff(roles.SUPERUSER, email="cabinet-root@example.com")
    response = cabinet(client, superuser, dealer=north.pk)
    assert [row.ad.pk for row in response.context["report"].rows] == [live_ad.pk]
    assert cabinet(client, superuser).status_code == 404


def test_a_visit_to_a_live_ad_counts_one_view_and_a_preview_none(client, live_ad, seller):
    url = live_ad.get_url(request=None)
    for _ in range(2):
        assert client.get(url, HTTP_HOST=CARS_HOST).status_code == 200
    assert AdViewDay.objects.get(page=live_ad, day=timezone.localdate()).views == 2
    client.force_login(seller)
    client.get(reverse("wagtailadmin_pages:view_draft", args=[live_ad.pk]))  # a preview is not a view
    assert AdViewDay.objects.get(page=live_ad, day=timezone.localdate()).views == 2


def test_the_dealers_dashboard_counts_their_ads_and_the_menu_leads_to_the_cabinet(client, north, seller, live_ad):
    submit(draft_ad(north, seller), seller)
    client.force_login(seller)
    content = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "всего объявлений 2, опубликовано 1, на модерации 1, нужны правки 0" in content
    assert reverse(CABINET) in content
    response = client.get(reverse("dealers_admin:my_ads"))
    assert response["Location"] == reverse("wagtailadmin_explore", args=[north.root_page_id])


def test_a_dealers_live_ad_is_listed_in_the_brands_catalog_and_its_own(client, north, live_ad):
    client.defaults["HTTP_HOST"] = CARS_HOST
    main = client.get(north.root_page.get_parent().url)
    own = client.get(north.root_page.url)
    assert live_ad.title in main.text and live_ad.title in own.text
    assert client.get(live_ad.url).status_code == 200
