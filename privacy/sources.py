"""Core's own personal data: what the platform holds about a person outside the support types.

Each source describes, corrects and erases one kind of row (a donor account, an event
registration, an opt-out, a sign-in account, the free texts that may quote the person...).
``service`` calls every source in ``CORE_SOURCES`` beside the plugins' hooks, with ``held``: what
was found about the person before anything changed (``Held``: their records, the names on them).
A new core model holding personal data adds its source here.

Invariants:

* **Found by the address or the number only.** A source reads rows whose email or phone is the
  subject's (``subjects.matching``), or rows about the person's own records (``held.references``);
  never a row because of a name alone, except where a name is *replaced* in free text.
* **Staff accounts stay.** A sign-in account with access to the admin (staff, superuser, an OMS
  editor, a moderator) is never corrected, deactivated or anonymised from here: describing it
  says that the national admin handles it (``CoreRecord.erasure_note``), so an erasure request
  naming a staff address cannot lock anyone out of the admin.
* **Proof stays, the person goes.** Consents and requests keep their keyed hash (``subject``) and
  dates with the address blanked; a report stays for moderation without the reporter's address;
  a certificate is revoked and anonymised, never deleted, so its public page says why.
* **Free text is rewritten, not deleted.** Audit logs, status notes and money flags keep what
  happened; the person's address, number and names in them are replaced (``MASK`` on erasure,
  the corrected value on correction).
* **Nothing queued is cancelled.** A task not yet run (an email already queued) is left to run
  and said so; finished tasks naming the person are deleted (the worker prunes them anyway).
"""
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

from .records import ANONYMOUS_EMAIL_DOMAIN
from .subjects import Subject, matching, normalise_email

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
        return cls(subject=subject, items=items, names=frozenset(_names(items, references)), references=references)

    def ids(self, label):
        """The primary keys (integers) of the person's records of model ``label``."""
        return {int(pk) for pk in self.references.get(label.lower(), ()) if str(pk).isdigit()}


def _names(items, references):
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
        single = [name for name in NAME_FIELDS if _has_field(model, name)]
        pairs = [pair for pair in NAME_PAIRS if all(_has_field(model, name) for name in pair)]
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


def _has_field(model, name):
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


def _show(value):
    """A stored value as the person reads it."""
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value) if timezone.is_aware(value) else value,
                                   "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "DATE_FORMAT")
    if isinstance(value, models.Model):
        return str(value)
    return value


def _fields(row, names):
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
        values[capfirst(str(model_field.verbose_name))] = _show(value)
    return values


def _record(row, fields, created_at=None, source=None, note="", **extra):
    values = _fields(row, fields)
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


def _held(subject, held):
    return held if held is not None else Held.of(subject)


# -- the sources -----------------------------------------------------------------------------------------


class DonorAccounts(Source):
    """A donor's account (``donors``): only an address; erasing deletes it (history is read from
    the records, which are anonymised by their plugins)."""

    def rows(self, subject):
        from donors.models import DonorAccount

        return matching(DonorAccount.objects.all(), subject, phone_field=None)

    def describe(self, subject, held=None):
        return [_record(row, ["email", "language", "created_at", "last_login_at"], created_at=row.created_at)
                for row in self.rows(subject)]

    def correct(self, subject, changes, held=None):
        email = normalise_email(changes.get("email"))
        if not email:
            return 0
        count = 0
        for row in self.rows(subject):
            if type(row).objects.filter(email=email).exclude(pk=row.pk).exists():
                row.delete()  # the new address has its own account already: its history follows the records
            else:
                type(row).objects.filter(pk=row.pk).update(email=email)
            count += 1
        return count

    def erase(self, subject, held=None):
        return self.rows(subject).delete()[0]


