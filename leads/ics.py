"""A manager's calendar as iCalendar (RFC 5545), written by hand: meetings as VEVENTs, tasks as VTODOs.

Text values are escaped (backslash, semicolon, comma, newline), lines end in CRLF and are folded at
75 octets without splitting a UTF-8 character; times are in UTC."""

from datetime import UTC

from django.utils import timezone

from leads.models import AppointmentStatus

PRODID = "-//Платформа брендов//Календарь менеджера//RU"
LINE_OCTETS = 75


def escape_text(value):
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line):
    """Split a content line into pieces of at most 75 octets; continuation lines start with a space."""
    pieces, current, size = [], "", 0
    for char in line:
        width = len(char.encode())
        limit = LINE_OCTETS if not pieces else LINE_OCTETS - 1
        if size + width > limit:
            pieces.append(current)
            current, size = "", 0
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def utc(moment):
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


EVENT_STATUS = {
    AppointmentStatus.SCHEDULED: "CONFIRMED",
    AppointmentStatus.DONE: "CONFIRMED",
    AppointmentStatus.NO_SHOW: "CONFIRMED",
    AppointmentStatus.CANCELLED: "CANCELLED",
}


def calendar(name, appointments, tasks, *, host, now=None):
    """The whole VCALENDAR as a string with CRLF line ends."""
    stamp = utc(now or timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for meeting in appointments:
        lead = meeting.lead
        summary = lead.listing_title or lead.get_kind_display()
        description = "\n".join(
            part for part in (f"{lead.name}, {lead.phone}", lead.message, meeting.cancel_reason) if part
        )
        lines += [
            "BEGIN:VEVENT",
            f"UID:appointment-{meeting.pk}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{utc(meeting.starts_at)}",
            f"DTEND:{utc(meeting.ends_at)}",
            f"LAST-MODIFIED:{utc(meeting.updated_at)}",
            f"SUMMARY:{escape_text(f'{summary}: {lead.name}')}",
            f"DESCRIPTION:{escape_text(description)}",
            *([f"LOCATION:{escape_text(meeting.place)}"] if meeting.place else []),
            f"STATUS:{EVENT_STATUS[meeting.status]}",
            "END:VEVENT",
        ]
    for task in tasks:
        lines += [
            "BEGIN:VTODO",
            f"UID:task-{task.pk}@{host}",
            f"DTSTAMP:{stamp}",
            f"DUE:{utc(task.due_at)}",
            f"SUMMARY:{escape_text(task.title)}",
            *([f"COMPLETED:{utc(task.done_at)}", "STATUS:COMPLETED"] if task.done_at else ["STATUS:NEEDS-ACTION"]),
            *(
                [
                    "BEGIN:VALARM",
                    "ACTION:DISPLAY",
                    f"DESCRIPTION:{escape_text(task.title)}",
                    f"TRIGGER;VALUE=DATE-TIME:{utc(task.remind_at)}",
                    "END:VALARM",
                ]
                if task.remind_at
                else []
            ),
            "END:VTODO",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
