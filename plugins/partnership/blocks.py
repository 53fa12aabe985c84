"""The partnership ask: which kinds of partnership are sought, how many partners, what partners get."""
from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from campaigns.blocks import AskBlock

from .choices import Kind


class PartnershipAskBlock(AskBlock):
    kinds_sought = blocks.MultipleChoiceBlock(
        choices=Kind.choices, label=_("Kinds of partnership sought"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Proposers can only choose among these."),
    )
    target_partners = blocks.IntegerBlock(label=_("Target number of partners"), min_value=1, max_value=1000,
                                          default=3)
    offer_in_return = blocks.TextBlock(
        label=_("What we offer partners in return"), required=False, max_length=1000,
        help_text=_("For example: logo on the campaign page, reports of the results, a joint activity."),
    )

    class Meta:
        icon = "group"
        label = _("Partnership")