class ByEmail(Source):
    """Rows found by an email field, deleted on erasure; ``unique_with``: the fields that, with the
    address, are unique (a corrected address already there: the old row is dropped)."""

    model_label = ""
    email_field = "email"
    name_field = None
    shown = ()
    unique_with = ()
    #: A corrected address another row of the same ``unique_with`` has already: drop this row (else
    #: keep its old address).
    drop_on_clash = True
    created_field = None

    @property
    def model(self):
        return apps.get_model(self.model_label)

    def rows(self, subject):
        return matching(self.model.objects.all(), subject, email_field=self.email_field, phone_field=None)

    def extra(self, row):
        return {}

    def describe(self, subject, held=None):
        return [_record(row, self.shown, created_at=getattr(row, self.created_field) if self.created_field else None,
                        **self.extra(row)) for row in self.rows(subject)]

    def correct(self, subject, changes, held=None):
        email = normalise_email(changes.get("email"))
        name = " ".join((changes.get("name") or "").split())
        count = 0
        for row in self.rows(subject):
            values = {}
            if name and self.name_field:
                values[self.name_field] = name
            if email:
                clash = self.model.objects.filter(**{f"{self.email_field}__iexact": email},
                                                  **{part: getattr(row, part) for part in self.unique_with})
                if not clash.exclude(pk=row.pk).exists():
                    values[self.email_field] = email
                elif self.drop_on_clash:
                    row.delete()
                    count += 1
                    continue
            if values:
                self.model.objects.filter(pk=row.pk).update(**values)
                count += 1
        return count

    def erase(self, subject, held=None):
        return self.rows(subject).delete()[0]


class UpdateOptOuts(ByEmail):
    """No more story updates, from one campaign or all (``editorial``). Erased with the person: their
    records no longer hold an address, so nothing would be sent."""

    model_label = "editorial.UpdateOptOut"
    shown = ("email", "campaign", "created_at")
    unique_with = ("campaign_id",)
    created_field = "created_at"

    def extra(self, row):
        campaign = row.campaign
        if campaign is None:
            return {}
        organisation = campaign.organisation
        return {"campaign": campaign.title, "campaign_id": campaign.pk,
                "organisation": organisation.title if organisation else ""}


class StoryUpdateDeliveries(ByEmail):
    """The addresses a story update went to (``editorial``): kept so a retry mails no one twice."""

    model_label = "editorial.StoryUpdateDelivery"
    shown = ("email", "sent_at")
    unique_with = ("dispatch_id",)
    created_field = "sent_at"

    def describe(self, subject, held=None):
        items = []
        for row in self.rows(subject).select_related("dispatch__story"):
            item = _record(row, self.shown, created_at=row.sent_at, source=_("Story update sent"))
            story = row.dispatch.story
            if story is not None:
                item.fields[str(_("Story"))] = story.title
            items.append(item)
        return items


class LearnerInvitations(ByEmail):
    """An OMS's invitation to learn under its name (``learning``): deleted on erasure."""

    model_label = "learning.LearnerInvitation"
    name_field = "name"
    shown = ("name", "email", "organisation", "created_at", "accepted_at", "revoked_at")
    unique_with = ()
    created_field = "created_at"

    def extra(self, row):
        return {"organisation": row.organisation.title}


class EventRegistrations(ByEmail):
    """A registration for a webinar or training (``events``).

    Erasure keeps the row (the event's numbers and attendance stay) with the name blanked and the
    address replaced by a per-row placeholder (an event allows one registration per address); a
    registration for an event still to come is cancelled first, so its seat goes to the waiting
    list; no reminder, recording notice or certificate is mailed after.
    """

    model_label = "events.Registration"
    name_field = "name"
    shown = ("name", "email", "event", "status", "created", "attended_at")
    unique_with = ("event_id",)
    created_field = "created"
    drop_on_clash = False  # a second registration for the event keeps its own address

    def rows(self, subject):
        return super().rows(subject).select_related("event")

    def erase(self, subject, held=None):
        from events import registrations

        now = timezone.now()
        count = 0
        for row in self.rows(subject):
            if not row.event.is_past(now):
                registrations.cancel(row, now=now)
            self.model.objects.filter(pk=row.pk).update(
                name="", email=f"anonim-{row.pk}@{ANONYMOUS_EMAIL_DOMAIN}", user=None,
                reminder_day_sent_at=row.reminder_day_sent_at or now,
                reminder_hour_sent_at=row.reminder_hour_sent_at or now,
                recording_sent_at=row.recording_sent_at or now,
                certificate_sent_at=row.certificate_sent_at or now)
            count += 1
        return count


