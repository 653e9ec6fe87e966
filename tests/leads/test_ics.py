"""The manager's .ics feed: valid iCalendar (CRLF, folding at 75 octets, escaping), secret and regenerable."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from leads import ics
from leads.models import CalendarFeed, Task
from leads.scheduling import book_viewing
from tests.leads.factories import at

pytestmark = pytest.mark.django_db

TRICKY = 'Иванов; ООО «Дом, который построил Джек», "корпус" \\ 2'
LONG_LISTING = "Жилой комплекс «Северная долина», корпус 7, секция 3, этаж 14, квартира 1402 с видом на парк"


def unfold(body):
    assert body.endswith("\r\n")
    physical = body.split("\r\n")[:-1]
    assert all("\n" not in line and "\r" not in line for line in physical), "bare LF or CR inside the feed"
    assert all(len(line.encode()) <= 75 for line in physical), "a line is longer than 75 octets"
    lines = []
    for line in physical:
        if line.startswith(" "):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    return lines


def unescape(value):
    out, chars = [], iter(value)
    for char in chars:
        if char == "\\":
            following = next(chars)
            out.append("\n" if following in "nN" else following)
        else:
            out.append(char)
    return "".join(out)


def properties(lines, name):
    return [line.split(":", 1)[1] for line in lines if line.split(":", 1)[0].split(";")[0] == name]


@pytest.fixture
def anna(calendar_manager):
    return calendar_manager("anna@example.com")


def feed_url(user):
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return reverse("leads:calendar_feed", args=[feed.token])


def test_the_feed_is_valid_icalendar_with_folding_and_escaping(client, anna, viewing_lead, monday):
    lead = viewing_lead(manager=anna, name=TRICKY, listing_title=LONG_LISTING, message="Первая строка\nВторая")
    book_viewing(lead, at(monday, 10))
    Task.objects.create(
        manager=anna, title="Позвонить; уточнить, бюджет", due_at=at(monday, 15), remind_at=at(monday, 14)
    )

    response = client.get(feed_url(anna))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert "\r\n " in body  # the long summary was folded
    lines = unfold(body)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)
    for component in ("VEVENT", "VTODO", "VALARM"):
        assert lines.count(f"BEGIN:{component}") == lines.count(f"END:{component}") == 1
    [summary] = properties(lines, "SUMMARY")[:1]
    assert unescape(summary) == f"{LONG_LISTING}: {TRICKY}"
    assert "\\;" in summary and "\\," in summary and "\\\\" in summary
    [description] = properties(lines, "DESCRIPTION")[:1]
    assert unescape(description).endswith("Первая строка\nВторая")
    assert properties(lines, "DTSTART") == [at(monday, 10).astimezone(ics.UTC).strftime("%Y%m%dT%H%M%SZ")]
    assert properties(lines, "DUE") == [at(monday, 15).astimezone(ics.UTC).strftime("%Y%m%dT%H%M%SZ")]
    assert unescape(properties(lines, "SUMMARY")[1]) == "Позвонить; уточнить, бюджет"


def test_folding_never_splits_a_character_and_round_trips():
    line = "SUMMARY:" + "Ж" * 100 + "x" * 7
    folded = ics.fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


def test_a_new_address_retires_the_old_one_and_unknown_ones_are_404(client, anna):
    old = feed_url(anna)
    assert client.get(old).status_code == 200
    client.force_login(anna)
    assert client.post(reverse("leads_calendar:feed_regenerate")).status_code == 302
    client.logout()
    assert client.get(old).status_code == 404
    assert client.get(feed_url(anna)).status_code == 200
    assert client.get(reverse("leads:calendar_feed", args=["not-a-token"])).status_code == 404
    anna.is_active = False
    anna.save()
    assert client.get(feed_url(anna)).status_code == 404


def test_the_feed_makes_the_same_number_of_queries_for_few_and_many_meetings(client, anna, viewing_lead, monday):
    url = feed_url(anna)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        return len(captured)

    book_viewing(viewing_lead(manager=anna), at(monday, 10))
    few = queries()
    for offset in range(1, 5):
        book_viewing(viewing_lead(manager=anna), at(monday + timedelta(days=offset), 11))
        Task.objects.create(manager=anna, title=f"Задача {offset}", due_at=at(monday, 15))
    assert queries() == few
