"""The book-drive ask: how many books, for which ages, new or used too, and where to bring them."""
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from campaigns.blocks import AskBlock

from .models import AgeGroup

MAX_TARGET = 100_000


class BookDriveAskBlock(AskBlock):
    target = blocks.IntegerBlock(label=_("Books needed"), min_value=1, max_value=MAX_TARGET)
    age_groups = blocks.MultipleChoiceBlock(
        label=_("Age groups wanted"), choices=AgeGroup.choices, required=False,
        help_text=_("Leave empty to take books for every age."),
    )
    accepts_used = blocks.BooleanBlock(
        label=_("Also take used books in good condition"), required=False, default=True,
    )
    dropoff = blocks.TextBlock(
        label=_("Where and when to bring the books"), max_length=600,
        help_text=_("An address and opening hours, e.g. “Taman Baca Pelangi, Jl. Tallo No. 5, "
                    "Monday to Saturday 09.00–16.00”. Sent to everyone who pledges."),
    )

    class Meta:
        icon = "doc-full"
