"""Everything held about a person as a file they keep: JSON (every record as a dict) and CSV (one row
per field, readable in a spreadsheet).

Invariants: the export holds exactly what ``privacy.service.collect`` returned for the verified
subject, nothing more; dates are ISO 8601, money (Decimal) a string, so no amount is rounded by a
float; CSV cells that a spreadsheet would run as a formula start with an apostrophe.
"""
import csv
import dataclasses
import datetime
import io
import json
from decimal import Decimal

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def plain(value):
    """``value`` as JSON can hold it: ISO dates, Decimal as a string, translated text as text."""
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [plain(item) for item in value]
    if isinstance(value, datetime.datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).isoformat()
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, Promise):
        return str(value)
    return str(value)


def record_dict(item):
    """One ``PersonalRecord`` as a dict (every attribute)."""
    return plain(dataclasses.asdict(item))


def filename(extension, now=None):
    return f"lokadaya-data-saya-{(now or timezone.localtime()).strftime('%Y-%m-%d')}.{extension}"


def to_json(subject, items, now=None):
    """The JSON file: who it is about, when it was made, and every record."""
    now = now or timezone.localtime()
    document = {
        "subject": {"email": subject.email, "phone": subject.phone},
        "generated_at": now.isoformat(),
        "record_count": len(items),
        "records": [record_dict(item) for item in items],
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def cell(value):
    """A CSV cell: dates ISO, yes/no in words, formulas neutralised."""
    value = plain(value)
    if value is None:
        text = ""
    elif isinstance(value, bool):
        text = _("yes") if value else _("no")
    elif isinstance(value, (list, dict)):
        text = json.dumps(value, ensure_ascii=False)
    else:
        text = str(value)
    if text[:1] in CSV_FORMULA_START and not text.lstrip("-+").replace(".", "", 1).isdigit():
        text = "'" + text
    return text


def csv_header():
    return [_("Organisation"), _("Campaign"), _("What"), _("Reference"), _("Recorded"),
            _("Kept after erasure"), _("Field"), _("Value")]


def to_csv(items):
    """The CSV file: one row per field of each record (a record with no field: one row)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")  # so spreadsheet programs read UTF-8
    writer = csv.writer(buffer)
    writer.writerow([str(heading) for heading in csv_header()])
    for item in items:
        common = [cell(item.organisation or _("Lokadaya (the platform)")), cell(item.campaign), cell(item.source),
                  cell(item.reference), cell(item.created_at), cell(bool(item.kept_after_erasure))]
        fields = list((item.fields or {}).items()) or [("", "")]
        for label, value in fields:
            writer.writerow([*common, cell(label), cell(value)])
    return buffer.getvalue().encode("utf-8")
