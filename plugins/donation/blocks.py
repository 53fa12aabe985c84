"""The donation ask: a target in Rupiah, a minimum, suggested amounts."""
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from django.core.exceptions import ValidationError

from campaigns.blocks import AskBlock


class DonationAskBlock(AskBlock):
    target = blocks.DecimalBlock(label=_("Target (Rp)"), min_value=Decimal("10000"), max_digits=15,
                                 decimal_places=0)
    minimum = blocks.DecimalBlock(label=_("Minimum donation (Rp)"), min_value=Decimal("1000"),
                                  max_digits=15, decimal_places=0, default=Decimal("10000"))
    suggested_amounts = blocks.ListBlock(
        blocks.IntegerBlock(min_value=1000), label=_("Suggested amounts (Rp)"), required=False,
        default=[50000, 100000, 250000],
    )
    allow_monthly = blocks.BooleanBlock(
        label=_("Allow monthly donations"), required=False, default=True,
        help_text=_("Donors may choose to give this amount every month (donasi rutin), stopping any time."))

    def clean(self, value):
        value = super().clean(value)
        minimum = value.get("minimum") or Decimal("0")
        if any(Decimal(amount) < minimum for amount in value.get("suggested_amounts") or []):
            raise StructBlockValidationError(block_errors={
                "suggested_amounts": ValidationError(_("Suggested amounts cannot be below the minimum donation."))
            })
        return value

    class Meta:
        icon = "pick"
