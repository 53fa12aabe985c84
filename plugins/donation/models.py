"""A donation is a supporter record; the money moves in its django-payments Payment."""
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from payments.models import BasePayment

from campaigns.records import SupportRecord


RECEIPT_SALT = "lokadaya.donation.receipt"


class Payment(BasePayment):
    """The project's django-payments payment (``PAYMENT_MODEL``), in whole Rupiah.

    django-payments' own amount fields stop below Rp 10.000.000; these hold up to
    Rp 999.999.999.999.999.
    """

    total = models.DecimalField(max_digits=17, decimal_places=2, default=Decimal("0"))
    delivery = models.DecimalField(max_digits=17, decimal_places=2, default=Decimal("0"))
    tax = models.DecimalField(max_digits=17, decimal_places=2, default=Decimal("0"))
    captured_amount = models.DecimalField(max_digits=17, decimal_places=2, default=Decimal("0"))
    #: What arrived, as the provider reports it: the transfer's unique code or an overpayment
    #: included. 0 while nothing arrived, or when a provider does not say (then ``total``).
    received_amount = models.DecimalField(_("received (Rp)"), max_digits=17, decimal_places=2,
                                          default=Decimal("0"))
    #: Given back so far (refunds, chargebacks). ``captured_amount`` is received - refunded.
    refunded_amount = models.DecimalField(_("refunded (Rp)"), max_digits=17, decimal_places=2,
                                          default=Decimal("0"))

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        # Gateways name a payment by its token in every notification: django-payments does not
        # index it, and without an index each notification scanned the whole table.
        indexes = [models.Index(fields=["token"], name="donation_payment_token_idx")]

    def _absolute(self, path):
        scheme = "https" if settings.PAYMENT_USES_SSL else "http"
        return f"{scheme}://{settings.PAYMENT_HOST}{path}"

    def get_success_url(self):
        return self._absolute(reverse("donation:thanks", kwargs={"token": self.token}))

    def get_failure_url(self):
        return self._absolute(reverse("donation:thanks", kwargs={"token": self.token}))

    def get_purchased_items(self):
        return []

    @property
    def saves_method(self):
        """Is this the first payment of a monthly donation, whose card or e-wallet the gateway should
        save for the next months (``gateways.recurring``)?"""
        donation = Donation.objects.filter(payment=self).select_related("recurring").first()
        return bool(donation and donation.recurring_id and donation.recurring.saved_method_id is None
                    and donation.recurring.status == donation.recurring.Status.PENDING)

    def refund(self, amount=None):
        """Ask the provider to refund ``amount`` (all that counts by default).

        A provider whose gateway notifies its refunds (``refunds_on_notification``) only makes the
        request here: the refund is recorded when the gateway's notification of it is settled.
        django-payments' own ``refund`` would lower ``captured_amount`` at once, mark a full
        refund refunded before the gateway did it (the donation and the ledger following), and
        save every field of this instance over what the settlement may have written meanwhile.
        """
        from payments import PaymentStatus
        from payments.core import provider_factory

        provider = provider_factory(self.variant, self)
        if not getattr(provider, "refunds_on_notification", False):
            return super().refund(amount)
        if self.status != PaymentStatus.CONFIRMED:
            raise ValueError("Only charged payments can be refunded.")
        if amount and amount > self.captured_amount:
            raise ValueError("Refund amount can not be greater then captured amount")
        return provider.refund(self, amount)


