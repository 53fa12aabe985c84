"""The editorial workflow's models: the provincial approval task, which workflow a page type gets,
and the story-update emails to supporters (who opted out, what was sent)."""
from django.db import models
from django.utils.translation import gettext_lazy as _

from .moderation import ProvincialModeratorApprovalTask  # noqa: F401 - a model: defined in its own module


class PageTypeWorkflow(models.Model):
    """The workflow every page of a type goes through (stories: review; campaigns: launch approval).

    Wagtail assigns workflows to page subtrees; campaigns and stories share their OMS's subtree but
    need different workflows, so the assignment is per type. Wagtail's own ``WorkflowContentType``
    is meant for snippets: its admin form drops page types on save, so it cannot hold this.
    """

    content_type = models.OneToOneField("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+",
                                        verbose_name=_("page type"))
    workflow = models.ForeignKey("wagtailcore.Workflow", on_delete=models.CASCADE, related_name="+",
                                 verbose_name=_("workflow"))

    class Meta:
        verbose_name = _("page type workflow")
        verbose_name_plural = _("page type workflows")

    def __str__(self):
        return f"{self.content_type} → {self.workflow}"


class UpdateOptOut(models.Model):
    """A supporter who wants no more story updates: from one campaign, or (no campaign) from all."""

    email = models.EmailField(_("email"), db_index=True)
    campaign = models.ForeignKey("campaigns.CampaignPage", null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="+", verbose_name=_("campaign"),
                                 help_text=_("Empty: no updates from any campaign."))
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("update opt-out")
        verbose_name_plural = _("update opt-outs")
        constraints = [
            models.UniqueConstraint(fields=["email", "campaign"], condition=models.Q(campaign__isnull=False),
                                    name="one_optout_per_email_campaign"),
            models.UniqueConstraint(fields=["email"], condition=models.Q(campaign__isnull=True),
                                    name="one_global_optout_per_email"),
        ]

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)


class StoryUpdateDispatch(models.Model):
    """The one time a story's publication was announced to its campaigns' supporters.

    Keyed by the story's translation key: the story and its translations are one story.
    """

    translation_key = models.UUIDField(_("story"), unique=True)
    story = models.ForeignKey("wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name=_("story page"))
    language = models.CharField(_("language"), max_length=10)
    muted = models.BooleanField(_("muted"), default=False,
                                help_text=_("Recorded without sending (demo content, imports)."))
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    sent = models.PositiveIntegerField(_("sent"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("story update dispatch")
        verbose_name_plural = _("story update dispatches")

    def __str__(self):
        return str(self.translation_key)


class StoryUpdateDelivery(models.Model):
    """One address a story update went to: a retried dispatch never mails anyone twice."""

    dispatch = models.ForeignKey(StoryUpdateDispatch, on_delete=models.CASCADE, related_name="deliveries")
    email = models.EmailField(_("email"))
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["dispatch", "email"], name="one_delivery_per_address")]
