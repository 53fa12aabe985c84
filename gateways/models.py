"""What the gateways told us. The donor's own data stays on the payment (and its ``extra_data``
belongs to the donation plugin): these models hold only the gateway's side.

``InboxItem`` is the durable inbox of notifications: a verified notification is stored here in
the gateway's request and settled later by the task worker (``gateways.settlement``).
"""
from decimal import Decimal

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class GatewayTransaction(models.Model):
    """One payment as a gateway knows it: where the donor pays, and what was refunded."""

    payment = models.OneToOneField(settings.PAYMENT_MODEL, on_delete=models.PROTECT, related_name="gateway",
                                   verbose_name=_("payment"))
    provider = models.CharField(_("gateway"), max_length=20)
    reference = models.CharField(_("gateway reference"), max_length=255, blank=True, db_index=True,
                                 help_text=_("The Snap token or the Xendit invoice id."))
    redirect_url = models.URLField(_("payment page"), max_length=1000, blank=True)
    gateway_status = models.CharField(_("status at the gateway"), max_length=40, blank=True)
    refunded_amount = models.DecimalField(_("refunded (Rp)"), max_digits=17, decimal_places=2,
                                          default=Decimal("0"))
    #: Refunds the gateway reports one by one (Xendit): ``{refund id: amount}``, so a refund
    #: reported twice counts once.
    refunds = models.JSONField(_("refunds"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    #: When the gateway's answer last applied was asked for: an older answer is never applied
    #: over a newer one.
    checked_at = models.DateTimeField(_("status checked"), null=True, blank=True)
    last_notification = models.JSONField(_("last notification"), default=dict, blank=True,
                                         encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("gateway transaction")
        verbose_name_plural = _("gateway transactions")

    def __str__(self):
        return f"{self.provider} {self.reference or self.payment_id}"


class InboxItem(models.Model):
    """A verified notification from a gateway, kept as it arrived until it is settled.

    One row per (gateway, delivery id, body): a second delivery of the same notification finds
    its row. Settled rows stay as the audit trail of what each gateway said.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be settled")
        APPLIED = "applied", _("Applied")
        UNCHANGED = "unchanged", _("Nothing to change")
        OVERRULED = "overruled", _("Overruled by the gateway's status API")
        DEAD = "dead", _("Failed: needs a person")

    #: Settled, and what it said was applied or already true: a redelivery is a duplicate.
    DONE_STATUSES = (Status.APPLIED, Status.UNCHANGED)

    provider = models.CharField(_("gateway"), max_length=20)
    variant = models.CharField(_("payment method"), max_length=255)
    delivery_id = models.CharField(_("delivery id"), max_length=255)
    body_sha256 = models.CharField(_("body hash"), max_length=64)
    order_id = models.CharField(_("order id"), max_length=255, db_index=True)
    body = models.TextField(_("body as received"))
    payment = models.ForeignKey(settings.PAYMENT_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+", verbose_name=_("payment"))
    claimed_status = models.CharField(_("status notified"), max_length=40, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    gateway_status = models.CharField(_("status applied"), max_length=40, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_until = models.DateTimeField(_("being settled until"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    received_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    received_again_at = models.DateTimeField(_("last received again"), null=True, blank=True)
    settled_at = models.DateTimeField(_("settled"), null=True, blank=True)

    class Meta:
        verbose_name = _("gateway notification")
        verbose_name_plural = _("gateway notifications")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "delivery_id", "body_sha256"],
                                    name="gateways_inbox_once"),
        ]
        indexes = [
            # What the worker looks for, kept small: only rows still to settle.
            models.Index(fields=["next_attempt_at"], condition=Q(status="pending"), name="gateways_inbox_due"),
            models.Index(fields=["status", "received_at"]),
        ]

    def __str__(self):
        return f"{self.provider} {self.order_id} {self.claimed_status}: {self.status}"


class SavedPaymentMethod(models.Model):
    """A card or e-wallet a gateway saved for later charges (a monthly donation), as a token.

    Only the gateway's token and a label ("VISA •••• 1111", "GoPay") are kept, never the card
    number. Made from the first payment of a monthly donation when the gateway says it saved the
    method; charged by the worker (``gateways.recurring.charge``), never in a visitor's request.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        #: The gateway refused it (expired card, unlinked wallet) or the donor stopped the plan.
        REVOKED = "revoked", _("No longer usable")

    provider = models.CharField(_("gateway"), max_length=20)
    token = models.CharField(_("gateway token"), max_length=255)
    label = models.CharField(_("shown as"), max_length=100, blank=True)
    email = models.EmailField(_("owner's email"), db_index=True)
    first_payment = models.OneToOneField(settings.PAYMENT_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                         related_name="saved_method", verbose_name=_("first payment"))
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("saved payment method")
        verbose_name_plural = _("saved payment methods")
        constraints = [models.UniqueConstraint(fields=["provider", "token"], name="gateways_saved_method_once")]

    def __str__(self):
        return f"{self.provider} {self.label or self.pk}"
