"""What the gateways told us. The donor's own data stays on the payment (and its ``extra_data``
belongs to the donation plugin): these models hold only the gateway's side."""
from decimal import Decimal

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class GatewayTransaction(models.Model):
    """One payment as a gateway knows it: where the donor pays, and what was refunded."""

    payment = models.OneToOneField(settings.PAYMENT_MODEL, on_delete=models.PROTECT, related_name="gateway",
                                   verbose_name=_("payment"))
    provider = models.CharField(_("gateway"), max_length=20)
    reference = models.CharField(_("gateway reference"), max_length=255, blank=True,
                                 help_text=_("The Snap token or the Xendit invoice id."))
    redirect_url = models.URLField(_("payment page"), max_length=1000, blank=True)
    gateway_status = models.CharField(_("status at the gateway"), max_length=40, blank=True)
    refunded_amount = models.DecimalField(_("refunded (Rp)"), max_digits=17, decimal_places=2,
                                          default=Decimal("0"))
    last_notification = models.JSONField(_("last notification"), default=dict, blank=True,
                                         encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("gateway transaction")
        verbose_name_plural = _("gateway transactions")

    def __str__(self):
        return f"{self.provider} {self.reference or self.payment_id}"


class WebhookDelivery(models.Model):
    """A notification a gateway delivered and we acted on; a second delivery of it is ignored."""

    class Outcome(models.TextChoices):
        APPLIED = "applied", _("Applied")
        UNCHANGED = "unchanged", _("Nothing to change")
        OVERRULED = "overruled", _("Overruled by the gateway's status API")

    provider = models.CharField(_("gateway"), max_length=20)
    delivery_id = models.CharField(_("delivery id"), max_length=255)
    payment = models.ForeignKey(settings.PAYMENT_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+", verbose_name=_("payment"))
    gateway_status = models.CharField(_("status at the gateway"), max_length=40, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-received_at"]
        constraints = [models.UniqueConstraint(fields=["provider", "delivery_id"], name="gateways_delivery_once")]

    def __str__(self):
        return f"{self.provider} {self.delivery_id[:16]}: {self.outcome}"
