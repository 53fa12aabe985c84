"""The calendar file (RFC 5545) of one registration: one VEVENT, times in UTC, lines folded."""
import datetime

from django.conf import settings

PRODID = "-//Lokadaya//Acara Lokadaya.net//ID"


def escape_text(value):
    """TEXT value escaping (RFC 5545 3.3.11): backslash, semicolon, comma, newline."""
    value = str(value or "")
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def fold(line):
    """Fold a content line at 75 octets (RFC 5545 3.1), never inside a UTF-8 character."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts, current, limit = [], b"", 75
    for char in line:
        piece = char.encode("utf-8")
        if len(current) + len(piece) > limit:
            parts.append(current.decode("utf-8"))
            current, limit = b"", 74  # continuation lines start with one space
        current += piece
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def utc(value):
    return value.astimezone(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def calendar(registration, personal_url, description="", now=None):
    """The .ics text for ``registration`` (its event is the source page)."""
    from django.utils import timezone

    event = registration.event
    host = settings.WAGTAILADMIN_BASE_URL.split("://", 1)[-1].split("/")[0].split(":")[0] or "lokadaya"
    text = "\n\n".join(part for part in (description, personal_url) if part)
    location = personal_url if event.is_online else (event.venue or "")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:event-{event.pk}-{registration.pk}@{host}",
        f"DTSTAMP:{utc(now or timezone.now())}",
        f"DTSTART:{utc(event.start)}",
        f"DTEND:{utc(event.end)}",
        f"SUMMARY:{escape_text(event.title)}",
        f"DESCRIPTION:{escape_text(text)}",
        f"LOCATION:{escape_text(location)}",
        f"URL:{personal_url}",
        "STATUS:CONFIRMED",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(fold(line) + "\r\n" for line in lines)
