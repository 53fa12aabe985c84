"""The blocks of a library resource: text, numbered steps, and videos that load only on click.

Videos are the lessons' ``learning.blocks.VideoBlock`` (lokadaya/video.py): the player loads only when
the visitor presses play.
"""
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock

from learning.blocks import VideoBlock  # noqa: F401 (one click-to-load video block for the site)


class StepBlock(blocks.StructBlock):
    """One numbered step of a guide: what to do, and an optional example."""

    title = blocks.CharBlock(label=_("Step"), max_length=200)
    text = blocks.RichTextBlock(label=_("What to do"), features=["bold", "italic", "link", "ol", "ul"])
    example = blocks.TextBlock(label=_("Example"), required=False)

    class Meta:
        label = _("Step")
        icon = "list-ol"
        template = "library/blocks/step.html"


class ResourceBodyBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(label=_("Text"), features=["h2", "h3", "bold", "italic", "link", "ol", "ul"])
    step = StepBlock()
    video = VideoBlock()

    class Meta:
        label = _("Content")


class FileBlock(blocks.StructBlock):
    """A file to download (a Wagtail document), with what it is."""

    document = DocumentChooserBlock(label=_("File"))
    description = blocks.CharBlock(label=_("What it is"), max_length=200, required=False)

    class Meta:
        label = _("File to download")
        icon = "doc-full"
