"""Reading the shifts out of a volunteering ask, and when they happen.

Shift times are the local time of the place. The campaign's province gives the time zone
(WIB, WITA or WIT), so "has this shift started?" is right in Makassar and Jayapura too.
"""
import datetime
import functools
import zoneinfo
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import get_language, gettext

#: Province code prefixes outside Western Indonesian Time.
_WITA = {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
_WIT_PREFIX = ("8", "9")


@dataclass(frozen=True)
class Shift:
    id: str
    role_name: str
    skills: str
    date: datetime.date
    start: datetime.time
    end: datetime.time
    place: str
    slots: int

    @property
    def length_hours(self):
        """The shift's length in hours (one decimal); a shift ending before it starts ends the next day."""
        start = datetime.datetime.combine(self.date, self.start)
        end = datetime.datetime.combine(self.date, self.end)
        if end <= start:
            end += datetime.timedelta(days=1)
        hours = Decimal((end - start).total_seconds()) / Decimal(3600)
        return hours.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    def starts_at(self, tz):
        return datetime.datetime.combine(self.date, self.start, tzinfo=tz)

    def has_started(self, tz, now=None):
        return (now or timezone.now()) >= self.starts_at(tz)

    def when(self):
        return describe_when(self.date, self.start, self.end)


def describe_when(date, start, end):
    """“Sabtu, 12 Juli 2025, 08.00–12.00” in the active language."""
    if not date:
        return ""
    return _described(date, start, end, get_language())


# Every campaign page shows each shift's time: the words depend only on these four, so a process
# says each once (a few hundred bytes per shift; the oldest are let go).
@functools.lru_cache(maxsize=4096)
def _described(date, start, end, language):
    day = formats.date_format(date, "l, j F Y")
    if not start or not end:
        return day
    # Translators: how shift times are written, in Django's date format syntax (08:00 or 08.00).
    pattern = gettext("H:i")
    return f"{day}, {formats.time_format(start, pattern)}–{formats.time_format(end, pattern)}"


def iter_shifts(ask_value):
    """Every shift of an ask's value, in the editor's order. Shifts without a stored id are skipped."""
    shifts = []
    for role in ask_value.get("roles") or []:
        role_shifts = role.get("shifts")
        for child in getattr(role_shifts, "bound_blocks", []):
            value = child.value
            if not child.id or not value.get("date") or not value.get("start_time") or not value.get("end_time"):
                continue
            shifts.append(Shift(
                id=child.id, role_name=role.get("name") or "", skills=role.get("skills") or "",
                date=value["date"], start=value["start_time"], end=value["end_time"],
                place=value.get("place") or "", slots=int(value.get("slots") or 0),
            ))
    return shifts


def shifts_by_id(ask_value):
    return {shift.id: shift for shift in iter_shifts(ask_value)}


def timezone_for(campaign):
    """The time zone of the campaign's place (WIB, WITA, WIT), from its province code."""
    regency = getattr(campaign, "regency", None)
    code = getattr(regency, "code", "") or ""
    province = code[:2]
    if province in _WITA:
        return zoneinfo.ZoneInfo("Asia/Makassar")
    if province.startswith(_WIT_PREFIX):
        return zoneinfo.ZoneInfo("Asia/Jayapura")
    if province:
        return zoneinfo.ZoneInfo("Asia/Jakarta")
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def zone_abbreviation(tz):
    """WIB, WITA or WIT (the same in Indonesian and English)."""
    return {"Asia/Makassar": "WITA", "Asia/Jayapura": "WIT", "Asia/Jakarta": "WIB"}.get(str(tz), "")
