"""Sales reports and dashboards: the figures (funnel, sources, stages, managers, time to first contact),
their scopes per role, the CSV / XLSX exports, and query counts that do not grow with the leads."""

import csv
import io
from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts import roles
from leads import reports
from leads.clock import leads_time_zone
from leads.deals import open_deal
from leads.models import Appointment, Lead, LeadSource, LeadStage, LostReason, Task
from leads.pipeline import move_to_stage
from tests.accounts.factories import staff
from tests.factories import SiteFactory
from tests.utils import parse_html

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(make_manager, site):
    def named(user, first_name, last_name):
        user.first_name, user.last_name = first_name, last_name
        user.save(update_fields=["first_name", "last_name"])
        return user

    sites = [site]
    return {
        "anna": named(make_manager("anna@example.com", sites=sites), "Анна", "Белова"),
        "boris": named(make_manager("boris@example.com", sites=sites), "Борис", "Волков"),
        "head": named(make_manager("head@example.com", sites=sites, head=True), "Глеб", "Главный"),
    }


def contacted(lead, after):
    Lead.objects.filter(pk=lead.pk).update(first_contact_at=lead.created_at + after)


def build_history(make_lead, team):
    """Six leads with known paths: the figures below follow from them."""
    anna, boris = team["anna"], team["boris"]
    site = anna.manager_profile.sites.get()

    def make_lead(make=make_lead, **fields):
        return make(site=site, **fields)

    made = []
    # new, untouched
    made.append(make_lead(manager=anna, source=LeadSource.ADS))
    # in work, contacted after 1 h
    lead = make_lead(manager=anna, source=LeadSource.ADS)
    move_to_stage(lead, LeadStage.IN_WORK, by=anna)
    contacted(lead, timedelta(hours=1))
    made.append(lead)
    # meeting, then lost: counts for in work and meeting in the funnel
    lead = make_lead(manager=anna, source=LeadSource.SEARCH)
    for stage in (LeadStage.IN_WORK, LeadStage.MEETING):
        move_to_stage(lead, stage, by=anna)
    move_to_stage(lead, LeadStage.LOST, by=anna, lost_reason=LostReason.PRICE)
    contacted(lead, timedelta(hours=2))
    made.append(lead)
    # won through every stage, contacted after 3 h
    lead = make_lead(manager=boris, source=LeadSource.SEARCH)
    for stage in (LeadStage.IN_WORK, LeadStage.MEETING, LeadStage.DEAL, LeadStage.WON):
        move_to_stage(lead, stage, by=boris)
    contacted(lead, timedelta(hours=3))
    made.append(lead)
    # straight to a meeting (skipping "in work"), contacted after 10 h
    lead = make_lead(manager=boris, source=LeadSource.DIRECT)
    move_to_stage(lead, LeadStage.MEETING, by=boris)
    contacted(lead, timedelta(hours=10))
    made.append(lead)
    # unassigned
    made.append(make_lead(source=LeadSource.DIRECT))
    return made


def table_dict(table):
    return {row[0]: row[1:] for row in table.rows}


def test_the_figures_follow_the_leads_history(make_lead, team):
    made = build_history(make_lead, team)
    leads = reports.in_period(
        Lead.objects.filter(pk__in=[lead.pk for lead in made]), timezone.localdate(), timezone.localdate()
    )

    funnel = table_dict(reports.funnel(leads))
    assert {step: row[0] for step, row in funnel.items()} == {
        "Новая": 6,
        "В работе": 4,  # in work, lost after meeting, won, straight to meeting
        "Назначена встреча": 3,
        "Сделка": 1,
        "Успешно закрыта": 1,
    }
    assert funnel["Назначена встреча"][1:] == [Decimal("50.0"), Decimal("75.0")]

    sources = table_dict(reports.by_source(leads))
    assert sources["Поисковая система"] == [2, 1, Decimal("50.0")]
    assert sources["Реклама"] == [2, 0, Decimal("0.0")]

    stages = table_dict(reports.by_stage(leads))
    assert [stages[label][0] for label in ("Новая", "В работе", "Назначена встреча", "Сделка", "Успешно закрыта")] == [
        2,
        1,
        1,
        0,
        1,
    ]
    assert stages["Отказ"][0] == 1

    managers = table_dict(reports.by_manager(leads))
    assert managers["Анна Белова"] == [3, 2, 0, 1, Decimal("0.0"), Decimal("1.5")]
    assert managers["Борис Волков"] == [2, 1, 1, 0, Decimal("50.0"), Decimal("6.5")]
    assert managers["Не назначен"][0] == 1

    first = table_dict(reports.first_contact(leads))
    assert first["С контактом"] == [4] and first["Без контакта"] == [2]
    assert first["Среднее, ч"] == [Decimal("4.0")]  # (1 + 2 + 3 + 10) / 4
    assert first["Медиана, ч"] == [Decimal("2.5")]  # (2 + 3) / 2


