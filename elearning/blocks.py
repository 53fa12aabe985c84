"""The lesson block that plays a package (learning.blocks.LessonBlock has it as ``package``).

The block renders a same-origin frame to the player page (``elearning.views.player``), addressed by
the lesson and the block's stream id: the player finds the block in the lesson again, so the
package shown and the attempt recorded always belong to that lesson and block.
"""
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

DEFAULT_HEIGHT = 600


class PackageBlock(blocks.StructBlock):
    """A SCORM or H5P package shown in a frame of the lesson."""

    package = SnippetChooserBlock("elearning.Package", label=_("Package"))
    height = blocks.IntegerBlock(label=_("Height (pixels)"), required=False, min_value=200, max_value=2000,
                                 help_text=_("Leave empty for 600 pixels."))

    class Meta:
        label = _("E-learning package")
        icon = "media"

    def render(self, value, context=None):
        context = context or {}
        page, block_id, request = context.get("page"), context.get("id"), context.get("request")
        package = value.get("package")
        player_url = ""
        if page is not None and block_id and package is not None and getattr(page, "pk", None):
            player_url = reverse("elearning:player", args=[page.pk, block_id])
        user = getattr(request, "user", None)
        may_play = False
        if player_url and user is not None and user.is_authenticated:
            from .access import is_enrolled, may_edit

            may_play = may_edit(user, page) or (page.live and is_enrolled(user, page))
        return render_to_string("elearning/blocks/package.html", {
            "package": package,
            "player_url": player_url,
            "height": value.get("height") or DEFAULT_HEIGHT,
            "may_play": may_play,
            "request": request,
        })
