"""What every core source shares: what was held before a change (``Held``), rewriting free text
(``Rewrite``), the ``Source`` base class and the constants."""
import datetime
import json
import re
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import formats, timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from campaigns.types import PersonalRecord

from ..subjects import Subject, normalise_email


#: What replaces a person's address, number or name in free text once erased.
MASK = "•••"
#: What an erased certificate says it was given to.
ERASED_NAME = "—"
#: The shortest name replaced in free text: shorter ones would blank parts of unrelated words.
MIN_NAME_LENGTH = 3
#: Field names that hold a person's name (a ``SupportRecord``'s own ``name``, and others').
NAME_FIELDS = ("name", "full_name", "recipient_name", "sender_name", "owner_name", "contact_name")
#: Fields that hold a person's name in two parts: the name is both, joined (either alone when the
#: other is empty; a first name alone is too common to replace in free text).
NAME_PAIRS = (("first_name", "last_name"), ("billing_first_name", "billing_last_name"))
#: Field labels (msgids) under which a ``PersonalRecord`` holds a name.
NAME_LABELS = ("name", "Name", "your name", "Your name", "full name", "Full name", "recipient name",
               "contact person", "owner's name", "your name (shown on the page)")


#: Core's items are plain ``PersonalRecord`` (their ``erasure_note`` says why erasure leaves one as it is).
CoreRecord = PersonalRecord


def is_staff_account(user):
    """An account with access to the admin: the national admin handles it, never a self-service request."""
    return bool(user.is_staff or user.is_superuser or user.has_perm("wagtailadmin.access_admin"))


@dataclass
class Held:
    """What the platform held about the person before a correction or erasure began."""

    subject: Subject
    items: list = field(default_factory=list)
    #: The person's names as written on their records (old names, before a correction).
    names: frozenset = frozenset()
    #: ``{"app_label.model": {pk, ...}}`` of every record listed in ``items``.
    references: dict = field(default_factory=dict)

    @classmethod
    def of(cls, subject, items=()):
        items = list(items)
        references = {}
        for item in items:
            label, _sep, pk = str(item.reference).rpartition(":")
            if label and pk:
                references.setdefault(label.lower(), set()).add(pk)
        return cls(subject=subject, items=items, names=frozenset(names_on_records(items, references)), references=references)

    def ids(self, label):
        """The primary keys (integers) of the person's records of model ``label``."""
        return {int(pk) for pk in self.references.get(label.lower(), ()) if str(pk).isdigit()}


def names_on_records(items, references):
    """The person's names: the values of the name fields on their records, and in the items."""
    labels = set()
    for code, _language in settings.LANGUAGES:
        with translation.override(code):
            labels.update(str(translation.gettext(msgid)).lower() for msgid in NAME_LABELS)
    names = set()
    for item in items:
        for label, value in (item.fields or {}).items():
            if str(label).lower() in labels and isinstance(value, str):
                names.add(value)
    for label, pks in references.items():
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            continue
        single = [name for name in NAME_FIELDS if has_field(model, name)]
        pairs = [pair for pair in NAME_PAIRS if all(has_field(model, name) for name in pair)]
        if not single and not pairs:
            continue
        rows = model._default_manager.filter(pk__in=list(pks))
        if model is get_user_model():
            # A staff account is left as it is (``Users``): its name is not the erased person's to remove.
            rows = rows.exclude(pk__in=[user.pk for user in rows if is_staff_account(user)])
        for row in rows.values(*single, *(name for pair in pairs for name in pair)):
            names.update(row[name] for name in single if isinstance(row[name], str))
            for pair in pairs:
                names.add(" ".join((row[name] or "").strip() for name in pair).strip())
    return {" ".join(name.split()) for name in names if len(" ".join(name.split())) >= MIN_NAME_LENGTH}


def has_field(model, name):
    try:
        return isinstance(model._meta.get_field(name), (models.CharField, models.TextField))
    except Exception:  # noqa: BLE001 - FieldDoesNotExist, or not a concrete field
        return False


# -- rewriting free text ------------------------------------------------------------------------------

PHONE_SEPARATORS = "[-. ()/]*"


def phone_pattern(digits):
    """A regular expression matching the national ``digits`` however they were written
    ("0812-9988-7766", "+62 812 9988 7766", "+62 (0)812 9988 7766", "(0812) 99887766"), in Python and
    in SQL (PostgreSQL's and SQLite's regular expressions alike)."""
    return (r"(\+?62" + PHONE_SEPARATORS + "0?|0)?" + PHONE_SEPARATORS
            + PHONE_SEPARATORS.join(re.escape(digit) for digit in digits))