def refused(response):
    """The admin answers a refused view by sending the user back to its home page with a message."""
    return response.status_code == 302 and response.url == reverse("wagtailadmin_home")


def report_url(name, **params):
    from urllib.parse import urlencode

    return reverse(f"leads_reports:{name}") + ("?" + urlencode(params) if params else "")


def test_the_report_is_for_heads_of_sales_and_the_superuser_in_their_scope(client, make_lead, make_manager, team):
    build_history(make_lead, team)
    car_site = SiteFactory()
    car_head = make_manager("carhead@example.com", head=True, sites=[car_site])
    make_lead(site=car_site, name="Покупатель авто", kind="test_drive")

    client.force_login(team["anna"])
    assert refused(client.get(report_url("sales")))
    client.force_login(staff(roles.EDITOR))
    assert refused(client.get(report_url("sales")))

    client.force_login(team["head"])
    response = client.get(report_url("sales"))
    assert response.status_code == 200
    funnel = {row[0]: row[1] for row in response.context["tables"][0].rows}
    assert funnel["Новая"] == 6  # their site only
    # Another site's id in the URL is refused by the form, not shown.
    response = client.get(report_url("sales", site=car_site.pk))
    assert response.status_code == 400
    assert "Выберите корректный вариант" in response.content.decode()

    client.force_login(car_head)
    response = client.get(report_url("sales"))
    assert {row[0]: row[1] for row in response.context["tables"][0].rows}["Новая"] == 1

    client.force_login(get_user_model().objects.create_superuser(email="root@example.com", password="pw"))
    response = client.get(report_url("sales", site=car_site.pk))
    assert {row[0]: row[1] for row in response.context["tables"][0].rows}["Новая"] == 1


def test_bad_periods_get_a_clear_message(client, team):
    client.force_login(team["head"])
    response = client.get(report_url("sales", start="2026-05-10", end="2026-05-01"))
    assert response.status_code == 400
    assert "Дата начала позже даты окончания" in response.content.decode()
    response = client.get(report_url("sales", start="вчера"))
    assert response.status_code == 400


