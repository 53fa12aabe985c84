"""The knowledge library (Pustaka): guides, templates, toolkits and recordings for OMS.

Invariants:
- Visitors see only live, public resources of their own language (``Page.live().public()``); the
  index's filters read only validated choices from the query string, so the page is the same for
  everyone with the same URL (cacheable: no form token, no per-user content).
- Who may write library pages is one rule (``library.access``): the training team and national
  staff, through page permissions on the library indexes; OMS editors and moderators may not.
- The campaign editor's guide is the newest live Indonesian guide flagged
  ``show_in_campaign_editor``, shown in the editor's language (``library.guide``).
"""
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from learning.aspects import Aspect

from .blocks import FileBlock, ResourceBodyBlock, VideoBlock


class ResourceKind(models.TextChoices):
    GUIDE = "guide", _("Guide")
    TEMPLATE = "template", _("Template")
    TOOLKIT = "toolkit", _("Toolkit")
    RECORDING = "recording", _("Recording")


class LibraryIndexPage(Page):
    """Pustaka: the knowledge library of the training portal, with filters by aspect and kind."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["learning.LearningIndexPage"]
    subpage_types = ["library.ResourcePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("knowledge library")

    def get_context(self, request, *args, **kwargs):
        from .listing import filtered_resources

        context = super().get_context(request, *args, **kwargs)
        context.update(filtered_resources(self, request))
        return context


class ResourcePage(Page):
    """One resource: a guide (with numbered steps), a template, a toolkit or a recording."""

    kind = models.CharField(_("kind"), max_length=20, choices=ResourceKind.choices, default=ResourceKind.GUIDE)
    aspect = models.CharField(_("capacity aspect"), max_length=40, choices=Aspect.choices)
    sdgs = ParentalManyToManyField("sdgs.SDG", blank=True, verbose_name=_("SDGs"))
    summary = models.CharField(_("summary"), max_length=300,
                               help_text=_("One or two sentences: shown on the cards and in search results."))
    cover_image = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("cover picture"))
    body = StreamField(ResourceBodyBlock(), blank=True, verbose_name=_("content"),
                       help_text=_("Text, numbered steps (for guides) and videos."))
    files = StreamField([("file", FileBlock())], blank=True, verbose_name=_("files to download"))
    recording = StreamField([("video", VideoBlock())], blank=True, max_num=1, verbose_name=_("recording"),
                            help_text=_("The video of a recorded session; it loads when the visitor asks for it."))
    related_course = models.ForeignKey("learning.CoursePage", null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="+", verbose_name=_("related course"))
    show_in_campaign_editor = models.BooleanField(
        _("show in the campaign editor"), default=False,
        help_text=_("For a guide with steps: OMS see its steps while they write a campaign. "
                    "When several guides are marked, the one published last is shown."))

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("kind"), FieldPanel("aspect"), FieldPanel("sdgs")],
                        heading=_("Classification")),
        FieldPanel("cover_image"),
        FieldPanel("body"),
        FieldPanel("files"),
        FieldPanel("recording"),
        FieldPanel("related_course"),
        FieldPanel("show_in_campaign_editor"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("kind"),
        index.FilterField("aspect"),
    ]
    # wagtail-localize: the classification and pictures follow the Indonesian page; words are translated.
    override_translatable_fields = [
        SynchronizedField("kind", overridable=False),
        SynchronizedField("aspect", overridable=False),
        SynchronizedField("sdgs", overridable=False),
        SynchronizedField("cover_image", overridable=False),
        SynchronizedField("related_course", overridable=False),
        SynchronizedField("show_in_campaign_editor", overridable=False),
    ]
    parent_page_types = ["library.LibraryIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("library resource")
        verbose_name_plural = _("library resources")

    def steps(self):
        """The guide's step blocks, in order."""
        return [block for block in self.body if block.block_type == "step"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        course = self.related_course
        if course is not None:
            # The course in the visitor's language when it is translated, and only if visitors may see it.
            course = course.localized
            if not (course.live and type(course).objects.filter(pk=course.pk).public().exists()):
                course = None
        context["course"] = course
        return context
