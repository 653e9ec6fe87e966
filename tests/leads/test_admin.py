"""The CRM in the admin: who sees which lead (list, work view, board), the actions, and query counts."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import roles
from leads.models import Interaction, InteractionKind, Lead, LeadSource, LeadStage, LostReason
from leads.pipeline import move_to_stage
from tests.factories import SiteFactory
from tests.utils import parse_html

pytestmark = pytest.mark.django_db
User = get_user_model()

LIST = "/admin/snippets/leads/lead/"
BOARD = "/admin/leads_board/"


def work_url(lead):
    return f"/admin/snippets/leads/lead/inspect/{lead.pk}/"


@pytest.fixture
def cars_site(db):
    return SiteFactory(site_name="Автосалон")


def named(user, first_name, last_name):
    user.first_name, user.last_name = first_name, last_name
    user.save(update_fields=["first_name", "last_name"])
    return user


@pytest.fixture
def crm(make_manager, make_lead, cars_site, site):
    """Two managers and a head of sales on InBack, a head of sales on Avtofamily, an editor, a superuser."""
    people = {
        "manager": named(make_manager("m1@example.com"), "Мария", "Первая"),
        "other_manager": named(make_manager("m2@example.com"), "Олег", "Второй"),
        "head": make_manager("head@example.com", head=True),
        "other_head": make_manager("cars-head@example.com", head=True, sites=[cars_site]),
        "superuser": User.objects.create_superuser(email="root@example.com", password="pw"),
    }
    editor = User.objects.create_user(email="crm-editor@example.com", password="pw")
    roles.set_role(editor, roles.EDITOR)
    people["editor"] = editor
    leads = {
        "own": make_lead(name="Клиент Первой", manager=people["manager"]),
        "colleague": make_lead(name="Клиент Второго", phone="+79002222222", manager=people["other_manager"]),
        "cars": make_lead(name="Покупатель Авто", phone="+79003333333", site=cars_site),
    }
    return people, leads


# who sees which lead: list, work view and board
SCOPES = {
    "manager": {"own"},
    "other_manager": {"colleague"},
    "head": {"own", "colleague"},
    "other_head": {"cars"},
    "superuser": {"own", "colleague", "cars"},
}


@pytest.mark.parametrize("role", [*SCOPES, "editor"])
def test_each_role_sees_exactly_its_leads_in_the_list_the_work_view_and_the_board(client, crm, role):
    people, leads = crm
    client.force_login(people[role])
    visible = SCOPES.get(role, set())
    listing = client.get(LIST)
    board = client.get(BOARD)
    if role == "editor":
        assert listing.status_code != 200 and board.status_code != 200
    else:
        assert listing.status_code == 200 and board.status_code == 200
        for key, lead in leads.items():
            assert (lead.name in listing.content.decode()) == (key in visible), (role, key)
            assert (lead.name in board.content.decode()) == (key in visible), (role, key)
    for key, lead in leads.items():
        status = client.get(work_url(lead)).status_code
        assert (status == 200) == (key in visible), (role, key, status)
        if key not in visible and role != "editor":
            assert status == 404
            assert client.get(f"/admin/snippets/leads/lead/history/{lead.pk}/").status_code == 404


def test_a_manager_logs_a_call_a_message_and_a_note_and_they_show_in_the_history(client, crm):
    people, leads = crm
    lead = leads["own"]
    client.force_login(people["manager"])
    response = client.post(work_url(lead), {"action": "contact", "kind": "call", "outcome": "answered", "text": "Ок"})
    assert response.status_code == 302
    client.post(work_url(lead), {"action": "contact", "kind": "message", "direction": "in"})
    client.post(work_url(lead), {"action": "contact", "kind": "note", "text": "Перезвонить в пятницу"})
    lead.refresh_from_db()
    history = list(lead.interactions.values_list("kind", "author__email", "data"))
    assert history == [
        ("call", "m1@example.com", {"outcome": "answered"}),
        ("message", "m1@example.com", {"direction": "in"}),
        ("note", "m1@example.com", {}),
    ]
    assert lead.first_contact_at is not None
    assert {reason["rule"] for reason in lead.score_reasons} >= {"answered_call", "reply"}
    page = client.get(work_url(lead)).content.decode()
    assert "Перезвонить в пятницу" in page and "Дозвонился" in page and "Клиент ответил" in page
    assert "Ответил на звонок" in page  # a score reason


def test_bad_contact_forms_are_refused_with_a_message_and_write_nothing(client, crm):
    people, leads = crm
    lead = leads["own"]
    client.force_login(people["manager"])
    for data in (
        {"action": "contact", "kind": "call"},  # no outcome
        {"action": "contact", "kind": "note", "text": "  "},
        {"action": "contact", "kind": "stage"},
        {"action": "explode"},
    ):
        response = client.post(work_url(lead), data)
        assert response.status_code == 400, data
    refused = client.post(work_url(lead), {"action": "contact", "kind": "call"})
    assert "Укажите, удалось ли дозвониться." in refused.content.decode()
    assert not lead.interactions.exists()


def test_stage_moves_follow_the_pipeline_and_refused_moves_say_why(client, crm):
    people, leads = crm
    lead = leads["own"]
    client.force_login(people["manager"])

    refused = client.post(work_url(lead), {"action": "move", "stage": "won"})
    assert refused.status_code == 400
    assert "Нельзя перевести заявку из этапа «Новая» в «Успешно закрыта»." in refused.content.decode()
    no_reason = client.post(work_url(lead), {"action": "move", "stage": "lost"})
    assert no_reason.status_code == 400 and "Укажите причину отказа." in no_reason.content.decode()
    lead.refresh_from_db()
    assert lead.stage == LeadStage.NEW and not lead.interactions.exists()

    assert client.post(work_url(lead), {"action": "move", "stage": "in_work"}).status_code == 302
    response = client.post(work_url(lead), {"action": "move", "stage": "lost", "lost_reason": "price"}, follow=True)
    assert "Заявка переведена в этап «Отказ»." in response.content.decode()
    lead.refresh_from_db()
    assert (lead.stage, lead.lost_reason) == (LeadStage.LOST, LostReason.PRICE)
    moves = list(lead.interactions.filter(kind=InteractionKind.STAGE).values_list("data__to", "author__email"))
    assert moves == [("in_work", "m1@example.com"), ("lost", "m1@example.com")]


def test_nobody_works_a_lead_outside_their_scope_by_changing_the_id(client, crm):
    people, leads = crm
    colleague_lead = leads["colleague"]
    for role in ("manager", "other_head", "editor"):
        client.force_login(people[role])
        for data in (
            {"action": "move", "stage": "in_work"},
            {"action": "contact", "kind": "note", "text": "чужая"},
            {"action": "reassign", "manager": people[role].pk},
        ):
            assert client.post(work_url(colleague_lead), data).status_code in (302, 403, 404)
    colleague_lead.refresh_from_db()
    assert colleague_lead.stage == LeadStage.NEW
    assert colleague_lead.manager == people["other_manager"]
    assert not colleague_lead.interactions.exists()


def test_only_the_head_of_the_site_and_the_superuser_reassign_and_only_to_the_sites_active_managers(
    client, crm, make_manager, cars_site
):
    people, leads = crm
    lead = leads["own"]

    client.force_login(people["manager"])
    refused = client.post(work_url(lead), {"action": "reassign", "manager": people["other_manager"].pk})
    assert refused.status_code == 400
    assert "руководитель отдела продаж" in refused.content.decode()
    assert "Передать другому менеджеру" not in client.get(work_url(lead)).content.decode()

    client.force_login(people["head"])
    cars_manager = make_manager("cars-m@example.com", sites=[cars_site])
    off_duty = make_manager("off@example.com", is_active=False)
    for wrong in (cars_manager, off_duty, people["manager"]):
        response = client.post(work_url(lead), {"action": "reassign", "manager": wrong.pk})
        assert response.status_code == 400
        assert "Выберите менеджера, который принимает заявки этого сайта." in response.content.decode()
    lead.refresh_from_db()
    assert lead.manager == people["manager"]

    response = client.post(work_url(lead), {"action": "reassign", "manager": people["other_manager"].pk})
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.manager == people["other_manager"]
    line = lead.interactions.get(kind=InteractionKind.ASSIGNMENT)
    assert (line.author, line.data["from"], line.data["to"]) == (
        people["head"],
        people["manager"].pk,
        people["other_manager"].pk,
    )
    assert "Мария Первая → Олег Второй" in line.text

    client.force_login(people["superuser"])
    assert client.post(work_url(lead), {"action": "reassign", "manager": people["manager"].pk}).status_code == 302
    lead.refresh_from_db()
    assert lead.manager == people["manager"]


def test_a_move_from_the_board_comes_back_to_the_board_and_a_refusal_is_a_message(client, crm):
    people, leads = crm
    lead = leads["own"]
    client.force_login(people["manager"])
    board = client.get(BOARD).content.decode()
    assert f'data-lead="{lead.pk}"' in board
    back = f"{BOARD}?site={lead.site_id}"
    response = client.post(work_url(lead), {"action": "move", "stage": "in_work", "next": back})
    assert response.status_code == 302 and response.url == back
    response = client.post(work_url(lead), {"action": "move", "stage": "won", "next": back}, follow=True)
    assert "Нельзя перевести заявку" in response.content.decode()
    response = client.post(work_url(lead), {"action": "move", "stage": "meeting", "next": "https://evil.example/"})
    assert response.url == work_url(lead)
    lead.refresh_from_db()
    assert lead.stage == LeadStage.MEETING


def test_filters_and_search_narrow_the_list(client, crm, make_lead):
    people, leads = crm
    make_lead(name="Звонивший", phone="+79005556677", source=LeadSource.PHONE, manager=people["manager"])
    client.force_login(people["superuser"])
    names = lambda response: {lead.name for lead in response.context["object_list"]}  # noqa: E731
    assert names(client.get(LIST, {"source": "phone"})) == {"Звонивший"}
    assert names(client.get(LIST, {"manager": people["other_manager"].pk})) == {"Клиент Второго"}
    assert names(client.get(LIST, {"site": leads["cars"].site_id})) == {"Покупатель Авто"}
    assert names(client.get(LIST, {"q": "5556677"})) == {"Звонивший"}
    assert "Звонивший" in names(client.get(LIST, {"stage": ["new"], "ordering": "-score"}))


def make_leads_in_every_stage(make_lead, manager, count):
    for i in range(count):
        lead = make_lead(name=f"Заявка {i}", phone=f"+7900100{i:04d}", manager=manager)
        target = list(LeadStage)[i % len(LeadStage)]
        if target == LeadStage.NEW:
            continue
        path = {
            LeadStage.IN_WORK: ["in_work"],
            LeadStage.MEETING: ["meeting"],
            LeadStage.DEAL: ["in_work", "deal"],
            LeadStage.WON: ["in_work", "deal", "won"],
            LeadStage.LOST: ["lost"],
        }[target]
        for stage in path:
            move_to_stage(lead, stage, lost_reason="price" if stage == "lost" else "")


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", [LIST, BOARD])
def test_list_and_board_take_the_same_number_of_queries_for_12_and_36_leads(client, crm, make_lead, site, url):
    people, _ = crm
    client.force_login(people["head"])
    make_leads_in_every_stage(make_lead, people["manager"], 12)
    small = queries_for(client, url)
    make_leads_in_every_stage(make_lead, people["other_manager"], 24)
    assert Lead.objects.filter(site=site).count() == 38
    large = queries_for(client, url)
    assert large == small


def test_a_manager_records_a_phone_lead_and_nothing_else_can_be_created_by_hand(client, crm, site):
    people, _ = crm
    client.force_login(people["manager"])
    add = "/admin/snippets/leads/lead/add/"
    form = client.get(add)
    assert form.status_code == 200 and "source" not in form.context["form"].fields
    data = {"site": site.pk, "kind": "callback", "name": "Пётр", "phone": "8 916 123-45-67"}
    refused = client.post(add, data)
    assert "Без согласия клиента заявку сохранить нельзя" in refused.content.decode()
    assert not Lead.objects.filter(name="Пётр").exists()

    response = client.post(add, {**data, "consent": "on", "source": "ads", "manager": people["other_manager"].pk})
    lead = Lead.objects.get(name="Пётр")
    assert response.url == work_url(lead)
    assert (lead.source, lead.phone, lead.manager) == (LeadSource.PHONE, "+79161234567", people["manager"])
    assert lead.first_contact_at is not None and lead.score > 0
    assert list(lead.interactions.values_list("kind", flat=True)) == ["request", "assignment", "call"]

    for url in (f"/admin/snippets/leads/lead/edit/{lead.pk}/", f"/admin/snippets/leads/lead/delete/{lead.pk}/"):
        assert client.get(url).status_code != 200
    client.force_login(people["superuser"])
    assert client.get(f"/admin/snippets/leads/lead/edit/{lead.pk}/").status_code != 200
    assert Interaction.objects.filter(lead=lead).count() == 3


def test_with_htmx_the_board_comes_back_with_the_message_inside_the_swapped_block(client, crm):
    people, leads = crm
    lead = leads["own"]
    client.force_login(people["manager"])
    data = {"action": "move", "stage": "won", "next": BOARD}
    response = client.post(work_url(lead), data, follow=True, headers={"HX-Request": "true"})
    board = parse_html(response).select_one("#lead-board")
    assert "Нельзя перевести заявку" in board.get_text()
    form = board.select_one(f'[data-lead="{lead.pk}"] form')
    assert form["hx-post"] == work_url(lead) and form["hx-select"] == "#lead-board"


def test_the_board_is_titled_and_the_list_offers_to_add_a_request_in_good_russian(client, crm):
    people, _leads = crm
    client.force_login(people["manager"])
    board = parse_html(client.get(BOARD))
    crumbs = [
        item.get_text(" ", strip=True) for item in board.select("[data-w-breadcrumbs-target] li, .w-breadcrumbs li")
    ]
    assert crumbs and crumbs[-1] == "Доска заявок"
    assert board.title.get_text(strip=True) == "Доска заявок - Платформа брендов"
    listing = client.get(reverse(Lead.snippet_viewset.get_url_name("list"))).content.decode()
    assert "Добавить заявку" in listing and "Добавить заявка" not in listing
