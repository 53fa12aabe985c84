"""The in-kind ask: the list of goods needed, each with a name, a unit and a quantity."""
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import ListBlockValidationError, StructBlockValidationError

from campaigns.blocks import AskBlock

#: The most of one item an ask may need (and a pledge may bring): above it, input is a typo.
MAX_QUANTITY = 1_000_000


class ItemBlock(blocks.StructBlock):
    """One item needed. Pledges refer to it by the list child's id, so reordering is safe."""

    name = blocks.CharBlock(label=_("Item"), max_length=80, help_text=_("For example: Portland cement"))
    unit = blocks.CharBlock(label=_("Unit"), max_length=30, help_text=_("For example: sack, piece, kg"))
    quantity = blocks.IntegerBlock(label=_("Quantity needed"), min_value=1, max_value=MAX_QUANTITY)

    class Meta:
        icon = "list-ul"
        label = _("Item")
        label_format = "{quantity} {unit} {name}"


class InKindAskBlock(AskBlock):
    items = blocks.ListBlock(ItemBlock(), label=_("Items needed"), min_num=1, max_num=50)
    # New children have defaults so asks saved before they existed still read (docs/plugins.md).
    drop_off_address = blocks.TextBlock(
        label=_("Drop-off address"), required=False, max_length=300, default="",
        help_text=_("Street, number, village/kelurahan, district and town, so supporters can find it. "
                    "Shown on the form, the thank-you page and the supporter's email."),
    )
    drop_off_hours = blocks.CharBlock(
        label=_("Drop-off opening hours"), required=False, max_length=120, default="",
        help_text=_("For example: Monday–Saturday, 09.00–16.00"),
    )
    drop_off_details = blocks.TextBlock(
        label=_("Other drop-off details"), required=False, max_length=600,
        help_text=_("Whom to ask for, a landmark, what to call first. Sent to every supporter who pledges."),
    )
    allows_pick_up = blocks.BooleanBlock(
        label=_("We can pick up goods from supporters"), required=False, default=True,
        help_text=_("Untick if supporters must bring the goods themselves."),
    )

    def clean(self, value):
        value = super().clean(value)
        seen = set()
        for item in value.get("items") or []:
            name = " ".join((item.get("name") or "").split()).casefold()
            if name in seen:
                raise StructBlockValidationError(block_errors={"items": ListBlockValidationError(
                    non_block_errors=[ValidationError(
                        _("Two items are called “%(name)s”. Give each item its own name.")
                        % {"name": item.get("name")})],
                )})
            seen.add(name)
        if not value.get("allows_pick_up") and not (value.get("drop_off_address") or "").strip():
            # Supporters can only bring the goods: they must know where to.
            raise StructBlockValidationError(block_errors={"drop_off_address": ValidationError(
                _("Give the drop-off address: without pick-up, supporters must bring the goods there."))})
        return value

    class Meta:
        icon = "doc-full-inverse"
