"""What the privacy app records: notices, consents, data subjects' requests, staff access, breaches.

None of these rows is personal data of its own beyond what it must hold to prove something (a
consent's address, a request's address until it is answered); each part says when that goes.
"""
import hashlib
import hmac

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lokadaya.cached_rows import SingleRowSetting

SETTINGS_CACHE_KEY = "privacy:settings"


def subject_hash(value):
    """A keyed hash of a normalised address or phone number: lets a finished request or a withdrawn
    consent be matched again later without keeping the address itself."""
    if not value:
        return ""
    return hmac.new(settings.SECRET_KEY.encode(), f"privacy:{value}".encode(), hashlib.sha256).hexdigest()


class PrivacySettings(SingleRowSetting):
    """The platform's privacy settings (one row), changed by national admins."""

    cache_key = SETTINGS_CACHE_KEY

    pledge_retention_months = models.PositiveIntegerField(
        _("keep supporters' personal data for (months after the campaign ends)"), default=24,
        help_text=_("After this, the names, emails, phone numbers, addresses and messages of a campaign's "
                    "pledges, signups, proposals and signatures are anonymised."))
    money_retention_years = models.PositiveIntegerField(
        _("keep donors' identity on money records for (years after the campaign ends)"), default=10,
        help_text=_("Financial records are kept with the donor's identity this long, as accounting law requires; "
                    "then they too are anonymised (the amounts stay)."))
    request_deadline_hours = models.PositiveIntegerField(
        _("answer a data subject's request within (hours)"), default=72,
        help_text=_("UU PDP gives 3 × 24 hours for most requests."))
    controller_contact = models.TextField(
        _("contact for personal data questions"), blank=True, max_length=1000,
        help_text=_("Who answers questions about personal data (the data protection officer), shown on the "
                    "privacy notice."))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("changed by"))
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("privacy settings")
        verbose_name_plural = _("privacy settings")

    def __str__(self):
        return str(_("Privacy settings"))

    @classmethod
    def current(cls):
        """The settings row (unsaved defaults when none was saved yet), cached."""
        return cls.cached()


class RetentionRun(models.Model):
    """One run of the retention job (``privacy/retention``): when, and how much it anonymised.

    Lets national admins and OMS see that the policy is applied; holds no personal data.
    """

    started_at = models.DateTimeField(_("started"), default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    campaigns = models.PositiveIntegerField(_("campaigns past their retention"), default=0)
    records = models.PositiveIntegerField(_("records anonymised"), default=0)
    details = models.JSONField(_("details"), default=dict, blank=True,
                               help_text=_("The figures of each step (support types, consents, deliveries)."))

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M} · {self.records}"

    @classmethod
    def last_finished(cls):
        return cls.objects.filter(finished_at__isnull=False).order_by("-finished_at").first()


class PrivacyNotice(models.Model):
    """One published version of the privacy notice; the highest version is the one in force.

    The admin writes the free text (``intro_*``, ``extra_*``); ``flows`` is the description of the
    site's real data flows (what each form collects, for what, who sees it, how long it is kept),
    generated from the code when the version is published and kept as it was then.
    """

    version = models.PositiveIntegerField(_("version"), unique=True)
    intro_id = models.TextField(_("introduction (Indonesian)"), blank=True)
    intro_en = models.TextField(_("introduction (English)"), blank=True)
    extra_id = models.TextField(_("further sections (Indonesian)"), blank=True)
    extra_en = models.TextField(_("further sections (English)"), blank=True)
    flows = models.JSONField(_("data flows"), default=dict, blank=True)
    change_summary = models.CharField(_("what changed"), max_length=300, blank=True)
    published_at = models.DateTimeField(_("published"), default=timezone.now)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("published by"))

    class Meta:
        ordering = ["-version"]
        verbose_name = _("privacy notice")
        verbose_name_plural = _("privacy notices")

    def __str__(self):
        return str(_("Privacy notice, version %(version)s") % {"version": self.version})


