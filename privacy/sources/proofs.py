"""Sources for the proofs the privacy app keeps: consents and requests keep their keyed hash and
dates, the address goes."""
from django.apps import apps
from django.db.models import Q

from ..subjects import Subject, matching, normalise_email
from .base import Rewrite, Source, core_record, correction, held_or_found


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
        return [core_record(row, self.shown, created_at=getattr(row, self.created_field), **self.extra(row))
                for row in self.rows(subject)]

    def extra(self, row):
        return {}

    def correct(self, subject, changes, held=None):
        email, phone = normalise_email(changes.get("email")), (changes.get("phone") or "").strip()
        if self.texts or self.json_texts:
            held = held_or_found(subject, held)
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
        held = held_or_found(subject, held)
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