def test_csv_and_xlsx_exports_hold_the_same_tables(client, make_lead, team):
    build_history(make_lead, team)
    client.force_login(team["head"])
    today = timezone.localdate().isoformat()

    response = client.get(report_url("sales", start=today, end=today, export="xlsx"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f'filename="leads-report-{today}-{today}.xlsx"' in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Воронка продаж",
        "Заявки по источникам",
        "Заявки по этапам",
        "Заявки по менеджерам",
        "Время до первого контакта",
    ]
    funnel = list(book["Воронка продаж"].iter_rows(values_only=True))
    assert funnel[0] == ("Шаг", "Заявок", "От всех заявок, %", "От предыдущего шага, %")
    assert funnel[1][:2] == ("Новая", 6) and funnel[3][:2] == ("Назначена встреча", 3)
    managers = {row[0]: row for row in book["Заявки по менеджерам"].iter_rows(values_only=True)}
    assert managers["Борис Волков"][1:5] == (2, 1, 1, 0)
    assert managers["Борис Волков"][6] == pytest.approx(6.5)

    response = client.get(report_url("sales", start=today, end=today, export="csv"))
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == ["Воронка продаж"]
    assert ["Назначена встреча", "3", "50,0", "75,0"] in rows
    assert ["Медиана, ч", "2,5"] in rows


def test_the_report_and_dashboards_do_not_grow_queries_with_leads(client, make_lead, team):
    anna = team["anna"]
    client.force_login(team["head"])

    def measure(url):
        client.get(url)  # warm caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    build_history(make_lead, team)
    small = (measure(report_url("sales")), measure(reverse("wagtailadmin_home")))
    now = timezone.now()
    midnight = datetime.combine(timezone.localdate(now, leads_time_zone()), time(0), tzinfo=leads_time_zone())
    site = anna.manager_profile.sites.get()
    for index in range(15):
        lead = make_lead(site=site, manager=anna, source=LeadSource.SOCIAL, name=f"Клиент {index}")
        move_to_stage(lead, LeadStage.IN_WORK, by=anna)
        # one manager never has two meetings at once (the calendar's constraint): 20 minutes each, all today
        starts = midnight + timedelta(minutes=30 * index)
        Appointment.objects.create(lead=lead, manager=anna, starts_at=starts, ends_at=starts + timedelta(minutes=20))
        Task.objects.create(manager=anna, lead=lead, title=f"Позвонить {index}", due_at=now - timedelta(hours=1))
    large = (measure(report_url("sales")), measure(reverse("wagtailadmin_home")))
    assert large == small

    client.force_login(anna)
    manager_small = measure(reverse("wagtailadmin_home"))
    for index in range(5):
        make_lead(manager=anna, name=f"Новый {index}")
    assert measure(reverse("wagtailadmin_home")) == manager_small


def test_manager_dashboard_shows_own_new_leads_meetings_today_and_overdue_tasks(client, make_lead, team):
    anna, boris = team["anna"], team["boris"]
    now = timezone.now()
    mine = make_lead(manager=anna, name="Мой новый клиент")
    make_lead(manager=boris, name="Чужой клиент")
    in_work = make_lead(manager=anna, name="Клиент на встречу", stage=LeadStage.IN_WORK)
    Appointment.objects.create(
        lead=in_work, manager=anna, starts_at=now, ends_at=now + timedelta(hours=1), place="Офис на Тверской"
    )
    Appointment.objects.create(
        lead=in_work, manager=anna, starts_at=now + timedelta(days=3), ends_at=now + timedelta(days=3, hours=1)
    )
    Task.objects.create(manager=anna, lead=mine, title="Перезвонить вчерашнему", due_at=now - timedelta(days=1))
    Task.objects.create(manager=anna, title="Сделанная", due_at=now - timedelta(days=1), done_at=now)
    Task.objects.create(manager=boris, title="Задача Бориса", due_at=now - timedelta(days=1))

    client.force_login(anna)
    text = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Мой день" in text and "Продажи за 30 дней" not in text
    assert "Мой новый клиент" in text and "Чужой клиент" not in text
    assert "Офис на Тверской" in text
    assert "Перезвонить вчерашнему" in text and "Сделанная" not in text and "Задача Бориса" not in text

    client.force_login(team["head"])
    text = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Продажи за 30 дней" in text and "Воронка продаж" in text


# -- the cashback report ---------------------------------------------------------------------------------------------


def test_cashback_report_totals_filters_and_scopes(client, make_lead, team, apartment, make_rule, site):
    make_rule(2, site=site)
    anna, boris = team["anna"], team["boris"]
    prices = {anna: [Decimal("5000000"), Decimal("7000000")], boris: [Decimal("10000000")]}
    for manager, values in prices.items():
        for price in values:
            lead = make_lead(site=site, manager=manager, stage=LeadStage.IN_WORK, name=f"Покупатель {price}")
            open_deal(lead, by=manager, complex=apartment.complex, price=price)

    client.force_login(anna)
    response = client.get(report_url("cashback"))
    assert response.status_code == 200
    totals = table_dict(response.context["tables"][0])
    assert totals["Всего"] == [2, Decimal("12000000.00"), Decimal("240000.00")]
    assert "Покупатель 10000000" not in response.content.decode()

    client.force_login(team["head"])
    response = client.get(report_url("cashback"))
    assert table_dict(response.context["tables"][0])["Начислен"] == [3, Decimal("22000000.00"), Decimal("440000.00")]
    response = client.get(report_url("cashback", manager=boris.pk, status="accrued"))
    assert table_dict(response.context["tables"][0])["Всего"][0] == 1
    assert client.get(report_url("cashback", status="выплачен")).status_code == 400

    today = timezone.localdate().isoformat()
    response = client.get(report_url("cashback", export="xlsx", start=today, end=today))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Итого по статусам кэшбека", "Сделки и кэшбек"]
    rows = list(book["Сделки и кэшбек"].iter_rows(values_only=True))
    assert len(rows) == 4 and rows[0][9] == "Кэшбек, ₽"
    assert sorted(row[9] for row in rows[1:]) == [100000, 140000, 200000]

    client.force_login(staff(roles.EDITOR))
    assert refused(client.get(report_url("cashback")))


def test_each_row_of_my_day_opens_the_lead(client, make_lead, team):
    anna = team["anna"]
    lead = make_lead(manager=anna, name="Клиент со ссылкой")
    Task.objects.create(manager=anna, lead=lead, title="Перезвонить", due_at=timezone.now() - timedelta(days=1))
    client.force_login(anna)
    page = parse_html(client.get(reverse("wagtailadmin_home")))
    work_view = reverse(Lead.snippet_viewset.get_url_name("inspect"), args=[lead.pk])
    assert page.select_one("#my-new-leads tbody tr a")["href"] == work_view
    assert page.select_one("#my-overdue-tasks tbody tr a")["href"] == work_view
    assert client.get(work_view).status_code == 200
