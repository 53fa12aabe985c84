"""Cohorts: a provincial network (or national staff, for a national programme) takes OMS through courses together.

Invariants (who may do what is ``cohorts.scope``):
- A cohort belongs to exactly one owner: a provincial network or a national programme page
  (a check constraint); its courses and its programme are source-language (Indonesian) pages.
- A member is a verified source-language OMS, once per cohort (unique constraint); a provincial
  cohort's members are OMS of that province only (``CohortMember.clean`` and ``cohorts.membership``).
- A cohort's dates are ordered (check constraint); its status is derived from them, never stored.
- Its discussions live in its forum space (``forums.Space``, made by ``forums.signals``).
- A message is delivered once: ``sent_at`` is set under a row lock by the task that queues its emails.
"""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Cohort(models.Model):
    """A group of OMS taking some courses between two dates, with its managers' messages.

    Its discussions are its forum space (``forum_space``, kind cohort), made when the cohort is created.
    """

    class Status(models.TextChoices):
        UPCOMING = "upcoming", _("Upcoming")
        RUNNING = "running", _("Running")
        ENDED = "ended", _("Ended")

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    network = models.ForeignKey("network.ProvincialNetwork", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="cohorts", verbose_name=_("provincial network"))
    programme = models.ForeignKey("programmes.ProgrammePage", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="cohorts", verbose_name=_("national programme"))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    courses = models.ManyToManyField("learning.CoursePage", blank=True, related_name="cohorts",
                                     verbose_name=_("courses"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "title"]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        constraints = [
            models.CheckConstraint(
                condition=(Q(network__isnull=False, programme__isnull=True)
                           | Q(network__isnull=True, programme__isnull=False)),
                name="cohort_has_one_owner"),
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="cohort_dates_ordered"),
        ]

    def __str__(self):
        return self.title

    @property
    def province(self):
        """The province whose OMS may join (None for a national programme's cohort)."""
        return self.network.province if self.network_id else None

    @property
    def owner_name(self):
        return self.network.display_name if self.network_id else self.programme.title

    def status_on(self, day):
        if day < self.start_date:
            return self.Status.UPCOMING
        if day > self.end_date:
            return self.Status.ENDED
        return self.Status.RUNNING

    @property
    def status(self):
        return self.status_on(timezone.localdate())

    def get_status_display(self):
        return self.Status(self.status).label

    def get_absolute_url(self):
        return reverse("cohorts:detail", kwargs={"pk": self.pk})

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})
        if bool(self.network_id) == bool(self.programme_id):
            raise ValidationError(_("Choose either a provincial network or a national programme, not both."))


class CohortMember(models.Model):
    """A verified OMS taking part in a cohort: its learners are the cohort's learners."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="members", verbose_name=_("cohort"))
    organisation = models.ForeignKey("partners.OrganisationPage", on_delete=models.CASCADE,
                                     related_name="cohort_memberships", verbose_name=_("organisation"))
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", verbose_name=_("added by"))
    added_at = models.DateTimeField(_("added on"), auto_now_add=True)

    class Meta:
        ordering = ["organisation__title"]
        constraints = [models.UniqueConstraint(fields=["cohort", "organisation"], name="one_membership_per_cohort")]
        verbose_name = _("cohort member")
        verbose_name_plural = _("cohort members")

    def __str__(self):
        return f"{self.cohort_id}: {self.organisation_id}"

    def clean(self):
        from .membership import membership_error

        error = membership_error(self.cohort, self.organisation)
        if error:
            raise ValidationError({"organisation": error})


class CohortMessage(models.Model):
    """A message a cohort's managers send to every learner of its member OMS (emailed by the task worker)."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="messages", verbose_name=_("cohort"))
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), max_length=10000)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+", verbose_name=_("sent by"))
    created_at = models.DateTimeField(_("written on"), auto_now_add=True)
    sent_at = models.DateTimeField(_("emails queued on"), null=True, blank=True)
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("cohort message")
        verbose_name_plural = _("cohort messages")

    def __str__(self):
        return self.subject