class Reports(Source):
    """A visitor's report on a page (``reports``): the moderators' work stays, the reporter's
    address goes, and their names, address and number are taken out of what they wrote."""

    def rows(self, subject):
        from reports.models import Report

        return matching(Report.objects.all(), subject, phone_field=None)

    def describe(self, subject, held=None):
        return [_record(row, ["email", "kind", "page_title", "reason", "detail", "status", "created_at"],
                        created_at=row.created_at) for row in self.rows(subject)]

    def correct(self, subject, changes, held=None):
        held = _held(subject, held)
        rows = self.rows(subject)
        ids = list(rows.values_list("pk", flat=True))
        correction(subject, changes, held.names).apply(rows.model.objects.filter(pk__in=ids),
                                                       ["detail", "handling_note"])
        email = normalise_email(changes.get("email"))
        return rows.model.objects.filter(pk__in=ids).update(email=email) if email else 0

    def erase(self, subject, held=None):
        held = _held(subject, held)
        rows = self.rows(subject)
        ids = list(rows.values_list("pk", flat=True))
        Rewrite(subject, held.names).apply(rows.model.objects.filter(pk__in=ids), ["detail", "handling_note"])
        return rows.model.objects.filter(pk__in=ids).update(email="")


class Certificates(Source):
    """Certificates of courses and events (``certificates``), by their address or their account's.

    Erasure revokes the certificate and anonymises it rather than deleting it: its public page,
    found by a code printed on paper, then says it was revoked at the holder's request instead of
    "not found" (which would read as a forgery), and nobody is named any more. What it certified
    (title, date, issuer) stays: it names nobody.
    """

    def rows(self, subject):
        from certificates.models import Certificate

        if not subject.email:
            return Certificate.objects.none()
        return Certificate.objects.filter(Q(recipient_email__iexact=subject.email)
                                          | Q(user__email__iexact=subject.email))

    def describe(self, subject, held=None):
        return [_record(row, ["recipient_name", "recipient_email", "kind", "title", "achieved_on", "organisation_name",
                              "revoked_at"], created_at=row.issued_at) for row in self.rows(subject)]

    def correct(self, subject, changes, held=None):
        values = {}
        if changes.get("name"):
            values["recipient_name"] = " ".join(changes["name"].split())
        email = normalise_email(changes.get("email"))
        count = 0
        for row in self.rows(subject).filter(revoked_at__isnull=True):
            update = dict(values)
            if email and (row.recipient_email or "").lower() == subject.email:
                update["recipient_email"] = email
            if update:
                type(row).objects.filter(pk=row.pk).update(**update)
                count += 1
        return count

    def erase(self, subject, held=None):
        from certificates.models import Certificate

        with translation.override(settings.LANGUAGE_CODE):
            reason = str(_("Revoked at the holder's request: their personal data was erased."))
        ids = list(self.rows(subject).values_list("pk", flat=True))
        now = timezone.now()
        Certificate.objects.filter(pk__in=ids, revoked_at__isnull=True).update(
            revoked_at=now, revoked_by=None, revocation_reason=reason)
        return Certificate.objects.filter(pk__in=ids).update(recipient_name=ERASED_NAME, recipient_email="", user=None)


class ProofRows(Source):
    """Rows kept as proof (consents, requests): erasure blanks the address and number and keeps the
    keyed hash (``subject``), so a later request can still be matched to them."""

    model_label = ""
    shown = ()
    created_field = ""
    texts = ()
    json_texts = ()

    @property
    def model(self):
        return apps.get_model(self.model_label)

    def rows(self, subject):
        keys = {Subject(email=subject.email).key if subject.email else "",
                Subject(phone=subject.phone).key if subject.phone else ""} - {""}
        found = matching(self.model.objects.all(), subject)
        return self.model.objects.filter(Q(pk__in=found.values("pk")) | Q(subject__in=keys))

    def describe(self, subject, held=None):
        return [_record(row, self.shown, created_at=getattr(row, self.created_field), **self.extra(row))
                for row in self.rows(subject)]

    def extra(self, row):
        return {}

    def correct(self, subject, changes, held=None):
        email, phone = normalise_email(changes.get("email")), (changes.get("phone") or "").strip()
        if self.texts or self.json_texts:
            held = _held(subject, held)
            correction(subject, changes, held.names).apply(self.rows(subject), self.texts, self.json_texts)
        count = 0
        if email or phone:
            for row in matching(self.model.objects.all(), subject):
                row.email = email or row.email
                row.phone = phone or row.phone
                row.subject = Subject.of(row.email, row.phone).key
                self.model.objects.filter(pk=row.pk).update(email=row.email, phone=row.phone, subject=row.subject)
                count += 1
        return count

    def erase(self, subject, held=None):
        held = _held(subject, held)
        rows = self.rows(subject)
        ids = list(rows.values_list("pk", flat=True))
        if self.texts or self.json_texts:
            Rewrite(subject, held.names).apply(self.model.objects.filter(pk__in=ids), self.texts, self.json_texts)
        count = 0
        for row in self.model.objects.filter(pk__in=ids).exclude(email="", phone=""):
            values = {"email": "", "phone": ""}
            if not row.subject:
                values["subject"] = Subject.of(row.email, row.phone).key
            if hasattr(row, "masked") and not row.masked:
                values["masked"] = Subject.of(row.email, row.phone).masked
            self.model.objects.filter(pk=row.pk).update(**values)
            count += 1
        return count


