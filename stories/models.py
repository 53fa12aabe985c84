"""Stories of change, with a theory-of-change shape, under an OMS's profile or the story index.

A story tells the problem, what was done, what changed and the evidence (indicators with before and
after figures), gives the people's voice, and links its OMS, campaigns, kabupaten/kota and SDGs.
It goes through review (``editorial``) before publication, in Indonesian and English: dates,
places, links and figures are the same in every language (synchronised), the words are translated.
"""
import datetime

from django import forms
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from editorial.gate import ReviewGatedPage
from editorial.workflows import PageTypeWorkflowMixin
from tenancy.page_files import OwnFilesOnlyPage

from .blocks import BodyBlock, IndicatorBlock, VoiceBlock
from .forms import StoryPageForm, source_of
from .listing import filtered_stories
from .reading import reading_minutes


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
        from lokadaya.cards import load_cards

        stories = (StoryPage.objects.live().public().filter(locale=self.locale)
                   .select_related("regency__province", "hero_image", "organisation"))
        context.update(filtered_stories(request, stories))
        # The cards' pictures in one batch, whatever the page holds (lokadaya/cards.py).
        context.update(load_cards(stories=context["stories"]))
        return context


class StoryPage(OwnFilesOnlyPage, ReviewGatedPage, PageTypeWorkflowMixin, Page):
    """A story of change: the problem, what was done, what changed, the evidence, the people's voice."""

    date = models.DateField(_("date"), default=datetime.date.today)
    author = models.CharField(_("author"), max_length=150, blank=True,
                              help_text=_("The name shown as the story's writer."))
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("lead image"),
        help_text=_("The photo at the top of the story and on its cards; a wide one works best."),
    )
    hero_caption = models.CharField(
        _("lead image caption"), max_length=255, blank=True,
        help_text=_("What the photo shows and who took it, e.g. Warga memasang pipa air (foto: Budi)."),
    )
    problem = RichTextField(_("the problem"), blank=True)
    # Not "action": a form field of that name shadows the <form>'s own action attribute in the
    # browser, and the admin's autosave then posted to ".../[object HTMLInputElement]".
    what_was_done = RichTextField(_("what was done"), blank=True)
    change = RichTextField(_("what changed"), blank=True)
    evidence = StreamField([("indicator", IndicatorBlock())], blank=True, verbose_name=_("evidence"),
                           help_text=_("Indicators of the change, with figures before and after."))
    voices = StreamField([("voice", VoiceBlock())], blank=True, verbose_name=_("voices"),
                         help_text=_("What the people touched by the change say."))
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("the story"),
                       help_text=_("The story itself: paragraphs, photos, quotes, video, figures."))
    organisation = models.ForeignKey(
        "partners.OrganisationPage", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="stories_of_change", verbose_name=_("organisation"),
        help_text=_("The OMS whose work the story tells."),
    )
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
        index.SearchField("what_was_done"),
        index.SearchField("change"),
        index.SearchField("body"),
        index.SearchField("voices"),
        index.FilterField("regency"),
    ]

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("date"), FieldPanel("author")]),
        MultiFieldPanel([FieldPanel("hero_image"), FieldPanel("hero_caption")], heading=_("Lead image")),
        MultiFieldPanel([FieldPanel("problem"), FieldPanel("what_was_done"), FieldPanel("change")],
                        heading=_("Theory of change")),
        FieldPanel("evidence"),
        FieldPanel("voices"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("organisation"), FieldPanel("campaigns", widget=forms.CheckboxSelectMultiple),
             FieldPanel("regency"), FieldPanel("sdgs", widget=forms.CheckboxSelectMultiple)],
            heading=_("Links"),
        ),
    ]

    # The same in every language: wagtail-localize copies them from the Indonesian story.
    # (It skips many-to-many fields unless they are named here.)
    override_translatable_fields = [
        SynchronizedField("date", overridable=False),
        SynchronizedField("author"),
        SynchronizedField("hero_image", overridable=False),
        SynchronizedField("organisation", overridable=False),
        SynchronizedField("regency", overridable=False),
        SynchronizedField("campaigns", overridable=False),
        SynchronizedField("sdgs", overridable=False),
    ]

    base_form_class = StoryPageForm
    parent_page_types = ["stories.StoryIndexPage", "partners.OrganisationPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("story of change")
        verbose_name_plural = _("stories of change")

    def _default_from_organisation(self):
        """A story under an OMS's profile is that OMS's, and happens where it works unless told otherwise."""
        from partners.models import OrganisationPage

        parent = self.get_parent() if self.path and (self.depth or 0) > 1 else None
        parent = parent.specific if parent is not None else None
        if isinstance(parent, OrganisationPage):
            owner = source_of(parent)
            if self.organisation_id is None:
                self.organisation = owner
            if self.regency_id is None and owner.regency_id:
                self.regency_id = owner.regency_id

    def full_clean(self, *args, **kwargs):
        self._default_from_organisation()
        return super().full_clean(*args, **kwargs)

    def minimal_clean(self):
        # Wagtail validates a draft with this rather than full_clean().
        self._default_from_organisation()
        return super().minimal_clean()

    @cached_property
    def reading_minutes(self):
        return reading_minutes(self)

    def get_context(self, request, *args, **kwargs):
        from editorial.templatetags.share_tags import SHARE_IMAGE_SPEC
        from lokadaya.cards import attach_renditions, join_related, localized_all, picture

        context = super().get_context(request, *args, **kwargs)
        # Its place, lead image and OMS in one query; the image's renditions (the page's and the
        # share card's) in one batch (lokadaya/cards.py).
        join_related(self, "regency__province", "hero_image", "organisation")
        images = [picture(self.hero_image, "16x9"), (self.hero_image, [SHARE_IMAGE_SPEC])]
        # The body's photos and the voices' portraits (stories/blocks/image.html, voice.html); reading
        # the blocks here fetches their images once, as drawing them would.
        images += [picture(block.value["image"], "none") for block in self.body if block.block_type == "image"]
        images += [picture(block.value["photo"], "1x1", "64,128") for block in self.voices if block.value["photo"]]
        attach_renditions(images)
        # all(): in a preview the relation is the revision's, not a database query.
        context["campaigns"] = localized_all(campaign for campaign in self.campaigns.all() if campaign.live)
        context["organisation"] = localized_all([self.organisation])[0] if self.organisation_id else None
        # Kept on the page (modelcluster's in-memory list), so {% share_meta %}'s tags read it too.
        context["sdgs"] = list(self.sdgs.get_object_list())
        return context