class Rewrite:
    """Replaces the person's address, number and names in text and JSON.

    ``names``: the names to replace (``held.names``); ``email_to``/``phone_to``/``name_to``: what
    replaces each (None: leave that kind alone).
    """

    def __init__(self, subject, names=(), email_to=MASK, phone_to=MASK, name_to=MASK):
        self.emails = [subject.email] if subject.email and email_to is not None else []
        self.phone = subject.phone if subject.phone and phone_to is not None else ""
        self.names = sorted({name for name in names if name}, key=len, reverse=True) if name_to is not None else []
        self.fixed_rules = [(re.compile(re.escape(email), re.IGNORECASE), email_to) for email in self.emails]
        if self.phone:
            self.fixed_rules.append((re.compile(r"(?<!\d)" + phone_pattern(self.phone) + r"(?!\d)"), phone_to))
        self.name_rules = []
        for name in self.names:
            for written in {name, json.dumps(name)[1:-1]}:  # as typed, and as JSON escapes it
                pattern = r"\s+".join(re.escape(part) for part in written.split())
                self.name_rules.append((re.compile(r"(?<!\w)" + pattern + r"(?!\w)", re.IGNORECASE), name_to))

    def __bool__(self):
        return bool(self.fixed_rules or self.name_rules)

    def without_names(self):
        """The same, leaving names alone."""
        copy = Rewrite.__new__(Rewrite)
        copy.__dict__.update(self.__dict__, names=[], name_rules=[])
        return copy

    def text(self, value):
        if not isinstance(value, str) or not value:
            return value
        for pattern, replacement in (*self.fixed_rules, *self.name_rules):
            value = pattern.sub(lambda _match, replacement=replacement: replacement, value)
        return value

    def data(self, value):
        """``value`` (JSON: dicts, lists, strings) with every string rewritten, keys included."""
        if isinstance(value, dict):
            return {self.text(key): self.data(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.data(item) for item in value]
        return self.text(value)

    def condition(self, expression, names=True):
        """A filter: ``expression`` (a field name or an alias) may contain something to replace."""
        condition = Q()
        for email in self.emails:
            condition |= Q(**{f"{expression}__icontains": email})
        if self.phone:
            condition |= Q(**{f"{expression}__regex": phone_pattern(self.phone)})
        if names:
            for name in self.names:
                condition |= Q(**{f"{expression}__icontains": name})
        return condition

    def apply(self, queryset, fields=(), json_fields=(), names_in=None):
        """Rewrite ``fields`` (text) and ``json_fields`` of the rows of ``queryset`` that need it;
        the number of rows changed. ``names_in``: a filter limiting the rows where names are
        replaced (None: every row)."""
        if not self or not (fields or json_fields):
            return 0
        aliases = {name: f"_privacy_{name}_text" for name in json_fields}
        queryset = queryset.alias(**{alias: Cast(name, TextField()) for name, alias in aliases.items()})
        expressions = [*fields, *aliases.values()]
        wanted = Q()
        for expression in expressions:
            wanted |= self.condition(expression, names=names_in is None)
        own = None
        if names_in is not None:
            own = set(queryset.filter(names_in).values_list("pk", flat=True)) if self.names else set()
            if own:
                wanted |= Q(pk__in=own)
        if not wanted:
            return 0
        plain = self.without_names()
        changed = 0
        for row in queryset.filter(wanted).only("pk", *fields, *json_fields):
            rewrite = self if own is None or row.pk in own else plain
            values = {name: rewrite.text(getattr(row, name)) for name in fields}
            values.update({name: rewrite.data(getattr(row, name)) for name in json_fields})
            values = {name: value for name, value in values.items() if value != getattr(row, name)}
            if values:
                queryset.model._default_manager.filter(pk=row.pk).update(**values)
                changed += 1
        return changed


def correction(subject, changes, names):
    """The ``Rewrite`` of a correction: the old address, number and names become the new ones."""
    return Rewrite(subject, names,
                   email_to=normalise_email(changes["email"]) if changes.get("email") else None,
                   phone_to=changes["phone"].strip() if changes.get("phone") else None,
                   name_to=" ".join(changes["name"].split()) if changes.get("name") else None)


# -- describing ----------------------------------------------------------------------------------------


def as_read(value):
    """A stored value as the person reads it."""
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value) if timezone.is_aware(value) else value,
                                   "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "DATE_FORMAT")
    if isinstance(value, models.Model):
        return str(value)
    return value


def field_values(row, names):
    values = {}
    for name in names:
        model_field = row._meta.get_field(name)
        if model_field.choices:
            value = getattr(row, f"get_{name}_display")()
        elif model_field.is_relation:
            value = getattr(row, name)
            value = getattr(value, "title", None) or (str(value) if value is not None else "")
        else:
            value = getattr(row, name)
        values[capfirst(str(model_field.verbose_name))] = as_read(value)
    return values


def core_record(row, fields, created_at=None, source=None, note="", **extra):
    values = field_values(row, fields)
    if note:
        values[str(_("Note"))] = str(note)
    return CoreRecord(source=str(source or capfirst(str(row._meta.verbose_name))),
                      reference=f"{row._meta.label_lower}:{row.pk}", created_at=created_at, fields=values,
                      erasure_note=str(note) if note else "", **extra)


class Source:
    """One kind of core row holding personal data. Subclasses override what applies."""

    #: ``describe`` needs what the other sources and the plugins found (``held``).
    reads_held = False

    def describe(self, subject, held=None):
        return []

    def correct(self, subject, changes, held=None):
        return 0

    def erase(self, subject, held=None):
        return 0


def held_or_found(subject, held):
    return held if held is not None else Held.of(subject)
