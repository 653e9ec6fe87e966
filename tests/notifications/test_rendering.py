"""Message templates per kind, per channel, in the recipient's language."""

import datetime

import pytest

from notifications.kinds import all_kinds, get_kind
from notifications.rendering import render_message

SAMPLE = {
    "number": "ZH-1042",
    "property": "Студия «Сад & Парк» <у Байтерека>",
    "url": "https://zhilego.example/account/bookings/ZH-1042/",
    "check_in": datetime.date(2026, 7, 1),
    "check_out": datetime.date(2026, 7, 5),
    "title": "Просмотр квартиры в ЖК «Северный»",
    "starts_at": datetime.datetime(2026, 7, 1, 15, 30, tzinfo=datetime.UTC),
    "reason": "Ремонт в подъезде",
    "refund": "45 000",
    "amount": "90 000",
    # the leads calendar's kinds
    "place": "ЖК «Северный», корпус 2",
    # the leads intake's kinds
    "kind": "Консультация",
    "site_name": "InBack",
    "event": "rescheduled",
    "due_at": datetime.datetime(2026, 7, 1, 12, 0, tzinfo=datetime.UTC),
    "address": "Астана, ул. Достык, 5",
    "check_in_time": datetime.time(14),
    "check_out_time": datetime.time(12),
    "nights": 4,
    "total": 90000,
    "realtor": {"name": "Ерлан Риелторов", "phone": "+77010000001", "email": "realtor@example.com"},
    "instructions": "Ключи в сейфе у двери.",
    # the club's kinds
    "tier": "VIP",
    "old_tier": "Insider",
    "rate": "7",
    "points": "1\u00a0250",
    "date": "1 июля 2026",
    "count": 2,
    # member-built events
    "closes": "8 июля 2026, 18:00",
    "won": True,
    # the club's events
    "until": "2 июля, 12:00",
    "soon": True,
    # the dealers' moderation
    "comment": "Добавьте фото салона.",
    "dealer": "АвтоПартнер Север",
    "approvals": 2,
    "needed": 5,
    "trusted": False,
}


@pytest.mark.parametrize("language", ["ru", "kk", "en"])
@pytest.mark.parametrize("kind", [kind.key for kind in all_kinds()])
@pytest.mark.parametrize("channel", ["email", "sms", "telegram", "webpush"])
def test_every_kind_renders_on_every_channel_in_every_language(kind, channel, language):
    message = render_message(get_kind(kind), channel, SAMPLE, language)
    assert message.subject and "\n" not in message.subject
    assert message.body
    for leftover in ("{{", "{%", "}}"):
        assert leftover not in message.subject + message.body


def test_the_three_languages_differ():
    kind = get_kind("booking.confirmed")
    ru, kk, en = (render_message(kind, "email", SAMPLE, language) for language in ("ru", "kk", "en"))
    assert ru.subject == "Бронирование ZH-1042 подтверждено"
    assert en.subject == "Booking ZH-1042 confirmed"
    assert kk.subject == "ZH-1042 брондауы расталды"
    assert "1 июля 2026" in ru.body
    assert "July 1, 2026" in en.body
    assert len({ru.body, kk.body, en.body}) == 3
    assert 'lang="kk"' in kk.body_html


def test_text_is_sent_as_written_and_html_is_escaped():
    message = render_message(get_kind("booking.confirmed"), "email", SAMPLE, "ru")
    assert "Студия «Сад & Парк» <у Байтерека>" in message.body
    assert "Студия «Сад &amp; Парк» &lt;у Байтерека&gt;" in message.body_html
    assert f'href="{SAMPLE["url"]}"' in message.body_html


def test_html_only_for_email():
    assert render_message(get_kind("booking.confirmed"), "telegram", SAMPLE, "ru").body_html == ""


def test_sms_gets_its_short_text_when_the_kind_has_one():
    kind = get_kind("booking.reminder_checkin")
    sms = render_message(kind, "sms", SAMPLE, "ru").body
    email = render_message(kind, "email", SAMPLE, "ru").body
    assert sms == f"Заезд 01.07.2026: {SAMPLE['property']}, бронь ZH-1042. {SAMPLE['url']}"
    assert len(sms) < len(email)


def test_missing_context_is_refused_before_anything_is_written():
    with pytest.raises(ValueError, match="check_in"):
        render_message(get_kind("booking.confirmed"), "email", {"number": "1", "property": "x", "url": "/"}, "ru")
