"""A monthly donation plan. Each month's charge is a ``Donation`` (see ``Donation.recurring``)."""
from django.db import models
from django.utils.translation import gettext_lazy as _

MANAGE_SALT = "lokadaya.donation.recurring.manage"


class RecurringDonation(models.Model):
    """A donor's promise to give ``amount`` every month to one ask of one campaign, until stopped.

    Money moves only in the charges (ordinary donations); the plan holds no money of its own.
    """

    class Status(models.TextChoices):
        #: Waiting for the first month's payment (which also saves the card or wallet, if any).
        PENDING = "pending", _("Waiting for the first payment")
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        #: Charges kept failing: stopped by the platform, the donor was told.
        FAILED = "failed", _("Stopped after failed payments")
        STOPPED = "stopped", _("Stopped")

    #: Statuses in which the worker makes the month's charge.
    CHARGING = (Status.ACTIVE,)

    campaign = models.ForeignKey("campaigns.CampaignPage", on_delete=models.PROTECT,
                                 related_name="recurring_donations", verbose_name=_("campaign"))
    ask_id = models.CharField(_("ask"), max_length=64)
    fundraiser = models.ForeignKey("donation.Fundraiser", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="recurring_donations", verbose_name=_("fundraiser"))
    name = models.CharField(_("name"), max_length=150, blank=True)
    email = models.EmailField(_("email"), db_index=True)
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    wants_updates = models.BooleanField(_("wants campaign updates"), default=False)
    message = models.TextField(_("message"), blank=True, max_length=1000)
    language = models.CharField(_("language"), max_length=10, blank=True)
    amount = models.DecimalField(_("monthly amount (Rp)"), max_digits=15, decimal_places=0)
    #: The django-payments variant each charge is made with (its provider charges a saved card or
    #: wallet, or, for bank transfer, sends a monthly reminder with a fresh unique code).
    method = models.CharField(_("payment method"), max_length=255)
    saved_method = models.ForeignKey("gateways.SavedPaymentMethod", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="plans",
                                     verbose_name=_("saved card or wallet"))
    #: The day of the month charges fall on (1-28, so that every month has it).
    charge_day = models.PositiveSmallIntegerField(_("charge day"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING,
                              db_index=True)
    next_charge_on = models.DateField(_("next charge"), null=True, blank=True, db_index=True)
    #: Failed attempts at the current month's charge (reset when a charge succeeds).
    failed_attempts = models.PositiveSmallIntegerField(_("failed attempts"), default=0)
    #: Months in a row that ended without money (bank transfer reminders left unpaid, charges
    #: that failed every retry).
    missed_months = models.PositiveSmallIntegerField(_("months missed in a row"), default=0)
    status_reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    stopped_at = models.DateTimeField(_("stopped"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("monthly donation")
        verbose_name_plural = _("monthly donations")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="recurring_amount_positive"),
            models.CheckConstraint(condition=models.Q(charge_day__gte=1, charge_day__lte=28),
                                   name="recurring_charge_day_1_28"),
        ]
        indexes = [models.Index(fields=["campaign", "status"])]

    def __str__(self):
        return f"{self.email}: Rp {self.amount} / month"

    @property
    def public_name(self):
        if self.is_anonymous or not self.name:
            return str(_("Anonymous"))
        return self.name

    def manage_token(self):
        """The signed token of the donor's page for this plan (no sign-in needed)."""
        from django.core import signing

        return signing.dumps(self.pk, salt=MANAGE_SALT, compress=True)

    def get_manage_url(self):
        from django.urls import reverse

        return reverse("donation:recurring_manage", kwargs={"token": self.manage_token()})

