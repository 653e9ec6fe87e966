"""The calendar in the admin: availability, the week view, a meeting's actions, tasks — each scoped per role."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from leads.models import Appointment, AppointmentStatus, InteractionKind, LeadStage, ManagerProfile, Task
from leads.scheduling import book_viewing, slot_value
from tests.factories import SiteFactory
from tests.leads.factories import at

pytestmark = pytest.mark.django_db


def snippet_url(model, name, *args):
    return reverse(model.snippet_viewset.get_url_name(name), args=args)


@pytest.fixture
def anna(calendar_manager):
    return calendar_manager("anna@example.com")


@pytest.fixture
def boris(calendar_manager):
    return calendar_manager("boris@example.com")


@pytest.fixture
def head(calendar_manager):
    return calendar_manager("head@example.com", head=True)


@pytest.fixture
def stranger_head(make_manager):
    """Head of sales of another site."""
    return make_manager("head2@example.com", sites=[SiteFactory()], head=True)


def profile_form(work_days, start, end, days_off=()):
    return {
        "work_days": [str(day) for day in work_days],
        "work_start": start,
        "work_end": end,
        **nested_form_data({"days_off": inline_formset(list(days_off))}),
    }


# -- availability --------------------------------------------------------------------------------------------------


def test_a_manager_edits_only_own_hours_and_days_off(client, anna, boris, monday):
    client.force_login(anna)
    profile = anna.manager_profile
    page = client.get(snippet_url(ManagerProfile, "edit", profile.pk))
    assert page.status_code == 200
    content = page.content.decode()
    assert 'name="work_start"' in content and 'name="days_off-TOTAL_FORMS"' in content
    assert 'name="sites"' not in content and 'name="is_head_of_sales"' not in content

    day_off = {"starts_on": monday.isoformat(), "ends_on": (monday + timedelta(days=2)).isoformat(), "reason": "Отпуск"}
    response = client.post(
        snippet_url(ManagerProfile, "edit", profile.pk), profile_form([1, 2, 3], "09:00", "12:30", [day_off])
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert (profile.work_days, f"{profile.work_start:%H:%M}", f"{profile.work_end:%H:%M}") == (
        [1, 2, 3],
        "09:00",
        "12:30",
    )
    assert profile.days_off.get().reason == "Отпуск"
    assert profile.is_active and not profile.is_head_of_sales

    colleague = boris.manager_profile
    assert client.get(snippet_url(ManagerProfile, "edit", colleague.pk)).status_code in (403, 404)
    client.post(snippet_url(ManagerProfile, "edit", colleague.pk), profile_form([7], "01:00", "02:00"))
    colleague.refresh_from_db()
    assert colleague.work_days == [1, 2, 3, 4, 5]
    listing = client.get(snippet_url(ManagerProfile, "list")).content.decode()
    assert "anna@example.com" in listing and "boris@example.com" not in listing


@pytest.mark.parametrize(
    ("form", "message"),
    [
        (profile_form([1], "18:00", "09:00"), "Конец рабочего дня должен быть позже его начала."),
        (profile_form([], "09:00", "18:00"), "Отметьте хотя бы один рабочий день."),
        (
            profile_form([1], "09:00", "18:00", [{"starts_on": "2030-05-10", "ends_on": "2030-05-01", "reason": ""}]),
            "Последний выходной не может быть раньше первого.",
        ),
    ],
)
def test_bad_hours_or_days_off_get_a_clear_message_and_change_nothing(client, anna, form, message):
    client.force_login(anna)
    profile = anna.manager_profile
    response = client.post(snippet_url(ManagerProfile, "edit", profile.pk), form)
    assert response.status_code == 200
    assert message in response.content.decode()
    profile.refresh_from_db()
    assert (profile.work_days, f"{profile.work_end:%H:%M}") == ([1, 2, 3, 4, 5], "13:00")
    assert not profile.days_off.exists()


def test_a_head_of_sales_manages_the_managers_of_own_sites_only(client, head, anna, stranger_head):
    client.force_login(head)
    listing = client.get(snippet_url(ManagerProfile, "list")).content.decode()
    assert "anna@example.com" in listing and "head2@example.com" not in listing
    page = client.get(snippet_url(ManagerProfile, "edit", anna.manager_profile.pk)).content.decode()
    assert 'name="sites"' in page and 'name="is_active"' in page
    assert client.get(snippet_url(ManagerProfile, "edit", stranger_head.manager_profile.pk)).status_code in (403, 404)


# -- the week view --------------------------------------------------------------------------------------------------


def calendar_page(client, **params):
    return client.get(reverse("leads_calendar:index"), params)


def test_the_calendar_shows_a_manager_only_their_own_week(client, anna, boris, viewing_lead, monday):
    book_viewing(viewing_lead(name="Клиент Анны", manager=anna), at(monday, 10))
    book_viewing(viewing_lead(name="Клиент Бориса", manager=boris), at(monday, 11))
    Task.objects.create(manager=anna, title="Перезвонить Ивановой", due_at=at(monday, 15))
    client.force_login(anna)
    content = calendar_page(client, week=monday.isoformat(), manager=boris.pk).content.decode()
    assert "Клиент Анны" in content and "Перезвонить Ивановой" in content
    assert "Клиент Бориса" not in content
    assert "/leads/calendar/" in content and ".ics" in content  # own feed address


def test_a_head_of_sales_picks_a_manager_or_all_and_another_sites_head_sees_none(
    client, anna, boris, head, stranger_head, viewing_lead, monday, admin_user
):
    book_viewing(viewing_lead(name="Клиент Анны", manager=anna), at(monday, 10))
    book_viewing(viewing_lead(name="Клиент Бориса", manager=boris), at(monday, 11))
    client.force_login(head)
    week = monday.isoformat()
    only_boris = calendar_page(client, week=week, manager=boris.pk).content.decode()
    assert "Клиент Бориса" in only_boris and "Клиент Анны" not in only_boris
    everyone = calendar_page(client, week=week, manager="all").content.decode()
    assert "Клиент Бориса" in everyone and "Клиент Анны" in everyone

    client.force_login(stranger_head)
    theirs = calendar_page(client, week=week, manager=anna.pk).content.decode()
    assert "Клиент Анны" not in theirs

    client.force_login(admin_user)
    superuser_view = calendar_page(client, week=week, manager="all").content.decode()
    assert "Клиент Бориса" in superuser_view and "Клиент Анны" in superuser_view


def test_someone_without_a_calendar_is_refused(client, django_user_model):
    from accounts import roles

    editor = django_user_model.objects.create_user(email="editor@example.com", password="pw", is_staff=True)
    editor.groups.add(roles.role_group(roles.EDITOR))
    client.force_login(editor)
    response = calendar_page(client)
    # Wagtail turns the refusal into a redirect to the dashboard with an error message
    assert response.status_code == 403 or (response.status_code, response["Location"]) == (302, "/admin/")


def test_the_week_view_makes_the_same_number_of_queries_for_few_and_many_items(
    client, head, anna, boris, viewing_lead, monday
):
    client.force_login(head)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert calendar_page(client, week=monday.isoformat(), manager="all").status_code == 200
        return len(captured)

    book_viewing(viewing_lead(manager=anna), at(monday, 10))
    Task.objects.create(manager=anna, title="Задача", due_at=at(monday, 15))
    queries()  # the first admin page also fills caches (menus, permissions)
    few = queries()
    for offset in range(1, 5):
        day = monday + timedelta(days=offset)
        book_viewing(viewing_lead(manager=anna), at(day, 10))
        book_viewing(viewing_lead(manager=boris), at(day, 11))
        Task.objects.create(manager=boris, title=f"Задача {offset}", due_at=at(day, 16))
    assert queries() == few


# -- a meeting's actions and booking from the admin ------------------------------------------------------------------


def test_the_manager_moves_and_cancels_own_meeting_with_a_reason_and_a_colleague_cannot(
    client, anna, boris, viewing_lead, monday
):
    lead = viewing_lead(manager=anna)
    meeting = book_viewing(lead, at(monday, 10))
    url = reverse("leads_calendar:appointment", args=[meeting.pk])

    client.force_login(boris)
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "cancel", "reason": "чужая"}).status_code == 404

    client.force_login(anna)
    assert client.post(url, {"action": "reschedule", "slot": slot_value(at(monday, 12))}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.starts_at == at(monday, 12)

    refused = client.post(url, {"action": "cancel", "reason": ""})
    assert refused.status_code == 400 and "Укажите причину отмены." in refused.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == AppointmentStatus.SCHEDULED

    assert client.post(url, {"action": "cancel", "reason": "Объект продан"}).status_code == 302
    meeting.refresh_from_db()
    assert (meeting.status, meeting.cancel_reason) == (AppointmentStatus.CANCELLED, "Объект продан")


def test_the_manager_records_that_a_past_meeting_took_place_or_the_client_did_not_come(client, anna, viewing_lead):
    past = timezone.now() - timedelta(hours=3)
    done = Appointment.objects.create(
        lead=viewing_lead(manager=anna), manager=anna, starts_at=past, ends_at=past + timedelta(hours=1)
    )
    missed = Appointment.objects.create(
        lead=viewing_lead(manager=anna), manager=anna, starts_at=past - timedelta(days=1), ends_at=past
    )
    client.force_login(anna)
    client.post(reverse("leads_calendar:appointment", args=[done.pk]), {"action": "done"})
    client.post(reverse("leads_calendar:appointment", args=[missed.pk]), {"action": "no_show"})
    done.refresh_from_db()
    missed.refresh_from_db()
    assert (done.status, missed.status) == (AppointmentStatus.DONE, AppointmentStatus.NO_SHOW)
    assert done.lead.interactions.get(kind=InteractionKind.MEETING).data["action"] == "done"


def test_a_manager_books_a_viewing_for_own_lead_only(client, anna, boris, viewing_lead, monday):
    mine, theirs = viewing_lead(manager=anna), viewing_lead(manager=boris)
    client.force_login(anna)
    assert client.get(reverse("leads_calendar:book", args=[theirs.pk])).status_code == 404
    response = client.post(reverse("leads_calendar:book", args=[mine.pk]), {"slot": slot_value(at(monday, 11))})
    assert response.status_code == 302
    meeting = mine.appointments.get()
    assert (meeting.manager, meeting.starts_at) == (anna, at(monday, 11))
    mine.refresh_from_db()
    assert mine.stage == LeadStage.MEETING
    bad = client.post(reverse("leads_calendar:book", args=[mine.pk]), {"slot": "2030-01-01T03:00+03:00"})
    assert bad.status_code == 400 and mine.appointments.count() == 1


# -- tasks --------------------------------------------------------------------------------------------------------


def test_a_manager_sets_a_task_on_a_lead_and_completes_it_and_a_colleague_cannot(
    client, anna, boris, viewing_lead, monday
):
    lead = viewing_lead(manager=anna)
    client.force_login(anna)
    form = {
        "title": "Отправить планировки",
        "lead": lead.pk,
        "due_at": f"{monday} 15:00",
        "remind_at": f"{monday} 14:00",
    }
    refused = client.post(snippet_url(Task, "add"), {**form, "remind_at": f"{monday} 16:00"})
    assert refused.status_code == 200
    assert "Напоминание должно прийти не позже срока задачи." in refused.content.decode()
    assert not Task.objects.exists()

    assert client.post(snippet_url(Task, "add"), form).status_code == 302
    task = Task.objects.get()
    assert (task.manager, task.created_by, task.lead) == (anna, anna, lead)
    assert lead.interactions.get(kind=InteractionKind.TASK).data == {"task": task.pk, "action": "set"}

    client.force_login(boris)
    assert client.post(reverse("leads_calendar:task_done", args=[task.pk])).status_code == 404
    assert client.get(snippet_url(Task, "edit", task.pk)).status_code in (403, 404)
    client.force_login(anna)
    assert client.post(reverse("leads_calendar:task_done", args=[task.pk])).status_code == 302
    task.refresh_from_db()
    assert task.done_at is not None


def test_the_meeting_and_task_lists_show_a_manager_only_their_own(client, anna, boris, viewing_lead, monday):
    mine = book_viewing(viewing_lead(name="Клиент Анны", manager=anna), at(monday, 10))
    theirs = book_viewing(viewing_lead(name="Клиент Бориса", manager=boris), at(monday, 11))
    Task.objects.create(manager=anna, title="Моя задача", due_at=at(monday, 15))
    Task.objects.create(manager=boris, title="Задача Бориса", due_at=at(monday, 15))
    client.force_login(anna)
    meetings = client.get(snippet_url(Appointment, "list")).content.decode()
    assert "Клиент Анны" in meetings and "Клиент Бориса" not in meetings
    assert reverse("leads_calendar:appointment", args=[mine.pk]) in meetings
    assert client.get(snippet_url(Appointment, "inspect", mine.pk)).status_code == 200
    assert client.get(snippet_url(Appointment, "inspect", theirs.pk)).status_code in (403, 404)
    assert client.get(snippet_url(Appointment, "edit", mine.pk)).status_code in (302, 403, 404)  # never edited here
    tasks = client.get(snippet_url(Task, "list")).content.decode()
    assert "Моя задача" in tasks and "Задача Бориса" not in tasks
    assert client.get(snippet_url(Task, "add")).status_code == 200
    assert client.get(reverse("leads_calendar:appointment", args=[mine.pk])).status_code == 200
    assert client.get(reverse("leads_calendar:book", args=[viewing_lead(manager=anna).pk])).status_code == 200


@pytest.mark.parametrize("model", [Appointment, Task, ManagerProfile])
def test_the_admin_lists_make_the_same_number_of_queries_for_few_and_many_rows(
    client, head, anna, viewing_lead, monday, calendar_manager, model
):
    client.force_login(head)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(snippet_url(model, "list")).status_code == 200
        return len(captured)

    def add_rows(index):
        manager = calendar_manager(f"m{index}@example.com")
        day = monday + timedelta(days=index % 5)
        book_viewing(viewing_lead(manager=manager), at(day, 10 + index // 5))
        Task.objects.create(manager=manager, title=f"Задача {index}", due_at=at(day, 15))

    add_rows(0)
    queries()  # warm the caches
    few = queries()
    for index in range(1, 8):
        add_rows(index)
    assert queries() == few
