"""The petition ask: who is addressed, what is demanded, how many signatures are sought."""
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from campaigns.blocks import AskBlock


class PetitionAskBlock(AskBlock):
    decision_maker = blocks.CharBlock(
        label=_("Decision maker addressed"), max_length=150,
        help_text=_("Who the petition asks to act, e.g. “Bupati Sumba Barat”."))
    demand = blocks.TextBlock(
        label=_("The demand"), max_length=2000,
        help_text=_("What the decision maker should do, in a few clear sentences."))
    goal = blocks.IntegerBlock(label=_("Signature goal"), min_value=1, max_value=10_000_000, default=500)

    class Meta:
        icon = "edit"