class Consents(ProofRows):
    model_label = "privacy.Consent"
    shown = ("email", "phone", "purpose", "granted", "notice_version", "source", "campaign", "created_at",
             "withdrawn_at")
    created_field = "created_at"

    def extra(self, row):
        campaign = row.campaign
        if campaign is None:
            return {}
        return {"campaign": campaign.title, "campaign_id": campaign.pk}


class Requests(ProofRows):
    """The person's requests (``DataSubjectRequest``): what they asked and what staff wrote about it
    is rewritten too (a correction request names the old and the new name)."""

    model_label = "privacy.DataSubjectRequest"
    shown = ("kind", "status", "channel", "email", "phone", "details", "received_at", "due_at", "completed_at")
    created_field = "received_at"
    texts = ("details", "staff_note")
    json_texts = ("outcome",)


class OrganisationContacts(Source):
    """An OMS profile whose contact address or WhatsApp is the person's: shown, never erased from
    here (the profile is the OMS's; its editors change the contact)."""

    def describe(self, subject, held=None):
        from partners.models import OrganisationPage

        note = _("This is the contact of an organisation's profile: its editors change it.")
        rows = matching(OrganisationPage.objects.all(), subject, phone_field="whatsapp")
        return [_record(row, ["title", "email", "whatsapp"], created_at=row.first_published_at,
                        source=capfirst(str(OrganisationPage._meta.verbose_name)), note=note, organisation=row.title)
                for row in rows]


def is_staff_account(user):
    """An account with access to the admin: the national admin handles it, never a self-service request."""
    return bool(user.is_staff or user.is_superuser or user.has_perm("wagtailadmin.access_admin"))


class Users(Source):
    """Sign-in accounts (Django's users) with the person's address.

    Erasure deactivates and anonymises the account (so what it links to, enrolments and forum
    posts, stays without naming anyone), removes its second factors and its sign-in attempts;
    a staff account is left alone (``is_staff_account``).
    """

    def rows(self, subject):
        from django.contrib.auth import get_user_model

        if not subject.email:
            return get_user_model().objects.none()
        return get_user_model().objects.filter(email__iexact=subject.email)

    def describe(self, subject, held=None):
        items = []
        for user in self.rows(subject):
            note = _("Staff accounts are handled by the national admin.") if is_staff_account(user) else ""
            item = _record(user, ["username", "first_name", "last_name", "email", "date_joined", "last_login",
                                  "is_active"], created_at=user.date_joined, source=_("Sign-in account"), note=note)
            items.append(item)
        return items

    def correct(self, subject, changes, held=None):
        email = normalise_email(changes.get("email"))
        name = " ".join((changes.get("name") or "").split())
        count = 0
        for user in self.rows(subject):
            if is_staff_account(user):
                continue
            values = {}
            if email:
                values["email"] = email
            if name:
                values.update(first_name=name[:150], last_name="")
            if values:
                type(user).objects.filter(pk=user.pk).update(**values)
                count += 1
        return count

    def erase(self, subject, held=None):
        count = 0
        usernames = {subject.email} if subject.email else set()
        staff = False
        for user in self.rows(subject):
            if is_staff_account(user):
                staff = True
                continue
            usernames.add(user.get_username())
            self._forget_devices(user)
            user.username = f"terhapus-{user.pk}"
            user.first_name = user.last_name = user.email = ""
            user.is_active = False
            user.set_unusable_password()
            user.save(update_fields=["username", "first_name", "last_name", "email", "is_active", "password"])
            count += 1
        if not staff:
            count += self._forget_attempts(usernames)
        return count

    @staticmethod
    def _forget_devices(user):
        for label in ("otp_totp.TOTPDevice", "otp_static.StaticDevice"):
            try:
                apps.get_model(label).objects.filter(user=user).delete()
            except LookupError:
                pass
        try:
            profile = apps.get_model("wagtailusers.UserProfile").objects.filter(user=user).first()
        except LookupError:
            profile = None
        if profile is not None and getattr(profile, "avatar", None):
            profile.avatar.delete(save=False)
            profile.avatar = ""
            profile.save(update_fields=["avatar"])

    @staticmethod
    def _forget_attempts(usernames):
        """Sign-in attempts (``axes``) made with the address or the account's name."""
        usernames = {name for name in usernames if name}
        if not usernames or not apps.is_installed("axes"):
            return 0
        condition = Q()
        for name in usernames:
            condition |= Q(username__iexact=name)
        count = 0
        for label in ("axes.AccessAttempt", "axes.AccessLog", "axes.AccessFailureLog"):
            try:
                count += apps.get_model(label).objects.filter(condition).delete()[0]
            except LookupError:
                pass
        return count


