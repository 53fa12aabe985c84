"""The blocks of a library resource: text, numbered steps, and videos that load only on click.

A video is stored as its public address; the page shows a button, and the YouTube/Vimeo player
(``frame-src`` of the site's CSP) is loaded only when the visitor presses it: nothing is fetched
from the video host before that, and no oEmbed call is made while rendering.
"""
import re
from urllib.parse import parse_qs, urlparse

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock

_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")


def embed_url(address):
    """The player address of a YouTube or Vimeo video address, or None if it is neither."""
    try:
        parts = urlparse((address or "").strip())
    except ValueError:
        return None
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    video = None
    if host in ("youtube.com", "youtube-nocookie.com"):
        if parts.path == "/watch":
            video = (parse_qs(parts.query).get("v") or [None])[0]
        elif parts.path.startswith(("/embed/", "/live/", "/shorts/")):
            video = parts.path.split("/")[2]
        if video and _ID.match(video):
            return f"https://www.youtube-nocookie.com/embed/{video}?autoplay=1"
    elif host == "youtu.be":
        video = parts.path.strip("/")
        if _ID.match(video):
            return f"https://www.youtube-nocookie.com/embed/{video}?autoplay=1"
    elif host in ("vimeo.com", "player.vimeo.com"):
        number = parts.path.rstrip("/").rsplit("/", 1)[-1]
        if number.isdigit():
            return f"https://player.vimeo.com/video/{number}?autoplay=1"
    return None


class VideoBlock(blocks.StructBlock):
    """A YouTube or Vimeo video, loaded when the visitor asks for it."""

    url = blocks.URLBlock(label=_("Video address"), help_text=_("A YouTube or Vimeo address."))
    title = blocks.CharBlock(label=_("What the video shows"), max_length=200, required=False)

    class Meta:
        label = _("Video (loads on click)")
        icon = "media"
        template = "library/blocks/video.html"

    def clean(self, value):
        value = super().clean(value)
        if embed_url(value.get("url")) is None:
            raise StructBlockValidationError(block_errors={"url": ValidationError(
                _("Give the address of a YouTube or Vimeo video."))})
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["embed_url"] = embed_url(value.get("url"))
        return context


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
