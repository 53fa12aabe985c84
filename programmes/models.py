"""National programmes: an issue cluster (an SDG, the EU Green Deal...) held by a national strategic
partner, linking campaigns and stories from across the provinces, with a table by province.

Programme pages live under the programme index (Home → Program Nasional); only national staff have
page permissions there.
"""
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

CARDS_PER_PAGE = 12


@register_snippet
class StrategicPartner(index.Indexed, models.Model):
    """A national strategic partner that holds one or more programmes."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", verbose_name=_("logo"))

    panels = [FieldPanel("name"), FieldPanel("description"), FieldPanel("website"), FieldPanel("logo")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("strategic partner")
        verbose_name_plural = _("strategic partners")

    def __str__(self):
        return self.name


class ProgrammeIndexPage(Page):
    """Program Nasional: every national programme."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["programmes.ProgrammePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("programme index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["programmes"] = (ProgrammePage.objects.child_of(self).live().public()
                                 .select_related("partner", "sdg").order_by("title"))
        return context


class ProgrammePage(Page):
    """One national programme."""

    class Cluster(models.TextChoices):
        SDG = "sdg", _("Sustainable Development Goal")
        EU_GREEN_DEAL = "eu_green_deal", _("EU Green Deal")
        OTHER = "other", _("Other issue cluster")

    cluster = models.CharField(_("issue cluster"), max_length=20, choices=Cluster.choices, default=Cluster.SDG)
    sdg = models.ForeignKey("sdgs.SDG", null=True, blank=True, on_delete=models.SET_NULL, related_name="programmes",
                            verbose_name=_("SDG"))
    include_sdg_matches = models.BooleanField(
        _("include every initiative of this SDG"), default=False,
        help_text=_("Also list every published campaign and story tagged with the SDG above."))
    partner = models.ForeignKey(StrategicPartner, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="programmes", verbose_name=_("national strategic partner"))
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = RichTextField(_("body"), blank=True)
    campaigns = ParentalManyToManyField("campaigns.CampaignPage", blank=True, related_name="programmes",
                                        verbose_name=_("campaigns"))
    stories = ParentalManyToManyField("stories.StoryPage", blank=True, related_name="programmes",
                                      verbose_name=_("stories"))

    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("cluster"), FieldPanel("sdg"), FieldPanel("include_sdg_matches")],
                        heading=_("Issue cluster")),
        FieldPanel("partner"),
        FieldPanel("body"),
        FieldPanel("campaigns"),
        FieldPanel("stories"),
    ]

    parent_page_types = ["programmes.ProgrammeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("national programme")
        verbose_name_plural = _("national programmes")

    def _linked(self, model, field, locale):
        """Live pages of ``model`` in ``locale`` that are linked (in any language) or match the SDG."""
        from django.db.models import Q, QuerySet

        linked = getattr(self, field).all()
        # Stored links as a subquery (no query of their own); a preview's are the revision's, in memory.
        keys = (linked.values("translation_key") if isinstance(linked, QuerySet)
                else [page.translation_key for page in linked])
        condition = Q(translation_key__in=keys)
        if self.include_sdg_matches and self.sdg_id:
            condition |= Q(translation_key__in=model.objects.filter(sdgs=self.sdg_id).values("translation_key"))
        return model.objects.live().public().filter(condition, locale=locale).distinct()

    def get_campaigns(self, locale=None):
        from campaigns.models import CampaignPage

        return self._linked(CampaignPage, "campaigns", locale or self.locale)

    def get_stories(self, locale=None):
        from stories.models import StoryPage

        return self._linked(StoryPage, "stories", locale or self.locale)

    def get_context(self, request, *args, **kwargs):
        from wagtail.models import Locale

        from django.core.paginator import Paginator

        from lokadaya.cards import join_related, load_cards
        from network.consolidation import figures_by_province, support_types
        from network.figures_cache import cached_within, listing_window

        context = super().get_context(request, *args, **kwargs)
        # A fixed number of queries whatever the programme links (lokadaya/cards.py): its SDG and
        # partner in one, the cards' places, pictures and progress in a batch each.
        join_related(self, "sdg", "partner__logo")
        default = Locale.get_default()
        rows, total = cached_within("programme", self.translation_key, lambda: figures_by_province(
            self.get_campaigns(default), self.get_stories(default)), seconds=listing_window())
        campaigns = self.get_campaigns().select_related("regency__province", "hero_image").order_by(
            "end_date", "pk")
        logo = self.partner.logo if self.partner_id else None
        context.update(load_cards(
            campaigns=Paginator(campaigns, CARDS_PER_PAGE).get_page(request.GET.get("page")),
            stories=self.get_stories().select_related("regency", "hero_image").order_by("-date")[:CARDS_PER_PAGE],
            images=[(logo, ["max-80x80"])],  # the template's {% image page.partner.logo max-80x80 %}
        ))
        context.update(rows=rows, total=total, types=support_types())
        from network.views import programme_alliances_and_forum

        context.update(programme_alliances_and_forum(self))
        return context