class FreeText(Source):
    """Text fields that may quote the person (audit logs, notes). Their address and number are
    replaced wherever they appear; their names wherever they appear (``names_everywhere``) or only
    in the rows about their own records (``own``: a function of ``held`` giving a filter)."""

    reads_held = True

    def __init__(self, model_label, fields=(), json_fields=(), own=None, names_everywhere=False, source=None,
                 described_elsewhere=None):
        self.model_label, self.fields, self.json_fields = model_label, tuple(fields), tuple(json_fields)
        self.own, self.names_everywhere, self.source = own, names_everywhere, source
        #: A function of the subject: a filter of the rows another source describes already.
        self.described_elsewhere = described_elsewhere

    @property
    def model(self):
        try:
            return apps.get_model(self.model_label)
        except LookupError:
            return None

    def _names_in(self, held):
        if self.names_everywhere:
            return None
        return self.own(held) if self.own else Q(pk__in=[])

    def describe(self, subject, held=None):
        model = self.model
        if model is None:
            return []
        held = _held(subject, held)
        rewrite = Rewrite(subject)
        aliases = {name: f"_privacy_{name}_text" for name in self.json_fields}
        rows = model._default_manager.alias(**{alias: Cast(name, TextField()) for name, alias in aliases.items()})
        condition = Q()
        for expression in (*self.fields, *aliases.values()):
            condition |= rewrite.condition(expression, names=False)
        if self.own and self.fields:
            written = Q()
            for name in self.fields:
                written |= ~Q(**{name: ""})
            condition |= self.own(held) & written
        if not condition:
            return []
        rows = rows.filter(condition)
        if self.described_elsewhere:
            rows = rows.exclude(self.described_elsewhere(subject))
        items = []
        for row in rows[:500]:
            values = {capfirst(str(model._meta.get_field(name).verbose_name)): _show(getattr(row, name))
                      for name in (*self.fields, *self.json_fields)}
            values = {label: (json.dumps(value, ensure_ascii=False, default=str)
                              if isinstance(value, (dict, list)) else value) for label, value in values.items()}
            created = next((getattr(row, name) for name in ("created_at", "action_time", "timestamp")
                            if hasattr(row, name)), None)
            items.append(CoreRecord(source=str(self.source or capfirst(str(model._meta.verbose_name))),
                                    reference=f"{model._meta.label_lower}:{row.pk}", created_at=created, fields=values))
        return items

    def correct(self, subject, changes, held=None):
        model = self.model
        if model is None:
            return 0
        held = _held(subject, held)
        return correction(subject, changes, held.names).apply(
            model._default_manager.all(), self.fields, self.json_fields, names_in=self._names_in(held))

    def erase(self, subject, held=None):
        model = self.model
        if model is None:
            return 0
        held = _held(subject, held)
        return Rewrite(subject, held.names).apply(
            model._default_manager.all(), self.fields, self.json_fields, names_in=self._names_in(held))


