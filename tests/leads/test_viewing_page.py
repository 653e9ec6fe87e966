"""The client's viewing page: by the signed link or from the cabinet, pick, move or cancel — without JavaScript."""

import time
from datetime import timedelta

import pytest
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from leads.models import Appointment, AppointmentStatus, LeadStage
from leads.scheduling import book_viewing, slot_value
from leads.viewing_links import SALT, make_token, viewing_path
from tests.leads.factories import at

pytestmark = pytest.mark.django_db


class SignedLongAgo(signing.TimestampSigner):
    def timestamp(self):
        return signing.b62_encode(int(time.time()) - 40 * 24 * 3600)


@pytest.fixture
def anna(calendar_manager):
    return calendar_manager("anna@example.com")


def test_the_client_books_moves_and_cancels_by_the_link(client, anna, viewing_lead, monday):
    lead = viewing_lead(manager=anna)
    url = viewing_path(lead)
    page = client.get(url)
    assert page.status_code == 200
    assert f'value="{slot_value(at(monday, 10))}"' in page.content.decode()

    response = client.post(url, {"action": "book", "slot": slot_value(at(monday, 10))})
    assert response.status_code == 302 and response["Location"] == url
    meeting = lead.appointments.get()
    assert (meeting.starts_at, meeting.manager) == (at(monday, 10), anna)
    booked_page = client.get(url).content.decode()
    assert "Вы записаны" in booked_page
    assert f'value="{slot_value(at(monday, 10))}"' not in booked_page  # its own time is not offered to move to

    client.post(url, {"action": "reschedule", "slot": slot_value(at(monday, 12))})
    meeting.refresh_from_db()
    assert meeting.starts_at == at(monday, 12)

    client.post(url, {"action": "cancel", "reason": ""})
    meeting.refresh_from_db()
    lead.refresh_from_db()
    assert (meeting.status, meeting.cancel_reason) == (AppointmentStatus.CANCELLED, "Клиент отменил встречу")
    assert lead.stage == LeadStage.IN_WORK
    assert meeting.lead.interactions.filter(author=None, data__action="cancelled").exists()


def test_a_time_not_offered_is_refused_with_a_message(client, anna, viewing_lead, monday):
    lead = viewing_lead(manager=anna)
    response = client.post(viewing_path(lead), {"action": "book", "slot": slot_value(at(monday, 10, 30))})
    assert response.status_code == 400
    assert "Выберите время из списка свободных." in response.content.decode()
    assert not Appointment.objects.exists()


def test_a_tampered_or_expired_link_is_refused_and_changes_nothing(client, anna, viewing_lead, monday):
    lead = viewing_lead(manager=anna)
    meeting = book_viewing(lead, at(monday, 10))
    token = make_token(lead)
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    expired = SignedLongAgo(salt=SALT).sign_object({"lead": lead.pk}, compress=True)
    for bad, message in ((tampered, "Ссылка недействительна"), (expired, "Срок действия ссылки истёк")):
        url = reverse("leads:viewing_link", kwargs={"token": bad})
        assert message in client.get(url).content.decode()
        response = client.post(url, {"action": "cancel", "reason": "взлом"})
        assert response.status_code == 403
    # another lead's id signed with another salt (e.g. some other signed value of the site) is no key either
    foreign = signing.dumps({"lead": lead.pk}, salt="something.else", compress=True)
    assert (
        client.post(reverse("leads:viewing_link", kwargs={"token": foreign}), {"action": "cancel"}).status_code == 403
    )
    meeting.refresh_from_db()
    assert meeting.status == AppointmentStatus.SCHEDULED


def test_from_the_cabinet_only_the_owner_of_the_lead_gets_in(client, anna, viewing_lead, monday, django_user_model):
    owner = django_user_model.objects.create_user(email="client@example.com", password="pw")
    other = django_user_model.objects.create_user(email="other@example.com", password="pw")
    lead = viewing_lead(manager=anna, user=owner)
    url = reverse("leads:my_viewing", args=[lead.pk])
    assert client.get(url).status_code == 302  # to the login page

    client.force_login(other)
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "book", "slot": slot_value(at(monday, 10))}).status_code == 404
    assert not Appointment.objects.exists()

    client.force_login(owner)
    assert client.post(url, {"action": "book", "slot": slot_value(at(monday, 10))}).status_code == 302
    meeting = lead.appointments.get()
    assert meeting.lead.interactions.filter(author=owner, data__action="booked").exists()


def test_the_page_makes_the_same_number_of_queries_for_few_and_many_managers_and_meetings(
    client, calendar_manager, viewing_lead, monday
):
    anna = calendar_manager("anna@example.com")
    lead = viewing_lead(manager=anna)
    url = viewing_path(lead)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    queries()  # the first request also fills the site's caches (menus, brand settings)
    few = queries()
    for index in range(5):
        manager = calendar_manager(f"m{index}@example.com")
        day = monday + timedelta(days=index)
        book_viewing(viewing_lead(manager=manager), at(day, 11))
    assert queries() == few == 7


def test_times_are_shown_in_the_leads_time_zone(client, settings, calendar_manager, viewing_lead, monday):
    settings.LEADS_TIME_ZONE = "Asia/Yekaterinburg"  # two hours ahead of the server's Moscow
    lead = viewing_lead(manager=calendar_manager("anna@example.com"))
    content = client.get(viewing_path(lead)).content.decode()
    assert f'value="{slot_value(at(monday, 10))}"' in content
    assert slot_value(at(monday, 10)).endswith("T10:00+05:00")
    assert "> 10:00</label>" in content and "> 08:00</label>" not in content