class Consent(models.Model):
    """One consent a person gave (or refused) on a form, with the notice version in force then.

    ``processing`` is the consent every form asks for (to handle what was sent); ``updates`` and
    ``public_name`` are the optional ones. Withdrawing sets ``withdrawn_at``; the row stays as proof
    until the person's data is erased, when its address and phone are blanked (``subject`` stays).
    """

    class Purpose(models.TextChoices):
        PROCESSING = "processing", _("handling what was sent")
        UPDATES = "updates", _("news of the campaign")
        PUBLIC_NAME = "public_name", _("name shown in public")

    email = models.EmailField(_("email"), blank=True, db_index=True)  # lower-cased
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    subject = models.CharField(_("subject key"), max_length=64, blank=True, db_index=True,
                               help_text=_("A keyed hash of the address: what stays after erasure."))
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    granted = models.BooleanField(_("given"))
    notice_version = models.PositiveIntegerField(_("privacy notice version"), null=True, blank=True)
    source = models.CharField(_("form"), max_length=80,
                              help_text=_("The form it was given on: a support type's key, or a core form's name."))
    record_type = models.CharField(_("record type"), max_length=100, blank=True)
    record_id = models.CharField(_("record"), max_length=64, blank=True)
    campaign = models.ForeignKey("campaigns.CampaignPage", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", verbose_name=_("campaign"))
    organisation = models.ForeignKey("partners.OrganisationPage", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+",
                                     verbose_name=_("organisation"))
    created_at = models.DateTimeField(_("given at"), default=timezone.now, db_index=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        indexes = [models.Index(fields=["record_type", "record_id"], name="privacy_consent_record")]

    def __str__(self):
        return f"{self.get_purpose_display()} · {self.source}"


class DataSubjectRequest(models.Model):
    """A data subject's request (access, correction, erasure, withdrawal), tracked to its deadline.

    ``email``/``phone`` are kept while the request is open; an erasure blanks them when done and
    keeps ``subject`` (a keyed hash) and ``masked`` ("b•••@example.org") for the register.
    """

    class Kind(models.TextChoices):
        ACCESS = "access", _("access (a copy of the data)")
        CORRECTION = "correction", _("correction")
        ERASURE = "erasure", _("erasure")
        WITHDRAWAL = "withdrawal", _("withdrawal of consent")
        OBJECTION = "objection", _("objection to processing")

    class Status(models.TextChoices):
        UNVERIFIED = "unverified", _("waiting for the address to be confirmed")
        OPEN = "open", _("open")
        DONE = "done", _("answered")
        REFUSED = "refused", _("refused")

    class Channel(models.TextChoices):
        SELF_SERVICE = "self_service", _("privacy centre")
        STAFF = "staff", _("received by staff (email, letter, phone)")

    kind = models.CharField(_("request"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.UNVERIFIED,
                              db_index=True)
    channel = models.CharField(_("received through"), max_length=20, choices=Channel.choices,
                               default=Channel.SELF_SERVICE)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    subject = models.CharField(_("subject key"), max_length=64, blank=True, db_index=True)
    masked = models.CharField(_("who (masked)"), max_length=200, blank=True)
    details = models.TextField(_("what was asked"), blank=True, max_length=4000)
    outcome = models.JSONField(_("what was done"), default=dict, blank=True)
    staff_note = models.TextField(_("staff note"), blank=True, max_length=4000)
    language = models.CharField(_("language"), max_length=10, blank=True)
    received_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    verified_at = models.DateTimeField(_("address confirmed"), null=True, blank=True)
    due_at = models.DateTimeField(_("answer due"), null=True, blank=True, db_index=True)
    completed_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("handled by"))

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("data subject request")
        verbose_name_plural = _("data subject requests")

    def __str__(self):
        return f"{self.get_kind_display()} · {self.masked or self.pk}"

    @property
    def is_overdue(self):
        return self.status == self.Status.OPEN and self.due_at is not None and self.due_at < timezone.now()


class AccessLogEntry(models.Model):
    """One view or export of supporters' personal data by a signed-in staff member.

    Written by ``privacy.accesslog.log_access`` from the screens that show it; never changed.
    """

    class Action(models.TextChoices):
        LIST = "list", _("viewed a list")
        RECORD = "record", _("viewed a record")
        EXPORT = "export", _("downloaded an export")
        PRIVACY = "privacy", _("handled a data subject request")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                             verbose_name=_("who"))
    username = models.CharField(_("who"), max_length=150)
    organisation = models.ForeignKey("partners.OrganisationPage", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+",
                                     verbose_name=_("whose supporters"))
    action = models.CharField(_("what"), max_length=20, choices=Action.choices)
    what = models.CharField(_("data"), max_length=300)
    record_count = models.PositiveIntegerField(_("records"), default=0)
    path = models.CharField(_("address"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data access log")
        indexes = [models.Index(fields=["organisation", "-created_at"], name="privacy_access_org")]

    def __str__(self):
        return f"{self.username} · {self.get_action_display()} · {self.what}"


class Breach(models.Model):
    """A personal data breach: what happened, whom it touches, who was told and when.

    Who is affected is described by a scope the command ``breach_report`` reads: the campaigns
    (none: every campaign), the support types (none: every type) and the period the records were
    made in.
    """

    title = models.CharField(_("what happened (short)"), max_length=200)
    description = models.TextField(_("what happened"), max_length=6000)
    data_kinds = models.CharField(_("which personal data"), max_length=300,
                                  help_text=_("E.g. names, emails and phone numbers of donors."))
    occurred_at = models.DateTimeField(_("happened (as far as known)"), null=True, blank=True)
    discovered_at = models.DateTimeField(_("found"), default=timezone.now)
    contained_at = models.DateTimeField(_("stopped"), null=True, blank=True)
    measures = models.TextField(_("what was done about it"), blank=True, max_length=6000)
    campaigns = models.ManyToManyField("campaigns.CampaignPage", blank=True, related_name="+",
                                       verbose_name=_("campaigns affected"),
                                       help_text=_("Empty: every campaign."))
    support_types = models.JSONField(_("support types affected"), default=list, blank=True,
                                     help_text=_("Empty: every type."))
    records_from = models.DateTimeField(_("records made from"), null=True, blank=True)
    records_until = models.DateTimeField(_("records made until"), null=True, blank=True)
    affected_count = models.PositiveIntegerField(_("people affected"), null=True, blank=True)
    authority_notified_at = models.DateTimeField(_("authority told"), null=True, blank=True)
    subjects_notified_at = models.DateTimeField(_("people told"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("recorded by"))
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["-discovered_at"]
        verbose_name = _("personal data breach")
        verbose_name_plural = _("personal data breaches")

    def __str__(self):
        return self.title

    @property
    def notify_by(self):
        """UU PDP: the people and the authority are told within 3 × 24 hours of the breach being found."""
        import datetime

        return self.discovered_at + datetime.timedelta(hours=72)

    @property
    def is_notified(self):
        """Both the authority and the people were told."""
        return self.authority_notified_at is not None and self.subjects_notified_at is not None

    @property
    def is_overdue(self):
        """The 3 × 24 hours are over and someone (the authority or the people) was not told yet."""
        return not self.is_notified and timezone.now() > self.notify_by

    @property
    def notified_late(self):
        """Someone was told, but after the 3 × 24 hours."""
        return any(moment is not None and moment > self.notify_by
                   for moment in (self.authority_notified_at, self.subjects_notified_at))