def _on_records(type_field, id_field):
    """A filter of ``held``: rows about the person's own records (``<type_field>`` = "app.model")."""
    def own(held):
        condition = Q(pk__in=[])
        for label in held.references:
            ids = held.ids(label)
            if ids:
                condition |= Q(**{type_field: label, f"{id_field}__in": ids})
        return condition
    return own


class QueuedTasks(Source):
    """The task worker's stored tasks (``django_tasks_db``) whose arguments or results name the person
    (emails to them, notifications about their records). Finished ones are deleted; one not yet run
    is left to run (an email already queued is sent) and said so."""

    reads_held = True
    FINISHED = ("SUCCESSFUL", "FAILED")

    def rows(self, subject, held):
        if not apps.is_installed("django_tasks_db"):
            return None
        from django_tasks_db.models import DBTaskResult as model
        rewrite = Rewrite(subject, held.names)
        if not rewrite:
            return model.objects.none()
        rows = model.objects.alias(_privacy_args=Cast("args_kwargs", TextField()),
                                   _privacy_return=Cast("return_value", TextField()))
        condition = Q()
        for expression in ("_privacy_args", "_privacy_return", "traceback"):
            condition |= rewrite.condition(expression)
        return rows.filter(condition)

    def describe(self, subject, held=None):
        rows = self.rows(subject, _held(subject, held))
        if rows is None:
            return []
        items = []
        for row in rows.order_by("enqueued_at")[:500]:
            note = "" if row.status in self.FINISHED else _(
                "Already queued: it still runs (an email already queued is sent); its record is deleted within a "
                "week after.")
            values = {str(_("Task")): row.task_path.rpartition(".")[2], str(_("Status")): row.get_status_display(),
                      str(_("Queued")): _show(row.enqueued_at)}
            if note:
                values[str(_("Note"))] = str(note)
            items.append(CoreRecord(source=str(_("Task of the site's worker")),
                                    reference=f"{row._meta.label_lower}:{row.pk}", created_at=row.enqueued_at,
                                    fields=values, erasure_note=str(note) if note else ""))
        return items

    def correct(self, subject, changes, held=None):
        # A finished task keeps what was sent then; with the old address it would still name the person.
        return self._delete_finished(subject, held) if changes.get("email") or changes.get("name") else 0

    def erase(self, subject, held=None):
        return self._delete_finished(subject, held)

    def _delete_finished(self, subject, held):
        rows = self.rows(subject, _held(subject, held))
        if rows is None:
            return 0
        return rows.model.objects.filter(pk__in=rows.filter(status__in=self.FINISHED).values("pk")).delete()[0]


# The order matters where one source finds rows through another's: certificates through their
# account's address, so before the accounts; the free texts last (they replace the names found first).
CORE_SOURCES = [
    DonorAccounts(),
    UpdateOptOuts(),
    StoryUpdateDeliveries(),
    EventRegistrations(),
    LearnerInvitations(),
    Reports(),
    Certificates(),
    OrganisationContacts(),
    Users(),
    Consents(),
    Requests(),
    FreeText("campaigns.StatusChange", ["note"], own=_on_records("record_type", "record_id"),
             source=_("Note on a status change")),
    FreeText("finance.MoneyFlag", ["note", "resolution"], own=_on_records("source_type", "source_id")),
    FreeText("reports.Report", ["detail", "handling_note"],
             described_elsewhere=lambda subject: Q(email__iexact=subject.email) if subject.email else Q(pk__in=[])),
    FreeText("finance.Disbursement", ["note"]),
    FreeText("cohorts.CohortMessage", ["subject", "body"]),
    FreeText("privacy.AccessLogEntry", ["what", "path"], names_everywhere=True),
    FreeText("privacy.Breach", ["description", "measures"]),
    FreeText("admin.LogEntry", ["object_repr", "change_message"], names_everywhere=True,
             source=_("Administration log")),
    FreeText("wagtailcore.ModelLogEntry", ["label"], ["data"], names_everywhere=True,
             source=_("Administration log")),
    FreeText("wagtailcore.PageLogEntry", ["label"], ["data"], names_everywhere=True,
             source=_("Administration log")),
    QueuedTasks(),
]
