"""Stories of change, with a theory-of-change shape, under an OMS's profile or the story index."""
import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class StoryIndexPage(Page):
    """Cerita Perubahan: every published story, newest first."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["stories.StoryPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("story index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["stories"] = (
            StoryPage.objects.live().public().filter(locale=self.locale)
            .select_related("regency", "hero_image").order_by("-date")
        )
        return context


class StoryPage(Page):
    """A story of change: the problem, what was done, what changed, the evidence."""

    date = models.DateField(_("date"), default=datetime.date.today)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("hero image"),
    )
    problem = RichTextField(_("the problem"), blank=True)
    action = RichTextField(_("what was done"), blank=True)
    change = RichTextField(_("what changed"), blank=True)
    regency = models.ForeignKey(
        "regions.Regency", null=True, blank=True, on_delete=models.PROTECT,
        related_name="stories", verbose_name=_("regency/city"),
    )
    campaigns = ParentalManyToManyField(
        "campaigns.CampaignPage", blank=True, related_name="stories", verbose_name=_("campaigns")
    )
    sdgs = ParentalManyToManyField("sdgs.SDG", blank=True, verbose_name=_("SDGs"))

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("problem"),
        index.SearchField("action"),
        index.SearchField("change"),
    ]

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("hero_image"),
        FieldPanel("problem"),
        FieldPanel("action"),
        FieldPanel("change"),
        FieldPanel("regency"),
        FieldPanel("campaigns"),
        FieldPanel("sdgs"),
    ]

    parent_page_types = ["stories.StoryIndexPage", "partners.OrganisationPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("story of change")
        verbose_name_plural = _("stories of change")
