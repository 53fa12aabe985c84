"""Sources for rows found by the person's address: opt-outs, story deliveries, learner invitations,
event registrations, reports and certificates."""
from django.apps import apps
from django.conf import settings
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from ..records import ANONYMOUS_EMAIL_DOMAIN
from ..subjects import matching, normalise_email
from .base import ERASED_NAME, Rewrite, Source, core_record, correction, held_or_found


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
        return [core_record(row, self.shown, created_at=getattr(row, self.created_field) if self.created_field else None,
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
            item = core_record(row, self.shown, created_at=row.sent_at, source=_("Story update sent"))
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
        return [core_record(row, ["email", "kind", "page_title", "reason", "detail", "status", "created_at"],
                        created_at=row.created_at) for row in self.rows(subject)]

    def correct(self, subject, changes, held=None):
        held = held_or_found(subject, held)
        rows = self.rows(subject)
        ids = list(rows.values_list("pk", flat=True))
        correction(subject, changes, held.names).apply(rows.model.objects.filter(pk__in=ids),
                                                       ["detail", "handling_note"])
        email = normalise_email(changes.get("email"))
        return rows.model.objects.filter(pk__in=ids).update(email=email) if email else 0

    def erase(self, subject, held=None):
        held = held_or_found(subject, held)
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
        return [core_record(row, ["recipient_name", "recipient_email", "kind", "title", "achieved_on", "organisation_name",
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
