"""HomePage: the root of each language's page tree, curated by communications staff."""
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    hero_title = models.CharField(_("hero title"), max_length=200, blank=True)
    hero_text = RichTextField(_("hero text"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("hero_title"), FieldPanel("hero_text")]

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from campaigns.models import CampaignPage
        from stories.models import StoryPage

        context = super().get_context(request, *args, **kwargs)
        context["campaigns"] = (
            CampaignPage.objects.live().public().filter(locale=self.locale)
            .select_related("regency__province", "hero_image").order_by("-first_published_at")[:6]
        )
        context["stories"] = (
            StoryPage.objects.live().public().filter(locale=self.locale).order_by("-date")[:3]
        )
        return context
