"""Reports from the public ("Laporkan") and the moderation state of campaigns (freeze, clear, close).

The moderation state lives here, not on ``CampaignPage``: a page field would travel in revisions,
so publishing or reverting an old revision could quietly lift a freeze. One ``CampaignStanding``
row per campaign (its default-language page) says where it stands; every change also writes a
``ModerationAction`` (who, what, when, why), which is never edited.
"""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Report(models.Model):
    """A visitor's report about a campaign, an OMS's profile, a story, an alliance or a forum post."""

    class Reason(models.TextChoices):
        FRAUD = "fraud", _("Fraud or misuse of funds")
        FALSE_INFORMATION = "false_information", _("False information")
        HATEFUL = "hateful", _("Hateful or violent content")
        PRIVACY = "privacy", _("Privacy violation")
        OTHER = "other", _("Other")

    class Kind(models.TextChoices):
        CAMPAIGN = "campaign", _("Campaign")
        ORGANISATION = "organisation", _("OMS profile")
        STORY = "story", _("Story")
        FORUM_POST = "forum_post", _("Forum post")
        ALLIANCE = "alliance", _("Advocacy alliance")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        HANDLED = "handled", _("Handled")

    # The reported page in the default language; kept (with its title) if the page goes away.
    page = models.ForeignKey("wagtailcore.Page", null=True, on_delete=models.SET_NULL, related_name="+",
                             verbose_name=_("page"))
    page_title = models.CharField(_("page title"), max_length=255)
    # A reported forum post (kind "forum_post"; ``page`` is then empty): hidden or not by its space's moderators.
    post = models.ForeignKey("forums.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports",
                             verbose_name=_("forum post"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # Whose moderators see it; empty: national admins only (e.g. a national story).
    province = models.ForeignKey("regions.Province", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", verbose_name=_("province"))
    reason = models.CharField(_("reason"), max_length=30, choices=Reason.choices)
    detail = models.TextField(_("detail"))
    email = models.EmailField(_("reporter's email"), blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("handled by"))
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handling_note = models.TextField(_("what was done"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["province", "status", "-created_at"])]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.page_title}"


class CampaignStanding(models.Model):
    """Where a campaign stands with its province's moderators. No row: normal."""

    class State(models.TextChoices):
        NORMAL = "normal", _("Normal")
        FROZEN = "frozen", _("Frozen (under review)")
        CLOSED = "closed", _("Closed by moderators")

    campaign = models.OneToOneField("campaigns.CampaignPage", on_delete=models.CASCADE, primary_key=True,
                                    related_name="standing", verbose_name=_("campaign"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.NORMAL)
    public_note = models.TextField(_("public note"), blank=True)
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("changed by"))

    class Meta:
        verbose_name = _("campaign standing")


class ModerationAction(models.Model):
    """The audit trail of freezes, clearances and closures: written once, never changed."""

    class Action(models.TextChoices):
        FREEZE = "freeze", _("Frozen")
        CLEAR = "clear", _("Cleared")
        CLOSE = "close", _("Closed")

    campaign = models.ForeignKey("campaigns.CampaignPage", on_delete=models.CASCADE, related_name="+",
                                 verbose_name=_("campaign"))
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    reason = models.TextField(_("reason"))
    public_note = models.TextField(_("public note"), blank=True)
    report = models.ForeignKey(Report, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions",
                               verbose_name=_("report"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                             verbose_name=_("by"))
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("moderation action")
        verbose_name_plural = _("moderation actions")
