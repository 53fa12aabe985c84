"""What the search page reads besides the search index: a campaign's support types (kept inside
JSON on the page), and on PostgreSQL one row per searchable page with everything filters need."""
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchVectorField
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


class ListField(ArrayField):
    """A PostgreSQL array; on other databases (where search documents are never written) a text
    column, so that the table can still be created there."""

    def db_type(self, connection):
        return super().db_type(connection) if connection.vendor == "postgresql" else "text"


class SearchDocument(models.Model):
    """One live page of the search page's types, as its filters, counts and sorting read it
    (PostgreSQL only; ``search.documents``), with its text vectors: a search is a few indexed queries
    over this one table.

    Invariants: a row exists for a live page of the searched types (``engine.kinds()``) once it has
    been indexed since it last changed, written by the task that writes its index entry (``search.tasks``) and removed
    with it; ``supports`` follows the campaign's ``CampaignSupportType`` rows. View restrictions and
    today's campaign status change without the page changing: they are applied when searching.
    """

    page = models.OneToOneField("wagtailcore.Page", primary_key=True, on_delete=models.CASCADE, related_name="+")
    locale = models.ForeignKey("wagtailcore.Locale", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16)
    path = models.CharField(max_length=255)
    published = models.DateTimeField(null=True)
    regencies = ListField(models.IntegerField(), default=list)
    provinces = ListField(models.IntegerField(), default=list)
    sdgs = ListField(models.IntegerField(), default=list)
    supports = ListField(models.CharField(max_length=64), default=list)
    closed = models.BooleanField(default=False)
    start_date = models.DateField(null=True)
    end_date = models.DateField(null=True)
    #: The capacity aspect (``learning.aspects.Aspect``) of a library resource or course; '' otherwise.
    aspect = models.CharField(max_length=40, default="", blank=True)
    # The index entry's vectors (title, and title || body: what a search matches) and title norm,
    # so that words and filters are matched together, in this table's indexes.
    title = SearchVectorField(null=True)
    document = SearchVectorField(null=True)
    title_norm = models.FloatField(default=1.0)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")

    def __str__(self):
        return f"{self.kind} {self.page_id}"
