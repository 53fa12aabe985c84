"""What the search page filters on that a campaign keeps inside JSON: the support types it asks for."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class CampaignSupportType(models.Model):
    """One support type (a plugin's key) that a campaign's ``asks`` hold, kept in step on save.

    The asks are a StreamField (JSON); a row per type makes the support-type filter and its
    counts one indexed query on PostgreSQL and SQLite alike.
    """

    campaign = models.ForeignKey("campaigns.CampaignPage", on_delete=models.CASCADE,
                                 related_name="search_support_types", verbose_name=_("campaign"))
    type_key = models.CharField(_("support type"), max_length=64)

    class Meta:
        verbose_name = _("campaign support type")
        verbose_name_plural = _("campaign support types")
        constraints = [models.UniqueConstraint(fields=["campaign", "type_key"], name="one_row_per_support_type")]
        indexes = [models.Index(fields=["type_key", "campaign"])]

    def __str__(self):
        return f"{self.campaign_id}: {self.type_key}"