class Donation(SupportRecord):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for payment")
        CONFIRMED = "confirmed", _("Confirmed")
        FAILED = "failed", _("Failed or cancelled")
        REFUNDED = "refunded", _("Refunded")

    COUNTED_STATUSES = (Status.CONFIRMED,)

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING,
                              db_index=True)
    amount = models.DecimalField(_("amount (Rp)"), max_digits=15, decimal_places=0,
                                 help_text=_("The amount the donor chose."))
    received_amount = models.DecimalField(
        _("received (Rp)"), max_digits=15, decimal_places=0, default=0,
        help_text=_("What actually arrived: the amount, plus a bank transfer's unique code or an overpayment."))
    refunded_amount = models.DecimalField(_("refunded (Rp)"), max_digits=15, decimal_places=0, default=0,
                                          help_text=_("Given back (refunds, chargebacks); the rest still counts."))
    message = models.TextField(_("message"), blank=True, max_length=1000)
    prayer = models.TextField(_("prayer (doa)"), blank=True, max_length=1000)
    payment = models.OneToOneField(Payment, on_delete=models.PROTECT, related_name="donation",
                                   verbose_name=_("payment"))
    #: The monthly plan this donation is one month's charge of, and that month (its first day).
    recurring = models.ForeignKey("donation.RecurringDonation", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="charges", verbose_name=_("monthly donation"))
    period = models.DateField(_("month"), null=True, blank=True)
    #: Which try at that month's charge: a declined charge stays as it is (with its payment) and the
    #: retry is a new donation, so a late payment of an earlier try still reaches the ledger.
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=1)
    #: The supporter's fundraiser the donor gave through: it counts there too.
    fundraiser = models.ForeignKey("donation.Fundraiser", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="donations", verbose_name=_("fundraiser"))

    class Meta(SupportRecord.Meta):
        verbose_name = _("donation")
        verbose_name_plural = _("donations")
        indexes = [models.Index(fields=["campaign", "ask_id", "status"]), models.Index(fields=["email", "created_at"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="donation_amount_positive"),
            # Nothing is given back that did not arrive.
            models.CheckConstraint(condition=models.Q(refunded_amount__gte=0, received_amount__gte=0)
                                   & models.Q(refunded_amount__lte=models.F("received_amount")),
                                   name="donation_refund_within_received"),
            # One charge per plan, month and try, however often the worker runs.
            models.UniqueConstraint(fields=["recurring", "period", "attempt"],
                                    condition=models.Q(recurring__isnull=False),
                                    name="one_charge_per_plan_month_and_attempt"),
        ]

    def __str__(self):
        return f"{self.public_name}: Rp {self.amount}"

    @property
    def counted_amount(self):
        """What this donation counts for its campaign and in the ledger now."""
        if self.status != self.Status.CONFIRMED:
            return Decimal("0")
        return max(self.received_amount - self.refunded_amount, Decimal("0"))

    @property
    def match_or_none(self):
        """The sponsor's match of this donation (``matching``), or None."""
        try:
            return self.match
        except ObjectDoesNotExist:
            return None

    @property
    def given_amount(self):
        """What the donor gave, as the receipt shows it: what arrived, or the amount chosen."""
        return self.received_amount or self.amount

    @property
    def receipt_number(self):
        """Printed on the receipt: LKD-<year>-<7-digit number>."""
        return f"LKD-{self.created_at:%Y}-{self.pk:07d}"

    def receipt_token(self):
        from django.core import signing

        return signing.dumps(self.pk, salt=RECEIPT_SALT, compress=True)

    def get_receipt_url(self):
        return reverse("donation:receipt", kwargs={"token": self.receipt_token()})


# The features built on donations, each in its own package (see their ``__init__``).
from .fundraisers.models import Fundraiser  # noqa: E402,F401
from .matching.models import Match, MatchFund  # noqa: E402,F401
from .recurring.models import RecurringDonation  # noqa: E402,F401


class DonationTotal(models.Model):
    """Per campaign and ask: confirmed donors, what they gave (received − refunded) and what
    sponsors matched: what the campaign page's progress reads, a row per ask however many donations.

    Kept by the database, not by Python: triggers on donations and matches (migration
    ``0008_donationtotal_triggers``, ``lokadaya.running_totals``) add each change in the statement that makes
    it. Never write it; ``money_problems`` compares it with the donations and matches.
    """

    # Indexed by the unique constraint, which leads with it.
    campaign = models.ForeignKey("campaigns.CampaignPage", on_delete=models.CASCADE, related_name="+",
                                 db_index=False, verbose_name=_("campaign"))
    ask_id = models.CharField(_("ask"), max_length=64)
    donors = models.BigIntegerField(_("donors"), default=0, db_default=0)
    given = models.DecimalField(_("given (Rp)"), max_digits=19, decimal_places=0, default=0, db_default=0)
    matched = models.DecimalField(_("matched (Rp)"), max_digits=19, decimal_places=0, default=0, db_default=0)

    class Meta:
        verbose_name = _("donation total")
        verbose_name_plural = _("donation totals")
        constraints = [models.UniqueConstraint(fields=["campaign", "ask_id"], name="one_donation_total_per_ask")]

    def __str__(self):
        return f"{self.campaign_id}/{self.ask_id}: Rp {self.given + self.matched}"
